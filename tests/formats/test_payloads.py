"""The engine's payload path with a toy handler: batching, patient keys, field replacements, refusals.

The toy format is ``KEY=VALUE`` lines: ``name`` is a patient name, ``mrn`` the patient key, ``note`` free
text, ``born`` a date; anything else is kept. It stands in for HL7 v2, FHIR and DICOM, which have their
own tests; here only the engine's own logic is checked.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from phideid.deidentifier import Deidentifier, Payload
from phideid.errors import DeidentificationError, FormatError, InputError
from phideid.formats import build_handlers, sniff_format
from phideid.formats.base import FieldContext, patient_key
from phideid.policy import load_policy
from phideid.surrogates.base import SurrogateContext
from phideid.types import PhiType
from tests.engine.test_deidentifier import FixedDetector


class ToyPayload:
    def __init__(self, pairs):
        self.pairs = pairs
        self.patient_id = patient_key(dict(pairs).get("mrn"), "TOY")
        self.texts = [v for k, v in pairs if k == "note"]

    def render(self, fields: FieldContext, texts):
        notes = iter(texts)
        out = []
        for key, value in self.pairs:
            if key == "name":
                value = fields.replace(value, PhiType.PATIENT)
            elif key == "born":
                value = fields.replace(value, PhiType.DATE)
            elif key == "mrn":
                value = fields.replace(value, PhiType.MEDICALRECORD)
            elif key == "note":
                value = next(notes)
            elif key == "explode":
                raise RuntimeError(value)  # a handler bug whose message holds PHI
            out.append(f"{key}={value}")
        return "\n".join(out).encode()


class ToyHandler:
    name = "toy"
    media_type = "text/x-toy"

    def sniff(self, data):
        return data.startswith(b"toy\n")

    def parse(self, data):
        lines = data.decode().splitlines()[1:]
        if not all("=" in line for line in lines):
            raise FormatError("toy: a line without '=' (line numbers only, never values)")
        return ToyPayload([tuple(line.split("=", 1)) for line in lines])


def toy(**fields) -> bytes:
    return ("toy\n" + "\n".join(f"{k}={v}" for k, v in fields.items())).encode()


@pytest.fixture
def toy_engine(vault):
    calls = []

    class Counting(FixedDetector):
        def detect(self, texts):
            calls.append(list(texts))
            return super().detect(texts)

    handlers = build_handlers() | {"toy": ToyHandler()}
    engine = Deidentifier([Counting({"Wong": PhiType.PATIENT})], vault, formats=handlers)
    engine.calls = calls
    return engine


def test_free_text_of_every_payload_goes_to_the_detectors_in_one_call(toy_engine):
    results = toy_engine.deidentify_payloads([
        Payload(toy(name="Ann Wong", note="Wong seen today", born="19800412", mrn="M1")),
        Payload(b"Mr. Wong called.", format="text"),
        Payload(toy(note="first Wong", other="kept", note2="x", mrn="M2")),
    ])
    assert [r.ok for r in results] == [True, True, True]
    assert toy_engine.calls == [["Wong seen today", "Mr. Wong called.", "first Wong"]]
    first = results[0].data.decode()
    assert "Wong" not in first and "19800412" not in first and "mrn=M1" not in first
    assert results[0].format == "toy" and results[1].format == "text"
    assert results[0].report.counts["PATIENT"] == 2 and results[0].report.counts["DATE"] == 1
    assert "other=kept" in results[2].data.decode()


def test_the_payload_carries_its_patient_and_an_explicit_id_wins(toy_engine, vault):
    a = toy_engine.deidentify_payload(toy(mrn="M7", born="20200101"))
    b = toy_engine.deidentify_payload(toy(mrn="M7", born="20200101"))
    c = toy_engine.deidentify_payload(toy(mrn="M7", born="20200101"), patient_id="someone-else")
    assert a.report.patient == b.report.patient == vault.patient("TOY|M7").pseudonym
    assert a.data == b.data  # same patient: same date offset, same tokens
    assert c.report.patient == vault.patient("someone-else").pseudonym != a.report.patient


def test_a_bad_or_failing_payload_fails_alone_and_names_no_value(toy_engine):
    results = toy_engine.deidentify_payloads([
        Payload(b"toy\nno separator here Wong"),
        Payload(toy(explode="Secret Wong")),
        Payload(toy(name="Wong")),
        Payload(b"x", format="no-such-format"),
    ])
    assert isinstance(results[0].error, FormatError)
    assert isinstance(results[1].error, DeidentificationError) and results[1].data is None
    assert results[2].ok
    assert isinstance(results[3].error, InputError) and "no-such-format" in str(results[3].error)
    assert all("Wong" not in str(r.error) for r in results if r.error)


def test_reidentifiable_policy_remembers_field_originals(toy_engine, vault):
    out = toy_engine.deidentify_payload(toy(name="Wong", mrn="M9")).data.decode()
    surrogate = re.search(r"name=(.*)", out).group(1)
    found = vault.lookup_values(surrogate, phi_type=PhiType.PATIENT)
    assert [f.original for f in found] == ["Wong"]


def test_safe_harbor_fields_get_years_and_no_vault_entries(toy_engine, vault):
    out = toy_engine.deidentify_payload(toy(name="Wong", born="19800412", mrn="M3"), policy="safe-harbor")
    assert "born=1980\n" in out.data.decode() + "\n"
    assert vault.stats()["values"] == 0


def test_oversized_payloads_and_free_text_are_refused(vault):
    engine = Deidentifier([FixedDetector({})], vault, max_bytes=10, max_chars=5)
    big, long_text = engine.deidentify_payloads([Payload(b"x" * 11), Payload(b"123456", format="text")])
    assert isinstance(big.error, InputError) and "limit" in str(big.error)
    assert isinstance(long_text.error, InputError)


def test_sniffing_reads_unknown_bytes_as_a_note_whose_parser_says_why_not(vault):
    engine = Deidentifier([FixedDetector({})], vault)
    assert sniff_format(b"Seen by Dr. Wong.", engine.formats) == "text"
    [result] = engine.deidentify_payloads([Payload(b"Dr. Wong \xff\xfe")])
    assert isinstance(result.error, InputError) and "not UTF-8" in str(result.error)


def test_field_context_tokens_and_uids_are_keyed_and_stable():
    policy = load_policy("pseudonymize")
    a = FieldContext(policy, SurrogateContext(b"a" * 32, 5))
    b = FieldContext(policy, SurrogateContext(b"b" * 32, 5))
    uid = "1.2.840.113619.2.55.3.604688119.969.1268071029.320"
    assert a.uid(uid) == a.uid(uid) != b.uid(uid)
    assert re.fullmatch(r"2\.25\.[1-9][0-9]*", a.uid(uid)) and len(a.uid(uid)) <= 64
    assert a.token("Patient", "123") == a.token("Patient", "123") != a.token("Patient", "124")
    assert a.replace("  ", PhiType.PATIENT) == "  " and a.replacements == []
    assert a.linkable and not FieldContext(load_policy("safe-harbor"), a.surrogates).linkable


def test_patient_key_is_alike_in_every_format():
    assert patient_key(" 00123 ", "GENHOSP") == "GENHOSP|00123"
    assert patient_key("00123", None) == patient_key("00123", " ") == "00123"
    assert patient_key("", "GENHOSP") is None


def test_cli_writes_the_output_and_report_only_when_the_payload_is_done(tmp_path):
    note = tmp_path / "note.txt"
    note.write_text("Seen by Dr. Wong on 7/22/2009. Call 617-555-0199.")
    out, report = tmp_path / "out.txt", tmp_path / "report.json"
    cmd = [sys.executable, "-m", "phideid.cli", "deidentify", str(note), "-o", str(out), "--report",
           str(report), "--input-format", "text", "--patient-id", "P1"]
    done = subprocess.run(cmd, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "617-555-0199" not in out.read_text() and "Wong" not in out.read_text()
    assert json.loads(report.read_text())["format"] == "text"

    bad = tmp_path / "bad.hl7"
    bad.write_bytes(b"\xff\xfe not a note")
    failed = subprocess.run(
        [sys.executable, "-m", "phideid.cli", "deidentify", str(bad), "-o", str(tmp_path / "bad.out")],
        capture_output=True, timeout=300,
    )
    assert failed.returncode == 2 and not (tmp_path / "bad.out").exists()


def test_sniffing_refuses_empty_input_and_json_that_is_no_fhir(vault):
    engine = Deidentifier([FixedDetector({})], vault)
    refused = ((b"", "empty"), (b" \n\t", "empty"), (b'{"foo": 1}', "no FHIR"), (b"[1, 2]", "no FHIR"))
    for data, words in refused:
        with pytest.raises(InputError, match=words):
            sniff_format(data, engine.formats)
    empty, config, named = engine.deidentify_payloads(
        [Payload(b""), Payload(b'{"foo": "Dr. Wong"}'), Payload(b'{"foo": 1}', format="text")])
    assert isinstance(empty.error, InputError) and isinstance(config.error, InputError)
    assert "Wong" not in str(config.error)  # the refusal never quotes the input
    assert named.error is None  # named as a note, it is read as one
    assert sniff_format(b"{not json, a note in braces}", engine.formats) == "text"


def test_a_binary_that_merely_starts_like_a_dicom_group_is_no_dicom(vault):
    engine = Deidentifier([FixedDetector({})], vault)
    binary = b"\x08\x00\x10\x00\x07\x00\x00\x00\xff\xfe\x00\x01garbage"
    assert sniff_format(binary, engine.formats) == "text"
    [result] = engine.deidentify_payloads([Payload(binary)])
    assert isinstance(result.error, InputError) and "not UTF-8" in str(result.error)
