"""What every replacement of a PHI value receives: the ``Transform`` contract and its context.

A transform is a pure function of (value, type, context). The context carries the secret surrogate key
and the patient's date offset, so the same value of the same patient gets the same surrogate in every
process and run, and nothing is derived from the PHI without the key.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from typing import Protocol

from phideid.registry import Registry
from phideid.types import PhiType


@dataclass(frozen=True)
class SurrogateContext:
    """Per-patient inputs of a transform.

    ``key`` is the vault's secret surrogate key (never logged, never in repr); ``scope`` is the patient's
    pseudonym, or "" when the document names no patient; ``date_offset_days`` is that patient's random,
    never-zero shift; ``reference_year`` is the year ages and "90 or older" are counted from.
    """

    key: bytes = field(repr=False)
    date_offset_days: int
    scope: str = ""
    reference_year: int = 2026

    def digest(self, *parts: str) -> bytes:
        """HMAC-SHA256 under the secret key of the given parts (unambiguously joined)."""
        msg = "\x1f".join(parts).encode("utf-8")
        return hmac.new(self.key, msg, hashlib.sha256).digest()

    def seed(self, *parts: str) -> int:
        """A 64-bit integer seed for Faker or ``random.Random`` keyed by the secret."""
        return int.from_bytes(self.digest(*parts)[:8], "big")


class Transform(Protocol):
    """Replaces one PHI value with its surrogate, generalization or tag."""

    def __call__(self, value: str, phi_type: PhiType, ctx: SurrogateContext) -> str: ...


#: transform factories by versioned name; a policy rule ``{using: NAME, params: {...}}`` calls
#: ``transforms.get(NAME)(**params)`` to build its transform once, when the policy is loaded
transforms: Registry[type] = Registry("transform")
