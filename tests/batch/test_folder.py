"""A folder in, a mirror out: every good file de-identified and valid in its format, every bad one in the
error report (by code, without PHI), and a rerun that redoes only what changed or failed."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pydicom

from eval.leaks import occurs
from phideid.audit import AuditQuery, default_audit_url, open_trail
from phideid.formats.hl7v2.er7 import parse_er7
from tests.batch.conftest import (
    GOOD,
    JUNK,
    NOTE,
    NOTE_CLINICAL,
    NOTE_IDS,
    PHI_NAME,
    error_report,
    make_mixed_folder,
    manifest_rows,
)
from tests.formats.dicom.builders import IDENTIFIERS as DICOM_IDS
from tests.formats.fhir.fixtures import SECRETS as FHIR_IDS
from tests.formats.hl7v2.conftest import ORU_IDENTIFIERS


def leaks(values, text: str) -> list[str]:
    return [v for v in values if occurs(v, text)]


def check_outputs(out) -> None:
    """Every good input has a valid, de-identified output at the same relative path."""
    for rel, fmt in GOOD.items():
        data = (out / rel).read_bytes()
        if fmt == "text":
            text = data.decode("utf-8")
            assert not leaks(NOTE_IDS, text), rel
            assert NOTE_CLINICAL in text
        elif fmt == "hl7v2":
            assert parse_er7(data).segments[0].name == "MSH"
            assert not leaks(ORU_IDENTIFIERS, data.decode())
        elif fmt == "fhir":
            assert json.loads(data)["resourceType"] == "Bundle"
            assert not leaks(FHIR_IDS, data.decode())
        else:
            ds = pydicom.dcmread(io.BytesIO(data))
            assert not leaks(DICOM_IDS, " ".join(str(e.value) for e in ds.iterall()))


def test_a_mixed_folder_is_mirrored_deidentified_and_junk_is_reported_without_phi(tmp_path, batch):
    src, out = make_mixed_folder(tmp_path / "in"), tmp_path / "out"

    # redact: random surrogates can collide with an identifier ("Springfield Regional Hospital"), tags cannot
    ran = batch(src, out, "--policy", "redact")

    assert ran.code == 1  # some inputs failed
    check_outputs(out)
    for rel in JUNK:  # nothing half done is written for a refused input
        assert not (out / rel).exists()
    assert not (out / "scans/report.pdf").exists() and not (out / ".DS_Store").exists()

    report = {(e["path"], e["code"]) for e in error_report(out)}
    assert report == {*JUNK.items(), ("scans/report.pdf", "unsupported_file_type")}
    report_text = (out / "errors.jsonl").read_text()
    assert not occurs("Rosalind", report_text) and not occurs("Hartigan", report_text.replace(
        "Hartigan_Rosalind", ""))  # only the local report's own paths may name anyone
    # stderr: counts and the report's path; never a file name (it may name a patient) or content
    assert "6 done, 4 failed, 0 unchanged (skipped), 1 unsupported" in ran.stderr
    assert str(out / "errors.jsonl") in ran.stderr
    assert not occurs("Hartigan", ran.stderr) and not occurs("Rosalind", ran.stderr)

    rows = manifest_rows(out)
    assert {p for p, r in rows.items() if r["status"] == "ok"} == set(GOOD)
    assert {p: r["error_code"] for p, r in rows.items() if r["status"] == "failed"} == JUNK
    assert all(r["policy"].startswith("redact@") and len(r["sha256"]) == 64 for r in rows.values())

    # the run is in the audit trail: the OS user, counts per chunk, refusals by code, no value
    trail = open_trail()
    records = trail.query(AuditQuery(channel="batch"))
    assert records and {r.action for r in records} == {"deidentify"}  # redact keeps no originals
    assert all(r.actor.startswith("user:") for r in records)
    assert sum(r.documents for r in records) == len(GOOD) + len(JUNK)
    assert sum(r.failed for r in records) == len(JUNK)
    assert {c for r in records for c in r.errors} == set(JUNK.values())
    stored = Path(default_audit_url()[len("file://"):]).read_text()
    assert not leaks([*NOTE_IDS, *ORU_IDENTIFIERS, *FHIR_IDS, *DICOM_IDS, "Hartigan"], stored)


def test_a_rerun_skips_finished_files_and_redoes_what_changed_or_failed(tmp_path, batch):
    src, out = make_mixed_folder(tmp_path / "in"), tmp_path / "out"
    assert batch(src, out).code == 1
    before = {rel: (out / rel).stat() for rel in GOOD}

    (src / "ward3/note-2.txt").write_text(NOTE + "Follow up with Dr. Philippa Cuddyer.\n")
    (src / "bad-utf8.txt").write_text(NOTE)  # fixed
    ran = batch(src, out)

    assert ran.code == 1  # the other junk still fails
    assert "2 done, 3 failed, 5 unchanged (skipped)" in ran.stderr
    rows = manifest_rows(out)
    redone = {"ward3/note-2.txt", "bad-utf8.txt"}
    for rel, stat in before.items():
        if rel not in redone:  # not rewritten: same inode, same modification time
            now = (out / rel).stat()
            assert (now.st_ino, now.st_mtime_ns) == (stat.st_ino, stat.st_mtime_ns), rel
            assert rows[rel]["attempts"] == 1
    assert rows["ward3/note-2.txt"]["attempts"] == 2
    assert not occurs("Cuddyer", (out / "ward3/note-2.txt").read_text())
    assert rows["bad-utf8.txt"]["status"] == "ok"
    assert {e["path"] for e in error_report(out)} == (set(JUNK) - {"bad-utf8.txt"}) | {"scans/report.pdf"}
    for rel in set(JUNK) - {"bad-utf8.txt"}:  # failed inputs are tried again on every run
        assert rows[rel]["attempts"] == 2


def test_another_policy_redoes_everything(tmp_path, batch):
    src, out = make_mixed_folder(tmp_path / "in"), tmp_path / "out"
    batch(src, out)
    ran = batch(src, out, "--policy", "redact")
    assert "6 done" in ran.stderr and "0 unchanged" in ran.stderr
    assert "[NAME]" in (out / PHI_NAME).read_text()
    assert all(r["policy"].startswith("redact@") for r in manifest_rows(out).values())


def test_an_all_good_folder_exits_0_and_usage_errors_exit_2(tmp_path, batch):
    src, out = tmp_path / "in", tmp_path / "out"
    (src / "a").mkdir(parents=True)
    (src / "a/note.txt").write_text(NOTE)
    ran = batch(src, out)
    assert ran.code == 0 and "1 done, 0 failed" in ran.stderr
    assert (out / "errors.jsonl").read_text() == ""
    assert batch(tmp_path / "missing", out).code == 2
    assert batch(src, out, "--policy", "no-such-policy").code == 2


def test_without_an_audit_record_no_output_is_written(tmp_path, batch, monkeypatch):
    src, out = make_mixed_folder(tmp_path / "in"), tmp_path / "out"
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    monkeypatch.setenv("PHIDEID_AUDIT_URL", f"file://{blocked / 'audit.jsonl'}")

    ran = batch(src, out, "--policy", "redact")

    assert ran.code == 1
    assert {e["code"] for e in error_report(out) if e["path"] in GOOD} == {"audit_error"}
    assert not [rel for rel in GOOD if (out / rel).exists()]

    # the trail back: a rerun redoes the failed files (the audit location is not an engine setting)
    monkeypatch.delenv("PHIDEID_AUDIT_URL")
    assert batch(src, out, "--policy", "redact").code == 1  # the junk still fails
    check_outputs(out)
