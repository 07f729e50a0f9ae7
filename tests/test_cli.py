"""The command line as a user runs it: a real process, real files, a real SQLite vault."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.engine.canary import CANARY_NOTE, leaked

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def run(tmp_path):
    env = {**os.environ, "PHIDEID_HOME": str(tmp_path / "home")}

    def _run(*args, stdin: str | None = None, extra_env: dict | None = None):
        return subprocess.run(
            [sys.executable, "-m", "phideid.cli", *args], input=stdin, capture_output=True, text=True,
            env={**env, **(extra_env or {})}, cwd=tmp_path, timeout=120,
        )

    return _run


def test_readme_sample_note_is_deidentified_on_embedded_defaults(run, tmp_path):
    out = run("deidentify", str(ROOT / "examples" / "note.txt"))
    assert out.returncode == 0, out.stderr
    phis = ("Jenkins", "00482913", "7734120058", "Wong", "Patel", "617) 555-0142", "h.jenkins", "123-45-6789")
    for phi in phis:
        assert phi not in out.stdout
    assert "Parkinson disease" in out.stdout and "BUN 42" in out.stdout
    # pseudonymize reads naturally: titles stay, every value has a surrogate of its kind, no type tags
    assert "Patient: Mr. " in out.stdout and "Attending: Dr. " in out.stdout
    assert "[" not in out.stdout, out.stdout
    assert (tmp_path / "home" / "secret.key").exists()  # created on first use, for the embedded defaults


def test_json_output_has_spans_and_a_report_without_phi(run, tmp_path):
    note = tmp_path / "note.txt"
    note.write_text(CANARY_NOTE)
    out = run("deidentify", str(note), "--format", "json", "--patient-id", "MRN-4829130", "-o", "out.json")
    assert out.returncode == 0, out.stderr
    doc = json.loads((tmp_path / "out.json").read_text())
    assert leaked(doc["text"]) == []
    assert doc["spans"] and {"start", "end", "type", "score", "source"} <= set(doc["spans"][0])
    assert doc["report"]["policy"]["name"] == "pseudonymize"
    assert leaked(json.dumps(doc["report"])) == [] and "4829130" not in json.dumps(doc["report"])
    assert leaked(out.stderr) == []


def test_errors_are_one_line_and_a_nonzero_exit(run):
    missing = run("deidentify", "no-such-note.txt")
    assert missing.returncode == 2
    assert missing.stderr.strip().count("\n") == 0 and "cannot read no-such-note.txt" in missing.stderr

    bad_policy = run("deidentify", "--policy", "nope", stdin="Dr. Wong")
    assert bad_policy.returncode == 2 and "no policy 'nope'" in bad_policy.stderr

    not_utf8 = subprocess.run(
        [sys.executable, "-m", "phideid.cli", "deidentify"], input=b"Dr. Wong \xff\xfe", capture_output=True,
        env={**os.environ}, timeout=120,
    )
    assert not_utf8.returncode == 2 and b"not UTF-8 text (bad byte at offset 9)" in not_utf8.stderr


def test_policies_are_listed_and_printable(run):
    listing = run("policies")
    assert listing.returncode == 0 and "safe-harbor" in listing.stdout
    shown = run("policies", "safe-harbor")
    assert "generalize.year.v1" in shown.stdout


def test_reidentification_needs_reveal_and_a_reason_and_every_attempt_is_audited(run, tmp_path):
    deid = run("deidentify", "--patient-id", "MRN-555", "--format", "json", stdin="Dr. Wong on 01/02/2024.")
    pseudonym = json.loads(deid.stdout)["report"]["patient"]

    no_flag = run("vault", "reidentify", "--pseudonym", pseudonym, "--reason", "IRB 2024-17 follow-up")
    assert no_flag.returncode == 2 and "--reveal" in no_flag.stderr and "MRN-555" not in no_flag.stdout
    no_reason = run("vault", "reidentify", "--reveal", "--pseudonym", pseudonym, "--reason", "  ")
    assert no_reason.returncode == 2 and "MRN-555" not in no_reason.stdout + no_reason.stderr

    ok = run("vault", "reidentify", "--reveal", "--pseudonym", pseudonym, "--reason", "IRB 2024-17 follow-up")
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.strip() == "MRN-555"

    records = [json.loads(line) for line in run("audit", "--format", "json").stdout.splitlines()]
    reid = [r for r in records if r["action"] == "reidentify"]
    assert [r["outcome"] for r in reid] == ["success", "denied", "denied"]  # newest first
    assert reid[0]["results"] == 1 and reid[0]["reason"] == "IRB 2024-17 follow-up"
    assert reid[0]["subject"] == pseudonym and reid[0]["actor"].startswith("user:")
    assert [r["errors"] for r in reid[1:]] == [{"missing_reason": 1}, {"missing_role": 1}]
    [deid_record] = [r for r in records if r["action"] == "pseudonymize"]
    assert deid_record["channel"] == "cli" and deid_record["documents"] == 1 and deid_record["phi"]
    trail = (tmp_path / "home" / "audit.jsonl").read_text()
    assert "MRN-555" not in trail and "Wong" not in trail and "01/02/2024" not in trail

    assert run("audit", "--verify").returncode == 0
    table = run("audit", "--action", "reidentify", "--outcome", "denied")
    assert table.returncode == 0 and table.stdout.count("denied") == 2

    info = run("vault", "info")
    assert info.returncode == 0 and "MRN-555" not in info.stdout


def test_key_rotation_keeps_surrogates_and_retires_the_old_key(run, tmp_path):
    first = run("deidentify", "--patient-id", "p", stdin="Dr. Wong on 01/02/2024.")
    new_key = tmp_path / "new.key"
    new_key.write_text("cd" * 32)
    assert run("vault", "rotate-key", "--new-key-file", str(new_key)).returncode == 0

    old = run("deidentify", "--patient-id", "p", stdin="Dr. Wong on 01/02/2024.")
    assert old.returncode == 2 and "does not open this vault" in old.stderr

    again = run("deidentify", "--patient-id", "p", stdin="Dr. Wong on 01/02/2024.",
                extra_env={"PHIDEID_SECRET_KEY_FILE": str(new_key)})
    assert again.returncode == 0 and again.stdout == first.stdout


def test_an_unexpected_failure_prints_no_content(monkeypatch, capsys):
    from phideid import cli
    from phideid.deidentifier import Deidentifier

    def broken(self, text, **kwargs):
        raise KeyError(text)  # a bug whose message would quote the note

    monkeypatch.setattr(Deidentifier, "deidentify", broken)
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"Mr. Secretname here")))
    assert cli.main(["deidentify"]) == 70
    err = capsys.readouterr().err
    assert "KeyError" in err and "Secretname" not in err


def test_empty_input_and_json_that_is_no_fhir_are_refused_in_one_line(run, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "config.json").write_text('{"foo": 1, "owner": "Dr. Wong"}')
    empty = run("deidentify", "empty.txt")
    assert empty.returncode == 2 and "the input is empty" in empty.stderr and empty.stdout == ""
    config = run("deidentify", "config.json")
    assert config.returncode == 2 and "no FHIR resource" in config.stderr and "Wong" not in config.stderr
    as_note = run("deidentify", "config.json", "--input-format", "text")
    assert as_note.returncode == 0, as_note.stderr
    assert '"foo": 1' in as_note.stdout and "Wong" not in as_note.stdout


def test_eval_formats_fails_on_a_missing_path(run):
    missing = run("eval-formats", "no-such-folder")
    assert missing.returncode != 0 and "no such file or folder" in missing.stderr


def test_a_dicom_output_is_never_written_to_a_terminal(tmp_path):
    import pty

    dicom = tmp_path / "image.dcm"
    dicom.write_bytes(b"\0" * 128 + b"DICM" + b"\x02\x00\x00\x00UL\x04\x00\x00\x00\x00\x00")
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "phideid.cli", "deidentify", str(dicom)], stdout=follower,
            stderr=subprocess.PIPE, env={**os.environ, "PHIDEID_HOME": str(tmp_path / "home")}, timeout=120,
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert done.returncode == 2 and b"binary DICOM file: give -o FILE" in done.stderr
