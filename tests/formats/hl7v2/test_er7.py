"""The ER7 parser and writer: what goes in comes out byte for byte, and broken messages fail typed."""

from __future__ import annotations

import pytest

from phideid.errors import FormatError
from phideid.formats.hl7v2.er7 import parse_er7, write_er7
from phideid.formats.hl7v2.errors import (
    Hl7EncodingError,
    MissingHeaderError,
    MllpError,
    SegmentError,
    SeparatorError,
)
from phideid.formats.hl7v2.escape import escape, unescape
from tests.formats.hl7v2.conftest import ORU


def test_unchanged_message_round_trips_byte_identical():
    data = ORU.encode()
    assert write_er7(parse_er7(data)) == data


@pytest.mark.parametrize("ending", ["\n", "\r\n"])
def test_lf_and_crlf_segment_ends_are_normalised_to_cr(ending):
    data = ORU.replace("\r", ending).encode()
    assert write_er7(parse_er7(data)) == ORU.encode()


def test_bom_and_mllp_frame_are_kept():
    data = b"\x0b\xef\xbb\xbf" + ORU.encode() + b"\x1c\r"
    message = parse_er7(data)
    assert message.bom and message.mllp
    assert write_er7(message) == data


def test_repetitions_components_and_subcomponents():
    message = parse_er7(ORU.encode())
    pid = message.segments[2]
    assert pid.name == "PID"
    assert pid.leaf(3, 0, 0) == "4412345"
    assert pid.leaf(3, 0, 3, 1) == "2.16.840.1.113883.3.1"  # PID-3.4.2
    assert pid.leaf(3, 1, 4) == "SS"  # second repetition, CX-5
    assert message.header.leaf(9, 0, 2) == "ORU_R01"
    assert message.header.leaf(1) == "|" and message.header.leaf(2) == "^~\\&"


def test_other_separators_are_read_from_msh():
    data = b"MSH*:#!@*APP*FAC*****ADT:A01*1*P*2.3\rPID*1**42:::MR**Doe:Jane#Roe:Janet\r"
    message = parse_er7(data)
    pid = message.segments[1]
    assert pid.leaf(3, 0, 3) == "MR"
    assert pid.leaf(5, 1, 0) == "Roe"
    assert write_er7(message) == data


def test_v27_truncation_character():
    data = b"MSH|^~\\&#|A|B|C|D|20240101||ADT^A01|1|P|2.7\rNTE|1||50\\P\\ off\r"
    message = parse_er7(data)
    assert message.separators.truncation == "#"
    assert unescape(message.segments[1].leaf(3), message.separators) == "50# off"
    assert write_er7(message) == data


def test_escape_sequences():
    seps = parse_er7(ORU.encode()).separators
    raw = r"A \T\ B\F\C\S\D\R\E\E\ \X41\\.br\next \H\bold\N\ \.in+4\x"
    value = unescape(raw, seps)
    assert value == "A & B|C^D~E\\ A\nnext \\H\\bold\\N\\ \\.in+4\\x"
    # formatting escapes pass through; separators are escaped; a line break becomes \.br\
    assert escape(value, seps) == r"A \T\ B\F\C\S\D\R\E\E\ A\.br\next \H\bold\N\ \.in+4\x"
    assert escape("a|b^c\r\nd", seps) == r"a\F\b\S\c\.br\d"


def test_unpaired_escape_is_read_literally():
    seps = parse_er7(ORU.encode()).separators
    assert unescape("C:\\temp", seps) == "C:\\temp"


def test_latin1_when_msh18_declares_it():
    data = "MSH|^~\\&|A|B|C|D|20240101||ADT^A01|1|P|2.5||||||8859/1\rPID|1||1^^^H^MR||Müller^Jürgen\r"
    message = parse_er7(data.encode("latin-1"))
    assert message.codec == "latin-1"
    assert message.segments[1].leaf(5, 0, 0) == "Müller"
    assert write_er7(message) == data.encode("latin-1")


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"PID|1||4412345^^^MGH^MR||Castellano^Marguerite\r", MissingHeaderError),
        (b"", MissingHeaderError),
        (b"MSH|^~|A|B\rPID|1||4412345||Castellano\r", SeparatorError),
        (b"MSH|^^\\&|A|B\rPID|1||4412345||Castellano\r", SeparatorError),
        (b"MSHA^~\\&|A|B\rPID|1||4412345||Castellano\r", SeparatorError),
        (b"MSH|^~\\&|A|B\rpid|1||4412345||Castellano\r", SegmentError),
        (b"MSH|^~\\&|A|B\rPID|1||4412345||Castellano\rMSH|^~\\&|A|B\r", SegmentError),
        ("MSH|^~\\&|A|B\rPID|1||4412345||Castellaño\r".encode("latin-1"), Hl7EncodingError),
        (b"\x0bMSH|^~\\&|A|B\rPID|1||4412345||Castellano\r", MllpError),
    ],
)
def test_malformed_messages_raise_typed_errors_without_values(data, error):
    with pytest.raises(error) as caught:
        parse_er7(data)
    assert isinstance(caught.value, FormatError)
    message = str(caught.value)
    assert "Castellano" not in message and "4412345" not in message
