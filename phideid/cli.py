"""``phideid``: the command line. One composition root: it builds the engine from configuration.

Every failure is one line on stderr (``phideid: error: ...``) and a non-zero exit code; no message ever
carries the input's content.

Commands of the packages above the engine (``train``, ``eval``, ``bench``), and the engine's own reports
(``catalog``, ``audit``), are named in ``EDGE_COMMANDS`` by module path and imported only when run, so
importing ``phideid`` never imports them: the arrows of DESIGN.md still point down, and ``phideid
deidentify`` does not pay for torch or seqeval.
"""

from __future__ import annotations

import argparse
import getpass
import importlib
import json
import logging
import os
import sys
from pathlib import Path

from phideid.errors import InputError, PhideidError, ReidentificationDenied

EXIT_ERROR = 2
FORMAT_NAMES = ("text", "hl7v2", "fhir", "dicom")
EXIT_INTERNAL = 70  # EX_SOFTWARE

#: command -> (module with ``main(argv) -> int``, help line)
EDGE_COMMANDS: dict[str, tuple[str, str]] = {
    "train": ("training.cli",
              "fine-tune the PHI NER model at real PHI density and export it (needs [train])"),
    "federated": ("training.federated.cli",
                  "retrain the PHI NER model across hospital sites with Flower and DP-SGD (needs [train])"),
    "eval": ("eval.cli", "score detection against gold spans (token-level recall, seqeval per type)"),
    "eval-threshold": ("eval.threshold",
                       "recall, precision and false PHI per 1,000 tokens at each NER threshold, plotted"),
    "bench": ("eval.bench", "measure notes/s of the pipeline, the model and pattern recognizers"),
    "eval-formats": ("eval.formats", "de-identify HL7 v2 / FHIR / DICOM files and check validity and leaks"),
    "stream": ("stream.cli", "de-identify Kafka topics exactly once, with a dead-letter topic"),
    "broker": ("stream.broker", "run a local Kafka-compatible broker on 127.0.0.1 (development and tests)"),
    "stream-bench": ("stream.bench", "measure messages/s end to end through a local broker, by batch size"),
    "up": ("stream.up", "run the local broker, a stream worker and the REST API together (a first look)"),
    "serve": ("api.cli", "serve POST /deidentify over HTTP (FastAPI; API keys from PHIDEID_API_KEYS)"),
    "api-bench": ("api.bench", "measure requests/s and latency of the HTTP API by concurrency"),
    "batch": ("batch.cli", "de-identify a folder or JSONL/CSV archive into a mirror of it, resumably"),
    "risk": ("eval.risk.cli",
             "re-identification risk of a released dataset: k-anonymity, l-diversity, generalizations to k"),
    "catalog": ("phideid.catalog.cli",
                "map each field of a dataset or archive to the HIPAA identifiers it holds (never values)"),
    "eval-catalog": ("eval.catalog_check",
                     "check that the catalog finds every identifier field in sample files"),
    "audit": ("phideid.audit.cli", "query the audit trail of de-identifications and re-identifications"),
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in EDGE_COMMANDS:
        return _run_edge(argv[0], argv[1:])
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    try:
        return args.run(args)
    except PhideidError as exc:
        print(f"phideid: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        # a bug's message may quote the input (KeyError('Smith')): name the class only, unless the
        # operator asks for the traceback on a machine where PHI on the terminal is acceptable
        if os.environ.get("PHIDEID_TRACEBACK") == "1":
            raise
        print(
            f"phideid: internal error: {exc.__class__.__name__} (details withheld, they may hold PHI; "
            "set PHIDEID_TRACEBACK=1 to see them)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def _run_edge(command: str, argv: list[str]) -> int:
    module_name, _ = EDGE_COMMANDS[command]
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        print(
            f"phideid: error: '{command}' needs a package that is not installed ({exc.name}); "
            "install the extras: pip install 'phideid[all]' (torch==2.13.0 first)",
            file=sys.stderr,
        )
        return EXIT_ERROR
    try:
        return module.main(argv)
    except PhideidError as exc:
        print(f"phideid: error: {exc}", file=sys.stderr)
        return EXIT_ERROR


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="phideid",
        description="Clinical de-identification.",
        epilog="more: " + "; ".join(f"{name}: {help_}" for name, (_, help_) in EDGE_COMMANDS.items()),
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress (never content)")
    parser.add_argument("--config", help="engine config YAML (default: $PHIDEID_CONFIG, else built-in)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    deid = sub.add_parser(
        "deidentify", help="de-identify a note, HL7 v2 message, FHIR resource/bundle/NDJSON or DICOM file"
    )
    deid.add_argument("file", nargs="?", default="-", help="input file, or - for standard input")
    deid.add_argument("-o", "--output", default="-",
                      help="output file (written only when the whole payload is done), or - for stdout")
    deid.add_argument("--input-format", choices=("auto", *FORMAT_NAMES), default="auto",
                      help="the input's format (default: sniffed from the content)")
    deid.add_argument("--report", help="write the report (counts, actions, versions; never PHI) as JSON here")
    deid.add_argument("--policy", help="policy name (pseudonymize, safe-harbor, redact) or YAML path")
    deid.add_argument("--patient-id", help="patient key: consistent surrogates and date shift per patient")
    deid.add_argument("--model", help="NER model directory (default: $PHIDEID_MODEL_DIR or the shipped one)")
    deid.add_argument("--format", choices=("text", "json"), default="text",
                      help="for notes: text: the de-identified note; json: text, spans and report")
    deid.set_defaults(run=_deidentify)

    pol = sub.add_parser("policies", help="list the built-in policies, or print one")
    pol.add_argument("name", nargs="?", help="print this built-in policy's YAML")
    pol.set_defaults(run=_policies)

    vault = sub.add_parser("vault", help="inspect the vault, rotate its key, re-identify (audited)")
    vsub = vault.add_subparsers(dest="vault_command", required=True, metavar="ACTION")
    info = vsub.add_parser("info", help="counts of patients and value-map entries (never values)")
    info.set_defaults(run=_vault_info)
    rot = vsub.add_parser("rotate-key", help="re-wrap the vault under a new secret key")
    rot.add_argument("--new-key-file", required=True, help="file holding the new secret key")
    rot.set_defaults(run=_vault_rotate)
    reid = vsub.add_parser("reidentify", help="look up originals behind a pseudonym or surrogate (audited)")
    which = reid.add_mutually_exclusive_group(required=True)
    which.add_argument("--pseudonym", help="a patient pseudonym such as PT-...")
    which.add_argument("--surrogate", help="a surrogate value from de-identified output")
    reid.add_argument("--type", dest="phi_type", help="restrict a surrogate look-up to a PHI type")
    reid.add_argument("--patient", help="restrict a surrogate look-up to a patient pseudonym")
    reid.add_argument("--reveal", action="store_true",
                      help="confirm that originals (PHI) are to be shown; without it the attempt is refused "
                           "and audited")
    reid.add_argument("--reason", help="why (required; recorded in the audit trail, so name no patient)")
    reid.set_defaults(run=_vault_reidentify)
    return parser


def _engine(args: argparse.Namespace):
    from phideid.compose import build_deidentifier
    from phideid.config import load_config

    config = load_config(args.config)
    if getattr(args, "model", None):
        config = config.model_copy(update={"model_dir": Path(args.model)})
    return build_deidentifier(config)


def _read_input(name: str) -> bytes:
    try:
        return sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {name}: {exc.strerror}") from None


def _write_output(name: str, content: bytes) -> None:
    if name == "-":
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
        return
    path = Path(name)
    # write beside the target, then rename: a reader never sees a half-written file
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(content)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(f"cannot write {name}: {exc.strerror}") from None


def _deidentify(args: argparse.Namespace) -> int:
    from phideid.audit import deidentification_event
    from phideid.formats import sniff_format

    data = _read_input(args.file)
    engine = _engine(args)
    trail = _trail(args)
    try:
        fmt = args.input_format if args.input_format != "auto" else sniff_format(data, engine.formats)
        if fmt == "dicom" and args.output == "-" and sys.stdout.isatty():
            # refused before any work: nothing is de-identified, audited or written
            raise InputError("the output would be a binary DICOM file: give -o FILE or redirect it to a file")
        if fmt == "text":
            text = engine.formats["text"].parse(data).text
            result = engine.deidentify(text, patient_id=args.patient_id, policy=args.policy)
            out, report = (result.text or "").encode("utf-8"), result.report
            if args.format == "json":
                document = {"text": result.text, "spans": [s.as_dict() for s in result.spans],
                            "report": report.as_dict() if report else None}
                out = (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
        else:
            if args.format == "json":
                raise InputError("--format json is for notes; use --report FILE for the report of a payload")
            done = engine.deidentify_payload(data, format=fmt, patient_id=args.patient_id, policy=args.policy)
            out, report = done.data or b"", done.report
        # no audit record, no output
        trail.append(deidentification_event("cli", _os_actor(), [result if fmt == "text" else done]))
    finally:
        engine.vault.close()
        trail.close()
    _write_output(args.output, out)
    if args.report and report is not None:
        _write_output(args.report, (json.dumps(report.as_dict(), indent=2) + "\n").encode("utf-8"))
    return 0


def _policies(args: argparse.Namespace) -> int:
    from phideid.policy import BUILTIN, load_policy
    from phideid.policy.model import builtin_policy_text

    if args.name:
        if args.name not in BUILTIN:
            raise InputError(f"no built-in policy {args.name!r}; built-in: {', '.join(BUILTIN)}")
        sys.stdout.write(builtin_policy_text(args.name))
        return 0
    for name in BUILTIN:
        policy = load_policy(name)
        print(f"{name:14} v{policy.version}  {policy.description}")
    return 0


def _os_actor() -> str:
    return f"user:{getpass.getuser()}"


def _trail(args: argparse.Namespace):
    from phideid.compose import build_audit_trail
    from phideid.config import load_config

    return build_audit_trail(load_config(args.config))


def _open_vault(args: argparse.Namespace):
    from phideid.config import load_config
    from phideid.vault import open_vault
    from phideid.vault.keys import default_vault_url, load_secret

    config = load_config(args.config)
    return open_vault(config.vault_url or default_vault_url(), load_secret())


def _vault_info(args: argparse.Namespace) -> int:
    vault = _open_vault(args)
    try:
        for name, count in vault.stats().items():
            print(f"{name}: {count}")
    finally:
        vault.close()
    return 0


def _vault_rotate(args: argparse.Namespace) -> int:
    from phideid.vault.keys import load_secret

    new_secret = load_secret({"PHIDEID_SECRET_KEY_FILE": args.new_key_file})
    from phideid.audit import AuditEvent

    vault = _open_vault(args)
    trail = _trail(args)
    try:
        vault.rotate_key(new_secret)
        trail.append(AuditEvent(channel="cli", actor=_os_actor(), action="rotate-key", outcome="success",
                                results=1))
    finally:
        vault.close()
        trail.close()
    print("vault key rotated: set PHIDEID_SECRET_KEY / PHIDEID_SECRET_KEY_FILE to the new key now")
    return 0


def _vault_reidentify(args: argparse.Namespace) -> int:
    from phideid.reidentify import Reidentifier
    from phideid.roles import Principal, Role
    from phideid.types import PhiType

    # on the command line the role is the explicit --reveal: whoever holds the secret key could decrypt
    # anyway; the flag and the reason make the intent deliberate, and both outcomes are audited
    principal = Principal(_os_actor(), "cli", frozenset({Role.REIDENTIFY}) if args.reveal else frozenset())
    phi_type = None
    if args.phi_type:
        try:
            phi_type = PhiType(args.phi_type.upper())
        except ValueError:
            raise InputError(f"unknown PHI type {args.phi_type!r}") from None
    vault = _open_vault(args)
    trail = _trail(args)
    try:
        gate = Reidentifier(vault, trail)
        try:
            if args.pseudonym:
                original = gate.patient(principal, args.pseudonym, reason=args.reason)
            else:
                found = gate.values(principal, args.surrogate, reason=args.reason, phi_type=phi_type,
                                    patient=args.patient)
        except ReidentificationDenied:
            missing = "--reveal" if not args.reveal else "a --reason"
            raise ReidentificationDenied(f"re-identification shows PHI: it needs {missing} (the refused "
                                         "attempt was audited)") from None
        if args.pseudonym:
            if original is None:
                raise InputError("no patient with that pseudonym in this vault")
            print(original)
        else:
            if not found:
                raise InputError("no original recorded for that surrogate")
            for entry in found:
                print(f"{entry.phi_type.value}\t{entry.patient or '-'}\t{entry.original}")
    finally:
        vault.close()
        trail.close()
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
