"""``phideid eval-formats DIR...``: de-identify every HL7 v2, FHIR and DICOM file under DIR and check it.

For each payload file (``.hl7``, ``.json``/``.ndjson`` holding FHIR, ``.dcm``/``.dicom`` or a DICOM file
without a suffix), the format is sniffed, the payload de-identified by the configured engine, and:

- the output must still be valid in its format (``eval.leaks.<format>.problems``);
- no patient identifier of the input may remain in it (``eval.leaks.<format>.identifiers``: names, IDs,
  birth dates, addresses, phones, institution, clinicians, read independently of the handler's rules),
  searched case-insensitively as whole words, also inside base64 text attachments of FHIR output. A hit
  under a surrogate policy is confirmed under ``redact``: a realistic surrogate can equal another name of
  the same input, which is a collision, not a leak.

Printed: one line per file (format, outcome, identifiers checked, leaks as masked shapes, never values)
and a summary; the exit code is 1 when any file leaks, breaks its format or fails to parse. A file refused
on purpose (a DICOM image that may have burned-in text) counts as refused, not failed: nothing was passed
on. CI runs this over ``../shared/data``::

    phideid eval-formats ../shared/data --detectors pattern
"""

from __future__ import annotations

import argparse
import base64
import binascii
import importlib
import re
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

from eval.leaks import occurs
from phideid.compose import build_deidentifier
from phideid.config import load_config
from phideid.deidentifier import Deidentifier, Payload, PayloadResult
from phideid.errors import DeidentificationError, InputError, PhideidError
from phideid.formats import sniff_format

SUFFIXES = {".hl7", ".json", ".ndjson", ".dcm", ".dicom", ""}
SKIP_NAMES = {"license", "readme", "readme.md", "license.txt"}
ALIASES = {"pattern": "detector.pattern.v1", "ner": "detector.ner.v1"}


def payload_files(roots: list[Path]) -> Iterator[Path]:
    """The payload files under ``roots``; a root that does not exist is an error, not "0 files"."""
    missing = [str(r) for r in roots if not r.exists()]
    if missing:
        raise InputError(f"no such file or folder: {', '.join(missing)}")
    for root in roots:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            if path.suffix.lower() in SUFFIXES and path.name.lower() not in SKIP_NAMES:
                yield path


def mask(value: str) -> str:
    """The shape of a value (``Dd/Dd/DDDD``, ``Aaaa``), safe to print."""
    return "".join("D" if c.isdigit() else "A" if c.isupper() else "a" if c.islower() else c for c in value)


def searchable(fmt: str, output: bytes) -> str:
    """The output as text to search for identifiers, with FHIR's base64 attachments decoded."""
    text = output.decode("latin-1" if fmt == "dicom" else "utf-8", errors="replace")
    if fmt == "fhir":
        decoded = []
        for blob in re.findall(r'"data"\s*:\s*"([A-Za-z0-9+/=\s]+)"', text):
            try:
                decoded.append(base64.b64decode(blob, validate=False).decode("utf-8", errors="replace"))
            except (binascii.Error, ValueError):
                continue
        text = "\n".join([text, *decoded])
    return text


def leaks(identifiers: set[str], text: str) -> list[str]:
    found = []
    for value in identifiers:
        value = value.strip()
        if len(value) < 3:  # initials and two-letter states match everywhere; they are not identifying
            continue
        if occurs(value, text):
            found.append(value)
    return found


def real_leaks(engine: Deidentifier, data: bytes, fmt: str, identifiers: set[str], output: bytes,
               policy: str | None) -> tuple[list[str], int]:
    """The identifiers of ``data`` still in ``output``, and how many more a surrogate merely equals.

    A realistic surrogate may equal another identifier of the same input ("Smith" for "Jones" where a
    Dr. Smith is named too, "Springfield Regional Hospital" where the patient lives in Springfield): it is
    a leak only if the value also survives under redact, where everything found becomes a tag (detection
    does not depend on the policy).
    """
    leaked = leaks(identifiers, searchable(fmt, output))
    if not leaked or policy == "redact":
        return leaked, 0
    [tagged] = engine.deidentify_payloads([Payload(data, fmt, None, "redact")])
    if tagged.error is not None:
        return leaked, 0
    survived = set(leaks(set(leaked), searchable(fmt, tagged.data)))
    return [v for v in leaked if v in survived], len(leaked) - len(survived)


