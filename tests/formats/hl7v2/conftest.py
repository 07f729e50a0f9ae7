"""HL7 v2 fixtures: messages built here (never read from ../shared) and an engine with the hl7v2 handler."""

from __future__ import annotations

import pytest

from phideid.deidentifier import Deidentifier
from phideid.formats.hl7v2 import Hl7v2Handler

ORU = "\r".join([
    r"MSH|^~\&|LAB|MERCY GENERAL HOSPITAL|EHR|RECEIVER|20240315083000||ORU^R01^ORU_R01|CTRL0001|P|2.5.1",
    "EVN|R01|20240315083000",
    "PID|1||4412345^^^MGH&2.16.840.1.113883.3.1&ISO^MR~123-45-6789^^^SSA^SS||Castellano^Marguerite^Ines^^Mrs."
    "||19570412|F|||1742 Willowbrook Lane^Apt 4B^Springfield^IL^62704^USA||(217)555-0148^PRN^PH"
    "~^NET^Internet^marguerite.castellano@example.com|(217)555-0199^WPN^PH||||88231177^^^MGH^AN|123-45-6789",
    "NK1|1|Castellano^Rodrigo^^^Mr.|SPO^Spouse^HL70063|1742 Willowbrook Lane^^Springfield^IL^62704"
    "|(217)555-0177",
    "PV1|1|I|4WEST^412^B^MERCY GENERAL HOSPITAL^^^MAIN TOWER^4||||9876^Okonkwo^Adaeze^^^Dr^MD"
    "|5555^Vanderslooten^Theodore^^^Dr|||||||||||V20240315001^^^MGH^VN|||||||||||||||||||||||||20240315080000",
    "ORC|RE|PLC778899^EHR|FIL556677^LAB||CM||||20240315083000|||9876^Okonkwo^Adaeze^^^Dr^MD",
    "OBR|1|PLC778899^EHR|FIL556677^LAB|24331-1^Lipid panel^LN|||20240315070000|||||||||"
    "9876^Okonkwo^Adaeze^^^Dr^MD",
    "OBX|1|NM|2093-3^Cholesterol total^LN||212|mg/dL^milligrams per deciliter^UCUM|<200|H|||F|||"
    "20240315080000",
    "OBX|2|TX|8251-1^Service comment^LN||Patient Marguerite Castellano reports fasting since midnight."
    "~Call back at (217)555-0148.||||||F",
    "OBX|3|ED|18748-4^Diagnostic imaging study^LN||^AP^PDF^Base64^JVBERi0xLjQKJcfsj6IK||||||F",
    "NTE|1|L|Specimen received from Marguerite Castellano, MRN 4412345, by courier.",
    "ZPI|1|Castellano^Marguerite|VIP wing",
]) + "\r"  # fmt: skip

#: every patient identifier of ORU, as a user would list them
ORU_IDENTIFIERS = [
    "Castellano", "Marguerite", "Ines", "4412345", "123-45-6789", "19570412", "Willowbrook", "Springfield",
    "62704", "(217)555-0148", "(217)555-0199", "marguerite.castellano", "88231177", "Rodrigo",
    "(217)555-0177", "Okonkwo",
    "Adaeze", "Vanderslooten", "MERCY GENERAL", "MAIN TOWER", "V20240315001", "PLC778899", "FIL556677",
    "JVBERi0xLjQK",
]  # fmt: skip

A40 = "\r".join([
    r"MSH|^~\&|ADT|MGH|EHR|RECEIVER|20240316090000||ADT^A40^ADT_A39|CTRL0002|P|2.5",
    "EVN|A40|20240316090000",
    "PID|1||4412345^^^MGH^MR||Castellano^Marguerite",
    "MRG|4412345^^^MGH^MR~7700001^^^MGH^MR",
]) + "\r"  # fmt: skip


@pytest.fixture
def handler():
    return Hl7v2Handler({})


@pytest.fixture
def hl7_engine(pattern_detector, vault, handler):
    """Patterns only, with the hl7v2 handler alone (other formats' handlers play no part here)."""
    return Deidentifier([pattern_detector], vault, formats={"hl7v2": handler})


def segments(data: bytes) -> list[list[str]]:
    """The segments of an ER7 message as field lists (for assertions; default separators)."""
    text = data.decode("utf-8").replace("\r\n", "\r").replace("\n", "\r")
    return [line.split("|") for line in text.split("\r") if line]


def segment(data: bytes, name: str, n: int = 0) -> list[str]:
    return [s for s in segments(data) if s[0] == name][n]
