"""De-identifying HL7 v2 messages: what a user checks in the output."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from eval.formats import real_leaks
from phideid.deidentifier import Deidentifier, Payload
from phideid.errors import ConfigError, FormatError
from phideid.formats.hl7v2 import Hl7v2Handler
from phideid.formats.hl7v2.er7 import parse_er7
from tests.formats.hl7v2.conftest import A40, ORU, ORU_IDENTIFIERS, segment, segments


def _deid(engine, data: str | bytes, policy: str | None = None) -> bytes:
    raw = data.encode() if isinstance(data, str) else data
    return engine.deidentify_payload(raw, format="hl7v2", policy=policy).data


@pytest.mark.parametrize("policy", ["pseudonymize", "safe-harbor", "redact"])
def test_no_identifier_of_the_input_remains(hl7_engine, policy):
    out = _deid(hl7_engine, ORU, policy)
    # whole words (a surrogate may contain an identifier's letters: "Des Moines" holds "ines"); and a random
    # surrogate that merely equals another identifier ("Springfield Regional Hospital" where the patient
    # lives in Springfield) is no leak: only what also survives under redact is
    leaked, _ = real_leaks(hl7_engine, ORU.encode(), "hl7v2", set(ORU_IDENTIFIERS), out, policy)
    assert leaked == []
    parse_er7(out)  # the output is a valid message


def test_clinical_content_stays(hl7_engine):
    out = _deid(hl7_engine, ORU)
    obx = segment(out, "OBX")
    assert obx[3] == "2093-3^Cholesterol total^LN"
    assert obx[5:9] == ["212", "mg/dL^milligrams per deciliter^UCUM", "<200", "H"]
    assert segment(out, "OBR")[4] == "24331-1^Lipid panel^LN"
    assert "fasting since midnight" in segment(out, "OBX", 1)[5]
    pv1 = segment(out, "PV1")
    assert pv1[3].split("^")[:3] == ["4WEST", "412", "B"]  # ward, room and bed are not PHI
    assert segment(out, "PID")[8] == "F"


def test_structure_and_header_are_kept(hl7_engine):
    out = _deid(hl7_engine, ORU)
    assert [s[0] for s in segments(out)] == [s[0] for s in segments(ORU.encode()) if s[0] != "ZPI"]
    msh = segment(out, "MSH")
    assert msh[1] == "^~\\&" and msh[8] == "ORU^R01^ORU_R01" and msh[9] == "CTRL0001"
    pid = segment(out, "PID")
    assert pid[3].split("~")[0].split("^")[3:5] == ["MGH&2.16.840.1.113883.3.1&ISO", "MR"]  # authority, type


def test_identifiers_keep_their_shape_and_the_ssn_a_never_issued_area(hl7_engine):
    pid = segment(_deid(hl7_engine, ORU), "PID")
    mrn = pid[3].split("~")[0].split("^")[0]
    assert len(mrn) == 7 and mrn.isdigit() and mrn != "4412345"
    ssn = pid[19]
    assert len(ssn) == 11 and ssn[3] == "-" and ssn[6] == "-" and ssn.startswith("9")


def test_same_mrn_in_pid3_and_mrg_gets_the_same_token(hl7_engine):
    out = _deid(hl7_engine, A40)
    pid_mrn = segment(out, "PID")[3].split("^")[0]
    merged = [rep.split("^")[0] for rep in segment(out, "MRG")[1].split("~")]
    assert merged[0] == pid_mrn and pid_mrn != "4412345"
    assert merged[1] != "7700001"
    # and in another message of the same patient, processed on its own
    assert segment(_deid(hl7_engine, ORU), "PID")[3].split("^")[0] == pid_mrn


def test_dates_shift_by_the_patients_offset_and_keep_precision(hl7_engine, vault):
    out = _deid(hl7_engine, ORU)
    offset = vault.patient("MGH|4412345").date_offset_days
    assert offset != 0
    birth = segment(out, "PID")[7]
    assert birth == (date(1957, 4, 12) + timedelta(days=offset)).strftime("%Y%m%d")
    observed = segment(out, "OBX")[14]
    assert len(observed) == 14 and observed[8:] == "080000"
    assert observed[:8] == (date(2024, 3, 15) + timedelta(days=offset)).strftime("%Y%m%d")


def test_patient_key_is_pid3_mr_with_its_authority(handler):
    assert handler.parse(ORU.encode()).patient_id == "MGH|4412345"
    no_mr = ORU.replace("^MR~123-45-6789^^^SSA^SS", "^PI~123-45-6789^^^SSA^SS")
    assert handler.parse(no_mr.encode()).patient_id == "MGH|4412345"  # the first when none is MR


def test_safe_harbor_reduces_dates_to_the_year(hl7_engine):
    out = _deid(hl7_engine, ORU, "safe-harbor")
    assert segment(out, "PID")[7] == "1957"
    assert segment(out, "OBX")[14] == "2024"
    assert segment(out, "MSH")[6] == "2024"


def test_a_birth_date_implying_age_over_89_is_emptied_not_made_invalid(hl7_engine):
    old = ORU.replace("||19570412|", "||19200412|", 1)
    assert old != ORU
    out = _deid(hl7_engine, old, "safe-harbor")
    assert segment(out, "PID")[7] == ""  # "[90+ YEARS AGO]" is no HL7 date
    assert segment(out, "OBX")[14] == "2024"


def test_free_text_names_no_patient_and_is_escaped_back(hl7_engine):
    out = _deid(hl7_engine, ORU)
    text = segment(out, "OBX", 1)[5] + segment(out, "NTE")[3]
    assert "Castellano" not in text and "Marguerite" not in text and "4412345" not in text
    assert "(217)555-0148" not in text
    assert "by courier" in text


def test_free_text_is_collected_in_order(handler):
    parsed = handler.parse(ORU.encode())
    assert parsed.texts == [
        "Patient Marguerite Castellano reports fasting since midnight.",
        "Call back at (217)555-0148.",
        "Specimen received from Marguerite Castellano, MRN 4412345, by courier.",
    ]


def test_a_replacement_holding_a_separator_is_escaped(handler, hl7_engine):
    from phideid.formats.base import FieldContext
    from phideid.policy import load_policy
    from phideid.surrogates.base import SurrogateContext

    parsed = handler.parse(ORU.encode())
    fields = FieldContext(load_policy("redact"), SurrogateContext(b"k" * 32, 5, "x"))
    texts = ["a|b^c&d~e", "line\nbreak", "x"]
    out = parsed.render(fields, texts)
    obx = segment(out, "OBX", 1)[5]
    assert obx == r"a\F\b\S\c\T\d\R\e~line\.br\break"
    assert parse_er7(out).segments[8].name == "OBX"


def test_ed_payloads_are_removed_and_reported(hl7_engine):
    result = hl7_engine.deidentify_payload(ORU.encode(), format="hl7v2")
    obx = segment(result.data, "OBX", 2)
    assert obx[5] == "^^^^" and obx[3] == "18748-4^Diagnostic imaging study^LN"
    assert result.report.removed["obx_payload"] >= 1
    assert result.report.removed["z_segment"] == 1


def test_z_segments_are_dropped_unless_allowed(pattern_detector, vault):
    kept = Deidentifier(
        [pattern_detector], vault, formats={"hl7v2": Hl7v2Handler({"keep_segments": ["ZPI"]})}
    )
    out = _deid(kept, ORU)
    zpi = segment(out, "ZPI")
    assert zpi[3] == "VIP wing"
    assert "Castellano" not in "|".join(zpi) and "Marguerite" not in "|".join(zpi)


@pytest.mark.parametrize(
    "options",
    [{"keep": ["ZPI"]}, {"keep_segments": "ZPI"}, {"keep_segments": ["PID"]}, {"keep_segments": [3]}],
)
def test_bad_options_are_config_errors(options):
    with pytest.raises(ConfigError):
        Hl7v2Handler(options)


def test_unknown_standard_segment_keeps_its_id_but_not_its_fields(hl7_engine):
    data = ORU.replace("EVN|R01|20240315083000", "EVN|R01|20240315083000\rCON|1|Castellano consent")
    out = _deid(hl7_engine, data)
    assert ["CON"] in segments(out)


def test_a_field_the_table_does_not_name_is_cleared(hl7_engine):
    data = ORU.replace("EVN|R01|20240315083000", "EVN|R01|20240315083000|||||||Castellano")
    evn = segment(_deid(hl7_engine, data), "EVN")
    assert "Castellano" not in "|".join(evn) and evn[1] == "R01"


def test_malformed_payload_fails_alone_with_a_typed_error(hl7_engine):
    results = hl7_engine.deidentify_payloads([
        Payload(b"PID|1||4412345^^^MGH^MR||Castellano\r", "hl7v2"), Payload(ORU.encode(), "hl7v2"),
    ])  # fmt: skip
    assert isinstance(results[0].error, FormatError) and results[0].data is None
    assert "Castellano" not in str(results[0].error) and "4412345" not in str(results[0].error)
    assert results[1].ok


def test_sniff(handler):
    assert handler.sniff(ORU.encode())
    assert handler.sniff(b"\x0b\xef\xbb\xbfMSH|^~\\&|A")
    assert not handler.sniff(b'{"resourceType": "Patient"}')
    assert not handler.sniff(b"MSHX")


def test_bom_lf_and_mllp_input_come_back_alike(hl7_engine):
    data = b"\x0b\xef\xbb\xbf" + ORU.replace("\r", "\n").encode() + b"\x1c\r"
    out = _deid(hl7_engine, data)
    assert out.startswith(b"\x0b\xef\xbb\xbfMSH|") and out.endswith(b"\r\x1c\r") and b"\n" not in out


def test_a_field_wrapped_onto_the_next_line_is_joined_and_flagged(hl7_engine):
    # a long OBR-4 and a note wrapped by the exporting interface: the lines start no segment
    wrapped = ORU.replace("24331-1^Lipid panel^LN", "24331-1^Lipid panel with\ndirect LDL^LN")
    called = "NTE|1|L|Called\nMarguerite Castellano at (217)555-0148. Specimen"
    wrapped = wrapped.replace("NTE|1|L|Specimen", called)
    assert wrapped.count("\n") == 2
    done = hl7_engine.deidentify_payload(wrapped.encode(), format="hl7v2")
    assert done.error is None, done.error
    assert segment(done.data, "OBR")[4] == "24331-1^Lipid panel with direct LDL^LN"  # code kept, text joined
    out = done.data.decode()
    assert "Castellano" not in out and "Marguerite" not in out and "555-0148" not in out
    assert done.report.flags == {"hl7v2_wrapped_line_joined": 2}
    # the same segments as the unwrapped message (its Z-segment dropped as always): nothing split or lost
    names = [s.name for s in parse_er7(ORU.encode()).segments if not s.name.startswith("Z")]
    assert [s.name for s in parse_er7(done.data).segments] == names
