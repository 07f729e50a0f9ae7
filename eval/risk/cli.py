"""``phideid risk INPUT --quasi-identifiers COL,...``: how re-identifiable a released dataset is, and which
generalization makes it k-anonymous.

::

    phideid risk release.csv --quasi-identifiers age,zip,birth_date,sex --sensitive diagnosis \\
        --k 5 --max-suppression 0.05 --json risk.json --html risk.html --generalized release-k5.csv

Bad input is an ``InputError`` (the ``phideid`` command prints it and exits 2); messages name files,
columns, options and counts, never a value of the data.
"""

from __future__ import annotations

import argparse
import json
import re
from fractions import Fraction
from pathlib import Path

from eval.risk.analysis import Settings, analyse, generalized_rows
from eval.risk.export import write_csv
from eval.risk.hierarchies import KINDS
from eval.risk.report import report_json, summary_text
from eval.risk.table import FORMATS, load_table
from phideid.errors import InputError


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="phideid risk",
        description="Re-identification risk of a released dataset (k-anonymity, l-diversity, prosecutor, "
        "journalist and marketer risk) and the generalizations that reach k. "
        "Reports never show record values.",
    )
    p.add_argument(
        "input", help="the dataset: CSV, JSONL, FHIR (JSON, Bundle, NDJSON) or HL7 v2; a file or folder"
    )
    p.add_argument(
        "--quasi-identifiers",
        required=True,
        metavar="COL,COL,...",
        help="columns an attacker may know (CSV header names, JSONL a.b keys, FHIR paths such as "
        "Patient.birthDate, HL7 v2 fields such as PID-7)",
    )
    p.add_argument("--sensitive", metavar="COL", help="the sensitive attribute, for l-diversity")
    p.add_argument(
        "--population",
        metavar="FILE",
        help="a population table in the same format, for journalist and marketer risk "
        "(default: the sample is taken as the population)",
    )
    p.add_argument(
        "--input-format",
        choices=("auto", *FORMATS),
        default="auto",
        help="the format of INPUT and --population (default: from the extension, else the content)",
    )
    p.add_argument("--threshold", default="0.2", help="a record is at risk above this risk (default 0.2)")
    p.add_argument("--k", default="5", help="the k the suggestions reach (default 5)")
    p.add_argument(
        "--max-suppression",
        default="0.05",
        help="the largest share of records a suggestion may remove (default 0.05)",
    )
    p.add_argument(
        "--ladder",
        action="append",
        default=[],
        metavar="COL=KIND",
        help=f"the generalization ladder of a column ({', '.join(KINDS)}); default: from its name "
        "and content; repeat or separate with commas",
    )
    p.add_argument("--json", metavar="OUT.json", help="write the full report as JSON")
    p.add_argument(
        "--html",
        metavar="OUT.html",
        help="write a self-contained HTML report with charts (needs phideid[report])",
    )
    p.add_argument(
        "--generalized",
        metavar="OUT.csv",
        help="write the dataset with the best suggestion applied and its suppressed records left out",
    )
    return p


def _fraction(option: str, text: str, *, low: Fraction, high: Fraction) -> Fraction:
    try:
        value = Fraction(text.strip())
    except (ValueError, ZeroDivisionError):
        value = None
    if value is None or not low <= value < high:
        raise InputError(
            f"{option} must be a number from {float(low):g} up to (not including) {float(high):g}"
        )
    return value


def _k(text: str) -> int:
    if not re.fullmatch(r"\s*\d{1,9}\s*", text) or int(text) < 2:
        raise InputError("--k must be a whole number of 2 or more")
    return int(text)


def _names(option: str, text: str) -> tuple[str, ...]:
    names = tuple(n.strip() for n in text.split(","))
    if not names or any(not n for n in names):
        raise InputError(f"{option}: give column names separated by commas, none empty")
    if len(set(names)) != len(names):
        raise InputError(f"{option}: a column is named twice")
    return names


def _ladders(specs: list[str], qis: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    pairs = []
    for spec in (s for item in specs for s in item.split(",") if s.strip()):
        column, sep, kind = spec.partition("=")
        column, kind = column.strip(), kind.strip()
        if not sep or column not in qis or kind not in KINDS:
            raise InputError(
                f"--ladder wants COL=KIND with COL a quasi-identifier and KIND one of {', '.join(KINDS)}"
            )
        pairs.append((column, kind))
    return tuple(pairs)


def settings_from(args: argparse.Namespace) -> Settings:
    qis = _names("--quasi-identifiers", args.quasi_identifiers)
    sensitive = args.sensitive.strip() if args.sensitive else None
    if sensitive is not None and sensitive in qis:
        raise InputError("--sensitive must not also be a quasi-identifier")
    return Settings(
        quasi_identifiers=qis,
        sensitive=sensitive,
        threshold=_fraction("--threshold", args.threshold, low=Fraction(0), high=Fraction(1)),
        k=_k(args.k),
        max_suppression=_fraction(
            "--max-suppression", args.max_suppression, low=Fraction(0), high=Fraction(1)
        ),
        ladder_kinds=_ladders(args.ladder, qis),
    )


def _write(path: str, text: str) -> None:
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot be written ({exc.strerror})") from None


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    settings = settings_from(args)
    if args.html:
        from eval.risk.plots import pyplot

        pyplot()  # fail before the work when the report extra is missing
    wanted = [*settings.quasi_identifiers, *([settings.sensitive] if settings.sensitive else [])]
    table = load_table(args.input, wanted, args.input_format)
    population = None
    if args.population:
        population = load_table(args.population, settings.quasi_identifiers, args.input_format)
    analysis = analyse(table, settings, population)
    written = []
    if args.html:
        from eval.risk.html import report_html

        _write(args.html, report_html(analysis))
        written.append(args.html)
    if args.json:
        _write(args.json, json.dumps(report_json(analysis), indent=2) + "\n")
        written.append(args.json)
    if args.generalized:
        if not analysis.suggestions:
            raise InputError(
                f"--generalized: no generalization reaches k={settings.k} within the suppression limit; "
                "nothing written"
            )
        write_csv(args.generalized, table.columns, generalized_rows(table, analysis, analysis.suggestions[0]))
        written.append(args.generalized)
    if not args.json and not args.html:
        print(summary_text(analysis), end="")
    for path in written:
        print(f"wrote {path}")
    return 0
