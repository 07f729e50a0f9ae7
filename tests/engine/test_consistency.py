"""Surrogates and date shifts are consistent per patient, across documents and processes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

NOTE = "Seen by Dr. Okonkwo on 03/14/2024 at 41 Beacon Street. MRN: 4829130. Call (617) 555-0142.\n"


def _cli(args, home: Path, stdin: str) -> str:
    env = {**os.environ, "PHIDEID_HOME": str(home), "PHIDEID_SECRET_KEY": "ab" * 32}
    out = subprocess.run(
        [sys.executable, "-m", "phideid.cli", *args], input=stdin, capture_output=True, text=True, env=env,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_same_note_same_patient_same_output_in_two_processes(tmp_path):
    first = _cli(["deidentify", "--patient-id", "MRN-1"], tmp_path, NOTE)
    second = _cli(["deidentify", "--patient-id", "MRN-1"], tmp_path, NOTE)
    assert first == second
    assert "Okonkwo" not in first and "03/14/2024" not in first


def test_another_patient_gets_another_date_shift(engine):
    shifts = {
        engine.deidentify("Admitted 01/15/2024.", patient_id=f"MRN-{i}").text for i in range(8)
    }
    assert len(shifts) > 1


def _dates(text: str) -> list[date]:
    return [date(int(y), int(m), int(d)) for m, d, y in re.findall(r"(\d{2})/(\d{2})/(\d{4})", text)]


def test_two_notes_of_one_patient_keep_the_interval_between_their_dates(engine):
    a = engine.deidentify("Admitted 01/30/2024 for CHF.", patient_id="MRN-77").text
    b = engine.deidentify("Follow-up visit 03/02/2024.", patient_id="MRN-77").text
    (da,), (db,) = _dates(a), _dates(b)
    assert da != date(2024, 1, 30)
    assert (db - da).days == (date(2024, 3, 2) - date(2024, 1, 30)).days


def test_dr_smith_and_smith_get_the_same_surrogate_surname(engine):
    note = "Dr. Smith saw the patient. Plan per Dr. Smith and Smith, MD."
    out = engine.deidentify(note, patient_id="p").text
    names = re.findall(r"Dr\. (\w+)", out) + re.findall(r"(\w+), MD", out)
    assert len(names) == 3 and len(set(names)) == 1 and names[0] != "Smith"


def test_safe_harbor_keeps_years_only(engine):
    out = engine.deidentify(
        "Admitted 03/14/2024, seen again March 28th, 2024 and on 2024-04-02.", policy="safe-harbor"
    ).text
    assert re.findall(r"\d+", out) == ["2024", "2024", "2024"]


def test_safe_harbor_groups_ages_over_89_and_zip_to_three_digits(engine):
    out = engine.deidentify("93 yo F from Boston, MA 02108; 70 yo husband.", policy="safe-harbor").text
    assert "93" not in out and "90+" in out
    assert "02108" not in out and "021" in out
    assert "70 yo" in out  # ages under 90 are not PHI
