"""What every route needs, built once per process by the app factory and reached through a dependency."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from api.auth import bearer_token, key_matches
from api.batcher import MicroBatcher
from api.metrics import ApiMetrics
from api.problems import ApiProblem
from api.settings import ApiSettings
from phideid.deidentifier import ENGINE_VERSION, Deidentifier
from phideid.policy import BUILTIN


@dataclass
class ApiState:
    engine: Deidentifier
    settings: ApiSettings
    metrics: ApiMetrics
    batcher: MicroBatcher

    @property
    def detectors(self) -> str:
        """Detector names with their model versions, as the stream's ``phideid-detectors`` header has them."""
        names = []
        for d in self.engine.detectors:
            version = getattr(getattr(d, "info", None), "version", None)
            names.append(f"{d.name}:{version}" if version else d.name)
        return ",".join(names)

    @property
    def engine_version(self) -> str:
        return ENGINE_VERSION

    def policy(self, requested: str | None) -> str | None:
        """The policy to hand the engine: None for the server's default; a built-in by name.

        A caller may not name a file: policy names are paths on this server, and probing them would tell
        which files exist.
        """
        if requested is None or requested == self.engine.default_policy.name:
            return None
        if requested in BUILTIN:
            return requested
        raise ApiProblem(400, "policy_not_allowed", "that policy is not offered by this server; offered: "
                         f"{', '.join(sorted({*BUILTIN, self.engine.default_policy.name}))}")


def get_state(request: Request) -> ApiState:
    return request.app.state.phideid


State = Annotated[ApiState, Depends(get_state)]


def require_key(request: Request) -> None:
    """With API keys configured, a request needs ``Authorization: Bearer <key>`` (one of them)."""
    keys = get_state(request).settings.api_keys
    if not keys:
        return
    token = bearer_token(request.headers.get("authorization"))
    if token is None or not key_matches(token, keys):
        raise ApiProblem(401, "unauthorized", "a valid API key is needed: Authorization: Bearer <key>",
                         headers={"WWW-Authenticate": 'Bearer realm="phideid"'})


__all__ = ["ApiState", "State", "get_state", "require_key"]
