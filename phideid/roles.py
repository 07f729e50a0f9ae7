"""Who is asking, and what they may do: principals and their roles.

Three roles, granted separately (an ``admin`` may read the audit trail but does not re-identify unless
also granted ``reidentify``: separation of duties):

- ``deidentify``: send documents through the engine;
- ``reidentify``: look up originals behind pseudonyms and surrogates (every call audited, with a reason);
- ``admin``: read the audit trail, rotate the vault key.

A principal's ``actor`` is what the audit trail records: an API key's id (never the key), an OS user, a
stream's consumer group. It is chosen by the operator, never taken from a document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from phideid.errors import ConfigError


class Role(StrEnum):
    DEIDENTIFY = "deidentify"
    REIDENTIFY = "reidentify"
    ADMIN = "admin"


#: what an API key may do when its entry names no roles
DEFAULT_ROLES = frozenset({Role.DEIDENTIFY})

_ACTOR = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@:-]{0,127}")


@dataclass(frozen=True)
class Principal:
    """An authenticated caller: ``actor`` for the audit trail, ``channel`` it came through, its roles."""

    actor: str
    channel: str
    roles: frozenset[Role] = field(default_factory=frozenset)

    def may(self, role: Role) -> bool:
        return role in self.roles


def parse_roles(text: str, *, where: str) -> frozenset[Role]:
    """``"deidentify+reidentify"`` (``+`` or ``|`` between names) as roles; a ConfigError names a bad one."""
    roles = set()
    for name in re.split(r"[+|]", text):
        name = name.strip().lower()
        if not name:
            continue
        try:
            roles.add(Role(name))
        except ValueError:
            raise ConfigError(
                f"{where}: unknown role {name[:32]!r}; roles: {', '.join(r.value for r in Role)}"
            ) from None
    if not roles:
        raise ConfigError(f"{where}: no role named")
    return frozenset(roles)


def check_actor(actor: str, *, where: str) -> str:
    """An actor name as the audit trail stores it: letters, digits and ``._@:-``, up to 128 characters."""
    if not _ACTOR.fullmatch(actor):
        raise ConfigError(
            f"{where}: an id must be 1-128 letters, digits or ._@:- (starting with a letter or digit)"
        )
    return actor


__all__ = ["DEFAULT_ROLES", "Principal", "Role", "check_actor", "parse_roles"]
