"""What every route needs, built once per process by the app factory and reached through a dependency."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool

from api.auth import authenticate, bearer_token
from api.batcher import MicroBatcher
from api.metrics import ApiMetrics
from api.problems import ApiProblem
from api.settings import ApiSettings
from phideid.audit import AuditEvent, AuditTrail
from phideid.deidentifier import ENGINE_VERSION, Deidentifier
from phideid.policy import BUILTIN
from phideid.roles import DEFAULT_ROLES, Principal, Role

#: who calls a server without keys (loopback only): it may de-identify, nothing more
LOOPBACK = Principal("anonymous@loopback", "api", DEFAULT_ROLES)


@dataclass
class ApiState:
    engine: Deidentifier
    settings: ApiSettings
    metrics: ApiMetrics
    batcher: MicroBatcher
    trail: AuditTrail

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


def principal(request: Request) -> Principal:
    """Who calls: with API keys configured, the key of ``Authorization: Bearer <key>`` (else 401)."""
    keys = get_state(request).settings.api_keys
    if not keys:
        return LOOPBACK
    token = bearer_token(request.headers.get("authorization"))
    key = authenticate(token, keys) if token is not None else None
    if key is None:
        raise ApiProblem(401, "unauthorized", "a valid API key is needed: Authorization: Bearer <key>",
                         headers={"WWW-Authenticate": 'Bearer realm="phideid"'})
    return Principal(f"key:{key.id}", "api", key.roles)


Caller = Annotated[Principal, Depends(principal)]


def require(role: Role, action: str):
    """A dependency that lets through callers with ``role``; a refusal is a 403, and it is audited."""

    async def check(request: Request, who: Caller) -> Principal:
        if who.may(role):
            return who
        state = get_state(request)
        event = AuditEvent(channel="api", actor=who.actor, action=action, outcome="denied", documents=0,
                           errors={"missing_role": 1})
        await run_in_threadpool(state.trail.append, event)
        raise ApiProblem(403, "forbidden", f"this API key lacks the '{role}' role; the attempt was audited")

    return check


__all__ = ["ApiState", "Caller", "LOOPBACK", "State", "get_state", "principal", "require"]
