"""``surrogate.profession.v1``: an occupation replaced by another one from Faker's en_US job list.

Only the jobs that read naturally in a sentence are used (no "Engineer, civil" inversions or
parenthesised notes). Keyed by the lower-cased value; lower-case and UPPER-case originals keep their
case.
"""

from __future__ import annotations

from faker.providers.job.en_US import Provider as _EnUsJob

from phideid.surrogates._support import first_distinct, keyed_int, match_case, reject_unknown, salted, tag
from phideid.surrogates.base import SurrogateContext, transforms
from phideid.types import PhiType

PROFESSION = "surrogate.profession.v1"

JOBS: tuple[str, ...] = tuple(sorted(j for j in _EnUsJob.jobs if "," not in j and "(" not in j))


@transforms.register(PROFESSION)
class ProfessionSurrogate:
    """Replace a profession with another one ("teacher" -> "hydrologist"). Parameters: none."""

    name = PROFESSION

    def __init__(self, **unknown: object) -> None:
        reject_unknown(PROFESSION, unknown)

    def __call__(self, value: str, phi_type: PhiType, ctx: SurrogateContext) -> str:
        text = value.strip()
        if not any(c.isalpha() for c in text):
            return tag(phi_type)
        key = ("profession", text.lower())
        job = first_distinct(text, lambda salt: JOBS[keyed_int(ctx, *salted(key, salt)) % len(JOBS)])
        return match_case(text, job) if job is not None else tag(phi_type)
