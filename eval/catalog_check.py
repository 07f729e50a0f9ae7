"""``phideid eval-catalog PATH...``: does the catalog find every field that holds a patient identifier?

For every HL7 v2, FHIR and DICOM file under the paths, the project's leak oracles
(``eval.leaks.<format>.identifiers``) read the patient identifiers independently of the handlers' rule
tables (names, ids, birth dates, addresses, phones, clinicians, institutions). Every field of the file
whose value contains one of them, as a whole word in any case (``eval.leaks.occurs``), is an identifier
field; the catalog of that file alone (``phideid.catalog``) must say the field holds PHI (some HIPAA
category). Printed per format: files, identifier fields, found, missed; missed fields are listed by path
only, never by value. Exit 1 on any miss. CI runs::

    phideid eval-catalog $PHIDEID_SHARED_DATA/hl7v2 $PHIDEID_SHARED_DATA/fhir $PHIDEID_SHARED_DATA/dicom
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from phideid.catalog.classify import ContentDetector
from phideid.catalog.cli import detector_for, reader_for
from phideid.catalog.scan import Cataloger
from phideid.catalog.sources import Reader, input_files
from phideid.config import load_config
from phideid.errors import InputError
from phideid.policy import Policy, load_policy

CHECKED_FORMATS = ("hl7v2", "fhir", "dicom")


@dataclass
class FileCheck:
    """One file: its format, the paths of its identifier fields, and those the catalog missed."""

    format: str
    identifier_fields: set[str] = field(default_factory=set)
    missed: set[str] = field(default_factory=set)
    error: str | None = None


def identifier_pattern(identifiers: set[str]) -> re.Pattern[str] | None:
    """Any of ``identifiers`` as a whole word, in any case (as ``eval.leaks.occurs`` searches)."""
    values = sorted({v.strip() for v in identifiers if v.strip()}, key=len, reverse=True)
    if not values:
        return None
    body = "|".join(re.escape(v) for v in values)
    return re.compile(rf"(?<![A-Za-z0-9])(?:{body})(?![A-Za-z0-9])", re.IGNORECASE)


def check_file(path: Path, fmt: str, data: bytes, reader: Reader, detector: ContentDetector,
               policy: Policy) -> FileCheck:
    oracle = importlib.import_module(f"eval.leaks.{fmt}")
    out = FileCheck(fmt)
    try:
        records = reader.records(fmt, data)
    except InputError as exc:
        out.error = exc.__class__.__name__
        return out
    pattern = identifier_pattern(oracle.identifiers(data))
    if pattern is None:
        return out
    out.identifier_fields = {leaf.path for record in records for leaf in record if pattern.search(leaf.value)}
    if not out.identifier_fields:
        return out
    cataloger = Cataloger(detector, policy)
    cataloger.add(fmt, records)
    phi = {f.path for f in cataloger.report().fields if f.phi}
    out.missed = out.identifier_fields - phi
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="phideid eval-catalog", description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", type=Path, help="folders or files of HL7 v2, FHIR and DICOM")
    parser.add_argument("--config", help="engine config YAML")
    parser.add_argument("--policy", help="policy name or YAML (default: the engine's)")
    parser.add_argument("--with-model", action="store_true",
                        help="content by the NER model too (default: pattern recognizers only, for speed)")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    config = load_config(args.config)
    reader = reader_for(config)
    detector = detector_for(config, no_model=not args.with_model)
    policy = load_policy(args.policy or config.policy)
    files: Counter[str] = Counter()
    fields: Counter[str] = Counter()
    found: Counter[str] = Counter()
    missed: dict[str, Counter[str]] = {}
    errors: Counter[str] = Counter()
    for path in input_files(args.paths):
        data = path.read_bytes()
        fmt = reader.format_of(path, data)
        if fmt not in CHECKED_FORMATS:
            continue
        result = check_file(path, fmt, data, reader, detector, policy)
        files[fmt] += 1
        if result.error is not None:
            errors[fmt] += 1
            continue
        fields[fmt] += len(result.identifier_fields)
        found[fmt] += len(result.identifier_fields - result.missed)
        for where in result.missed:
            missed.setdefault(fmt, Counter())[where] += 1
    seconds = time.perf_counter() - started
    print(f"{'format':8} {'files':>6} {'identifier fields':>18} {'found':>7} {'missed':>7}")
    for fmt in CHECKED_FORMATS:
        lost = sum(missed.get(fmt, Counter()).values())
        print(f"{fmt:8} {files[fmt]:6} {fields[fmt]:18} {found[fmt]:7} {lost:7}"
              + (f"  ({errors[fmt]} files unreadable)" if errors[fmt] else ""))
        for where, count in sorted(missed.get(fmt, Counter()).items()):
            print(f"  MISSED {where}  (in {count} files)")
    total_missed = sum(sum(c.values()) for c in missed.values())
    print(f"{sum(files.values())} files, {sum(fields.values())} identifier fields, "
          f"{sum(found.values())} found, {total_missed} missed in {seconds:.1f} s")
    return 1 if total_missed else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
