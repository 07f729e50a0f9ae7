"""The vault contract: per-patient pseudonyms and date offsets, the surrogate key, the value map.

The vault is the only state of the engine. It holds, per patient, a random pseudonym and a random,
never-zero date offset (so intervals between one patient's dates hold across documents and processes),
the secret key that seeds every surrogate, and, where a policy keeps re-identification possible, the map
from surrogates back to originals. Originals and patient ids are stored only encrypted (AES-GCM) or as
keyed hashes: the database file alone reveals no PHI.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from phideid.types import PhiType

#: largest absolute date offset in days; offsets are drawn uniformly from [-MAX, -1] and [1, MAX].
#: Not 365: a shift of a whole year keeps every month and day, so it would hide nothing but the year.
MAX_DATE_OFFSET_DAYS = 364


def new_date_offset() -> int:
    """A random date offset in days, uniform over [-364, -1] and [1, 364]: never zero, never a year."""
    magnitude = secrets.randbelow(MAX_DATE_OFFSET_DAYS) + 1
    return magnitude if secrets.randbelow(2) else -magnitude


@dataclass(frozen=True)
class PatientRecord:
    """What the engine needs of one patient: a stable pseudonym and the patient's date offset."""

    pseudonym: str
    date_offset_days: int


@dataclass(frozen=True)
class OriginalValue:
    """One entry of the value map: ``surrogate`` stood for ``original`` in ``patient``'s documents."""

    patient: str | None  # the patient's pseudonym, None when the document named no patient
    phi_type: PhiType
    surrogate: str
    original: str = field(repr=False)


class Vault(Protocol):
    def surrogate_key(self) -> bytes:
        """The secret 32-byte key that seeds surrogates; the same for every process on this vault."""

    def patient(self, patient_id: str) -> PatientRecord:
        """Get or create the record of ``patient_id``; race-free across processes."""

    def remember(self, entries: Sequence[OriginalValue]) -> None:
        """Store value-map entries (encrypted) in one transaction; duplicates are ignored."""

    def lookup_patient(self, pseudonym: str) -> str | None:
        """The original patient id behind ``pseudonym``. Unaudited: callers go through
        ``phideid.reidentify``, which checks the role and reason and writes the audit trail."""

    def lookup_values(
        self, surrogate: str, *, phi_type: PhiType | None = None, patient: str | None = None
    ) -> list[OriginalValue]:
        """The originals a surrogate stood for. Unaudited, as ``lookup_patient``."""

    def rotate_key(self, new_secret: bytes) -> None:
        """Re-wrap the vault's data keys under a new secret; surrogates stay the same."""

    def stats(self) -> dict[str, int]:
        """Counts of patients and value-map entries; no values."""

    def close(self) -> None: ...
