"""Settings of ``phideid serve``, as validated data.

Each setting comes from (later wins): its default, ``PHIDEID_API_<NAME>`` environment variables, then the
command line. API keys come only from ``PHIDEID_API_KEYS`` (see ``api.auth``), never from a file in the
repository or the engine config. ``--workers N`` hands the resolved settings to its worker processes as
the same environment variables (``as_env``), so every process reads one spelling.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.auth import KEYS_VAR, ApiKey, check_keys, parse_key
from phideid.config import validated
from phideid.errors import ConfigError

ENV_PREFIX = "PHIDEID_API_"


class ApiSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    host: str = "127.0.0.1"
    port: int = Field(8080, ge=0, le=65535)
    workers: int = Field(1, ge=1, le=64)  # processes, each with its own model and micro-batcher
    max_body_bytes: int = Field(16 * 1024 * 1024, gt=0)  # one request body; 413 beyond
    max_batch: int = Field(64, ge=1, le=4096)  # documents per engine call (micro-batch)
    batch_wait_ms: float = Field(5.0, ge=0, le=10_000)  # how long a micro-batch may wait to fill
    max_batch_items: int = Field(1000, ge=1, le=100_000)  # documents in one POST /deidentify/batch
    # the secrets themselves: never printed (repr) nor passed on as settings (exclude)
    api_keys: tuple[ApiKey, ...] = Field((), repr=False, exclude=True)

    @field_validator("api_keys", mode="before")
    @classmethod
    def _keys(cls, value: object) -> object:
        """Entries may be given as text (``ID:KEY:ROLES``), as in ``PHIDEID_API_KEYS``."""
        if isinstance(value, list | tuple):
            return check_keys([parse_key(v) if isinstance(v, str) else v for v in value])
        return value

    def as_env(self) -> dict[str, str]:
        """The settings as ``PHIDEID_API_*`` variables (keys excluded: workers inherit PHIDEID_API_KEYS)."""
        return {ENV_PREFIX + name.upper(): str(value) for name, value in self.model_dump().items()}


def from_env(env: Mapping[str, str]) -> dict[str, object]:
    fields = set(ApiSettings.model_fields) - {"api_keys"}
    settings: dict[str, object] = {}
    for var, value in env.items():
        if not var.startswith(ENV_PREFIX) or var == KEYS_VAR:
            continue
        name = var[len(ENV_PREFIX):].lower()
        if name not in fields:
            raise ConfigError(f"{var} is not an API setting; known: "
                              f"{', '.join(ENV_PREFIX + f.upper() for f in sorted(fields))}, {KEYS_VAR}")
        settings[name] = value
    return settings


def build_settings(env: Mapping[str, str], cli: Mapping[str, object] | None = None,
                   api_keys: tuple[ApiKey, ...] = ()) -> ApiSettings:
    """Merge environment and command line (later wins) and validate; a bad value stops start-up."""
    data = from_env(env)
    data.update({k: v for k, v in (cli or {}).items() if v is not None})
    data["api_keys"] = api_keys
    return validated(ApiSettings, data, "API settings")


__all__ = ["ApiSettings", "ENV_PREFIX", "KEYS_VAR", "build_settings", "from_env"]
