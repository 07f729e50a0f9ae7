"""``phideid batch INPUT OUTPUT``: de-identify a folder or a JSONL/CSV archive into a mirror of it.

::

    phideid batch notes/ deid/ --jobs 2                       # notes, HL7 v2, FHIR, DICOM, recursively
    phideid batch notes.csv deid/ --text-column note --id-column note_id --patient-column mrn
    phideid batch archive/ --to-kafka notes.raw --bootstrap kafka:9092   # let the stream workers do it

Rerunning the same command resumes: what the manifest (``OUTPUT/.phideid-manifest.sqlite``) records as
done with unchanged content and settings is skipped; changed and failed inputs are redone. Bad inputs are
listed in ``OUTPUT/errors.jsonl``. Exit status: 0 all done, 1 some input failed, 2 usage or configuration
error.

Archive columns: the text column is de-identified, the id column is kept as it is (it is how rows are
joined back; if it is itself an identifier such as an MRN, map it first). Every other column may hold PHI
(names, dates, addresses in free-form columns), so none is written unless named with ``--keep-column`` or
kept all with ``--keep-all-columns``; the patient column is dropped unless named with ``--keep-column``.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from batch.inputs import ArchiveColumns
from phideid.config import load_config
from phideid.errors import ConfigError, PhideidError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _client_setting(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise argparse.ArgumentTypeError("expected NAME=VALUE, e.g. -X security.protocol=SASL_SSL")
    return name.strip(), value


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("expected a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="phideid batch",
        description="De-identify a folder (notes .txt, HL7 v2 .hl7, FHIR .json/.ndjson, DICOM .dcm or no "
                    "extension) or a JSONL/CSV archive into OUTPUT, mirroring its layout and formats. "
                    "Resumable: rerun to finish an interrupted run or redo changed and failed inputs.")
    p.add_argument("input", type=Path, help="a folder (read recursively), a file, or a .jsonl/.csv archive")
    p.add_argument("output", type=Path, nargs="?", help="output folder (not with --to-kafka)")
    p.add_argument("--config", help="phideid config file (default: $PHIDEID_CONFIG, else built-in)")
    p.add_argument("--policy", help="policy name or file (default: the config's)")
    p.add_argument("--jobs", type=_positive, default=1, help="worker processes, each with its own engine")
    p.add_argument("--batch-size", type=_positive, default=32,
                   help="files or archive rows per engine call (one model call each; default 32)")
    p.add_argument("--quiet", action="store_true", help="no progress bar (it is off anyway when stderr is "
                                                        "not a terminal)")
    arch = p.add_argument_group("JSONL/CSV archives")
    arch.add_argument("--text-column", default="text", help="the column with the note (default: text)")
    arch.add_argument("--id-column", help="the row id, kept as it is in the output and named in errors")
    arch.add_argument("--patient-column",
                      help="the patient key: consistent surrogates per patient (dropped from the output)")
    arch.add_argument("--keep-column", action="append", default=[], metavar="NAME",
                      help="copy this column to the output unchanged (repeatable; it may hold PHI)")
    arch.add_argument("--keep-all-columns", action="store_true",
                      help="copy every other column unchanged (only when none can hold PHI)")
    kafka = p.add_argument_group("publishing to Kafka instead (for the stream workers)")
    kafka.add_argument("--to-kafka", metavar="TOPIC",
                       help="publish the raw records to TOPIC, key = path or id")
    kafka.add_argument("--bootstrap", help="Kafka bootstrap servers, HOST:PORT[,...]")
    kafka.add_argument("-X", dest="client", action="append", type=_client_setting, default=[],
                       metavar="NAME=VALUE", help="a Kafka producer setting (repeatable)")
    kafka.add_argument("--errors", type=Path, help="write the records that could not be published here")
    p.add_argument("-v", "--verbose", action="store_true", help="log engine batches (counts only, never PHI)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    p = parser()
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    columns = ArchiveColumns(args.text_column, args.id_column, args.patient_column, tuple(args.keep_column),
                             args.keep_all_columns)
    if not args.input.exists():
        print("phideid batch: error: INPUT does not exist", file=sys.stderr)
        return EXIT_USAGE
    try:
        if args.to_kafka:
            return _to_kafka(args, p, columns)
        if args.output is None:
            p.error("OUTPUT is required (or publish with --to-kafka TOPIC)")
        return _to_folder(args, columns)
    except PhideidError as exc:
        print(f"phideid batch: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _to_folder(args: argparse.Namespace, columns: ArchiveColumns) -> int:
    from batch.runner import BatchSettings, run_batch

    config = load_config(args.config)
    if args.policy:
        config = config.model_copy(update={"policy": args.policy})
    if args.input.resolve() == args.output.resolve():
        raise ConfigError("OUTPUT must not be INPUT itself")
    settings = BatchSettings(args.input, args.output, config, columns, args.jobs, args.batch_size,
                             progress=not args.quiet and sys.stderr.isatty())
    # SIGTERM stops like Ctrl-C: what finished is in the manifest, the rest is redone on the next run
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        summary = run_batch(settings)
    except KeyboardInterrupt:
        print("phideid batch: interrupted; run the same command again to resume", file=sys.stderr)
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)
    print(summary.line(), file=sys.stderr)
    return summary.exit_code


def _to_kafka(args: argparse.Namespace, p: argparse.ArgumentParser, columns: ArchiveColumns) -> int:
    from batch.kafka import publish

    if args.output is not None:
        p.error("--to-kafka publishes the input; give no OUTPUT folder")
    if not args.bootstrap:
        p.error("--to-kafka needs --bootstrap HOST:PORT")
    done = publish(args.input, args.to_kafka, args.bootstrap, dict(args.client), columns, args.errors)
    codes = ", ".join(f"{code}: {n}" for code, n in sorted(done.codes.items())) or "-"
    # counts and codes only: the paths that failed are in --errors, a local file
    print(f"phideid batch: published {done.sent}, failed {done.failed} ({codes}), unsupported "
          f"{done.unsupported}", file=sys.stderr)
    return done.exit_code


__all__ = ["main", "parser"]
