"""Shared helpers of the surrogate transforms: parameter checks, keyed choices, seeded Faker, case.

Every random choice here is drawn from ``SurrogateContext.digest``/``seed`` (HMAC-SHA256 under the secret
surrogate key), never from Python's ``hash()`` or the global ``random`` state, so a surrogate is the same
in every process and run and cannot be computed from the PHI without the key.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

from faker import Faker

from phideid.errors import PolicyError
from phideid.surrogates.base import SurrogateContext

T = TypeVar("T")

DIGITS = "0123456789"
UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
LOWER = "abcdefghijklmnopqrstuvwxyz"

#: how many salted draws a transform tries before it falls back to a deterministic tweak
MAX_TRIES = 16


# --- parameters --------------------------------------------------------------------------------------


def reject_unknown(transform: str, unknown: Mapping[str, object]) -> None:
    """Raise ``PolicyError`` naming the parameters ``transform`` does not take."""
    if unknown:
        names = ", ".join(sorted(unknown))
        raise PolicyError(f"{transform}: unknown parameter(s) {names}; see the transform's docstring")


def check_text(transform: str, param: str, value: object, *, allow_empty: bool = False) -> str:
    """A string parameter: must be a ``str`` (non-empty unless ``allow_empty``) without surrounding spaces."""
    if not isinstance(value, str):
        raise PolicyError(f"{transform}: parameter {param!r} must be a string, got {type(value).__name__}")
    if not value and not allow_empty:
        raise PolicyError(f"{transform}: parameter {param!r} must not be empty")
    if value != value.strip():
        raise PolicyError(f"{transform}: parameter {param!r} must not start or end with spaces")
    return value


def check_bool(transform: str, param: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise PolicyError(
            f"{transform}: parameter {param!r} must be true or false, got {type(value).__name__}"
        )
    return value


# --- keyed randomness --------------------------------------------------------------------------------


def keyed_int(ctx: SurrogateContext, *parts: str) -> int:
    """A 256-bit integer keyed by the secret: HMAC of ``parts``."""
    return int.from_bytes(ctx.digest(*parts), "big")


def keyed_choice(ctx: SurrogateContext, options: Sequence[T], *parts: str) -> T:
    """One of ``options``, chosen by the keyed digest of ``parts`` (uniform up to a 2**-200 bias)."""
    return options[keyed_int(ctx, *parts) % len(options)]


def keyed_bytes(ctx: SurrogateContext, n: int, *parts: str) -> bytes:
    """``n`` keyed pseudo-random bytes: HMAC blocks of ``parts`` with a block counter."""
    out = bytearray(ctx.digest(*parts))
    block = 1
    while len(out) < n:
        out += ctx.digest(*parts, f"#{block}")
        block += 1
    return bytes(out[:n])


def reshape(value: str, stream: bytes, *, first_digit: str | None = None) -> str:
    """``value`` with each digit, upper- and lower-case letter replaced by a keyed one of the same class.

    Punctuation, spaces and every other character are kept, so the shape (length, separators, letter
    and digit positions, case) of the original survives. Digits and letters of any script are replaced
    too (by ASCII ones: lower-case stays lower-case, any other letter becomes upper-case), so nothing
    identifying passes through. ``stream`` must hold ``len(value)`` bytes. ``first_digit`` forces the
    first digit (an SSN surrogate starts with 9).
    """
    out = []
    seen_digit = False
    for ch, b in zip(value, stream, strict=False):
        if ch.isdecimal():
            if first_digit is not None and not seen_digit:
                out.append(first_digit)
            else:
                out.append(DIGITS[b % 10])
            seen_digit = True
        elif ch.isalpha():
            out.append(LOWER[b % 26] if ch.islower() else UPPER[b % 26])
        else:
            out.append(ch)
    return "".join(out)


def bump(value: str) -> str:
    """A deterministic last resort that makes ``value`` differ: the last digit or letter moves on by one."""
    chars = list(value)
    for i in range(len(chars) - 1, -1, -1):
        ch = chars[i]
        for alphabet in (DIGITS, UPPER, LOWER):
            if ch in alphabet:
                chars[i] = alphabet[(alphabet.index(ch) + 1) % len(alphabet)]
                return "".join(chars)
    return value + "0"


def first_distinct(original: str, draw: Callable[[int], str], *, fold_case: bool = True) -> str | None:
    """The first of ``draw(0)``, ``draw(1)``... that differs from ``original`` (ignoring case if
    ``fold_case``), or None after ``MAX_TRIES`` draws. ``draw(salt)`` must be a keyed function of salt."""
    target = original.casefold() if fold_case else original
    for salt in range(MAX_TRIES):
        candidate = draw(salt)
        if (candidate.casefold() if fold_case else candidate) != target:
            return candidate
    return None


def salted(parts: tuple[str, ...], salt: int) -> tuple[str, ...]:
    """Digest parts for try number ``salt``: try 0 uses ``parts`` unchanged."""
    return parts if salt == 0 else (*parts, f"salt{salt}")


# --- Faker -------------------------------------------------------------------------------------------

_local = threading.local()


def seeded_faker(seed: int, locale: str = "en_US") -> Faker:
    """A Faker for ``locale``, cached per thread and re-seeded with ``seed`` (``seed_instance``) per call.

    One instance per thread, because seeding and drawing must not interleave between threads.
    """
    cache: dict[str, Faker] | None = getattr(_local, "fakers", None)
    if cache is None:
        cache = _local.fakers = {}
    faker = cache.get(locale)
    if faker is None:
        faker = cache[locale] = Faker(locale)
    faker.seed_instance(seed)
    return faker


# --- case --------------------------------------------------------------------------------------------


def match_case(original: str, surrogate: str) -> str:
    """``surrogate`` in the case of ``original``: UPPER, lower, or as generated (Title) otherwise."""
    letters = [c for c in original if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return surrogate.upper()
    if letters and all(c.islower() for c in letters):
        return surrogate.lower()
    return surrogate


def tag(phi_type: object) -> str:
    """The redaction tag of a type, such as ``[DATE]``, used where a value cannot be parsed."""
    return f"[{getattr(phi_type, 'value', phi_type)}]"
