"""The generalized dataset (``--generalized OUT.csv``): the suggested levels applied, suppressed records out.

CSV with the input's columns (for FHIR and HL7 v2: the quasi-identifiers and the sensitive attribute, as
named on the command line); a missing value is an empty cell.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from phideid.errors import InputError


def write_csv(path: str | Path, columns: Sequence[str], rows: Sequence[dict[str, str]]) -> None:
    """Write ``rows`` under a header of ``columns``."""
    try:
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            for row in rows:
                writer.writerow([row.get(c, "") for c in columns])
    except OSError as exc:
        raise InputError(f"{path}: cannot be written ({exc.strerror})") from None