def is_payload(path: Path, data: bytes, fmt: str) -> bool:
    """Skip what is not a message: JSON that is no FHIR (configurations), text files."""
    if fmt == "text":
        return False
    if fmt == "fhir" or path.suffix.lower() in {".json", ".ndjson"}:
        return fmt == "fhir"
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="phideid eval-formats", description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", type=Path, help="folders or files of HL7 v2, FHIR and DICOM")
    parser.add_argument("--policy", help="policy name or YAML (default: the engine's)")
    parser.add_argument("--detectors", help="comma-separated: pattern, ner (default: the engine's)")
    parser.add_argument("--config", help="engine config YAML")
    args = parser.parse_args(argv)

    config = load_config(args.config)
    if args.detectors:
        names = [ALIASES.get(n.strip(), n.strip()) for n in args.detectors.split(",") if n.strip()]
        config = config.model_copy(update={"detectors": names})
    engine = build_deidentifier(config)
    tally: Counter[str] = Counter()
    timing: dict[str, list[float]] = {}  # format -> seconds of de-identification per file
    started = time.perf_counter()
    try:
        for path in payload_files(args.paths):
            data = path.read_bytes()
            try:
                fmt = sniff_format(data, engine.formats)
            except InputError:  # empty, or JSON that is no FHIR (a configuration): no message
                continue
            if not is_payload(path, data, fmt):
                continue
            outcome, spent = _check(engine, path, data, fmt, args.policy)
            tally[outcome] += 1
            timing.setdefault(fmt, []).append(spent)
    finally:
        engine.vault.close()
    seconds = time.perf_counter() - started
    if not tally:
        print("no HL7 v2, FHIR or DICOM payload found under the paths given", file=sys.stderr)
        return 1
    print(
        f"\n{sum(tally.values())} files in {seconds:.1f} s: "
        + ", ".join(f"{n} {k}" for k, n in sorted(tally.items()))
    )
    for fmt, spent in sorted(timing.items()):
        mean_ms = 1000 * sum(spent) / len(spent)
        print(f"  {fmt:6} {len(spent):4} files, {mean_ms:7.1f} ms per file to de-identify")
    return 1 if tally["leaked"] or tally["invalid"] or tally["failed"] else 0


def _check(
    engine: Deidentifier, path: Path, data: bytes, fmt: str, policy: str | None
) -> tuple[str, float]:
    oracle = importlib.import_module(f"eval.leaks.{fmt}")
    began = time.perf_counter()
    [result] = engine.deidentify_payloads([Payload(data, fmt, None, policy)])
    spent = time.perf_counter() - began
    outcome = _judge(engine, oracle, path, data, fmt, policy, result)
    return outcome, spent


def _judge(
    engine: Deidentifier, oracle: ModuleType, path: Path, data: bytes, fmt: str, policy: str | None,
    result: PayloadResult,
) -> str:
    if result.error is not None:
        refused = isinstance(result.error, DeidentificationError)
        print(f"{fmt:6} {'refused' if refused else 'FAILED':8} {path}  ({result.error.code}: {result.error})")
        return "refused" if refused else "failed"
    try:
        problems = oracle.problems(data, result.data)
        identifiers = oracle.identifiers(data)
    except PhideidError as exc:
        print(f"{fmt:6} {'INVALID':8} {path}  ({exc.code})")
        return "invalid"
    leaked, collisions = real_leaks(engine, data, fmt, identifiers, result.data, policy)
    if problems:
        print(f"{fmt:6} {'INVALID':8} {path}  " + "; ".join(problems))
        return "invalid"
    if leaked:
        shapes = ", ".join(sorted(mask(v) for v in leaked))
        print(f"{fmt:6} {'LEAKED':8} {path}  {len(leaked)}/{len(identifiers)} identifiers remain: {shapes}")
        return "leaked"
    note = f" ({collisions} surrogates equal to another of its identifiers)" if collisions else ""
    print(f"{fmt:6} {'ok':8} {path}  {len(identifiers)} identifiers gone{note}")
    return "ok"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())


__all__ = ["leaks", "main", "mask", "real_leaks", "searchable"]
