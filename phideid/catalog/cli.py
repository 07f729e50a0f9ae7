"""``phideid catalog INPUT...``: map every field of files or folders to the HIPAA identifiers it holds.

Prints a table per format (field, records, values, distinct values, HIPAA categories with counts and
evidence, the three most common masked shapes, the policy's action, ``UNCOVERED``) and a summary line;
``--json OUT`` writes the same data. No value is ever printed: only counts and masked shapes. Exit 0, or
1 with ``--fail-on-uncovered`` when some field holds PHI the policy would pass through.

Examples::

    phideid catalog archive/ --policy safe-harbor --json catalog.json
    phideid catalog notes.csv --text-column note --keep-column zip --fail-on-uncovered --no-model
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path

from phideid.catalog.classify import ContentDetector
from phideid.catalog.report import CatalogReport, render_text
from phideid.catalog.scan import MAX_SCANNED, Cataloger
from phideid.catalog.sources import Reader, input_files
from phideid.catalog.tabular import ArchiveLayout
from phideid.compose import build_detectors
from phideid.config import EngineConfig, load_config
from phideid.errors import InputError
from phideid.formats import build_handlers
from phideid.policy import Policy, load_policy

NER = "detector.ner.v1"


def detector_for(config: EngineConfig, *, no_model: bool = False) -> ContentDetector:
    """The engine's configured detectors (without the NER model when ``no_model``)."""
    names = [n for n in config.detectors if not (no_model and n == NER)] or ["detector.pattern.v1"]
    return ContentDetector(build_detectors(config.model_copy(update={"detectors": names})))


def reader_for(config: EngineConfig, layout: ArchiveLayout | None = None) -> Reader:
    return Reader(build_handlers(config.format_options), layout or ArchiveLayout())


def catalog(paths: Iterable[Path], reader: Reader, detector: ContentDetector, policy: Policy,
            *, max_scanned: int = MAX_SCANNED) -> CatalogReport:
    """The catalog of every file under ``paths``."""
    cataloger = Cataloger(detector, policy, max_scanned=max_scanned)
    for path in input_files(list(paths)):
        source = reader.read(path)
        if source.error is not None:
            cataloger.report_data.unreadable[source.format or "unknown"] += 1
        elif source.format is None:
            cataloger.report_data.skipped += 1
        else:
            cataloger.add(source.format, source.records)
    return cataloger.report()


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="phideid catalog", description=__doc__.split("\n\n")[0])
    p.add_argument("inputs", nargs="+", type=Path, metavar="INPUT", help="files or folders (recursed)")
    p.add_argument("--policy", help="pseudonymize, safe-harbor, redact or a policy YAML (default: engine's)")
    p.add_argument("--config", help="engine config YAML (default: $PHIDEID_CONFIG, else built-in)")
    p.add_argument("--no-model", action="store_true", help="content by the pattern recognizers only (faster)")
    p.add_argument("--json", dest="json_out", type=Path, metavar="OUT", help="also write the catalog as JSON")
    p.add_argument("--fail-on-uncovered", action="store_true", help="exit 1 when a field is UNCOVERED")
    p.add_argument("--phi-only", action="store_true", help="list only the fields that hold PHI")
    p.add_argument("--max-scanned", type=int, default=MAX_SCANNED,
                   help=f"distinct values per field the detectors read, most common first ({MAX_SCANNED})")
    arch = p.add_argument_group("CSV/JSONL archives: the columns as 'phideid batch' would be run")
    arch.add_argument("--text-column", default="text", help="the column batch de-identifies (default: text)")
    arch.add_argument("--id-column", help="the row id column batch copies as it is")
    arch.add_argument("--keep-column", action="append", default=[], metavar="NAME",
                      help="a column batch copies as it is (repeatable)")
    arch.add_argument("--keep-all-columns", action="store_true", help="batch copies every column")
    return p


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    if args.max_scanned < 1:
        raise InputError("--max-scanned must be 1 or more")
    config = load_config(args.config)
    policy = load_policy(args.policy or config.policy)
    layout = ArchiveLayout(args.text_column, args.id_column, tuple(args.keep_column), args.keep_all_columns)
    report = catalog(args.inputs, reader_for(config, layout), detector_for(config, no_model=args.no_model),
                     policy, max_scanned=args.max_scanned)
    sys.stdout.write(render_text(report, phi_only=args.phi_only))
    if args.json_out is not None:
        try:
            args.json_out.write_text(json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n",
                                     encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot write the JSON catalog ({exc.strerror})") from None
    return 1 if args.fail_on_uncovered and report.uncovered else 0
