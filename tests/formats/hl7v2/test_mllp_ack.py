"""MLLP framing for sockets, and the ACKs a sender gets back."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from phideid.errors import DeidentificationError, FormatError
from phideid.formats.hl7v2.ack import build_ack
from phideid.formats.hl7v2.er7 import parse_er7
from phideid.formats.hl7v2.errors import MllpError
from phideid.formats.hl7v2.mllp import Deframer, frame, unframe
from tests.formats.hl7v2.conftest import A40, ORU, segment

NOW = datetime(2024, 3, 15, 9, 30, tzinfo=UTC)


def test_frame_and_unframe():
    framed = frame(ORU.encode())
    assert framed == b"\x0b" + ORU.encode() + b"\x1c\r"
    assert unframe(framed) == ORU.encode()


@pytest.mark.parametrize(
    "bad", [b"MSH|x\x1c\r", b"\x0bMSH|x\x1c", b"\x0bMSH|x\r", b"\x0bA\x1c\r\x0bB\x1c\r"]
)
def test_unframe_rejects_broken_frames(bad):
    with pytest.raises(MllpError):
        unframe(bad)


def test_frame_refuses_block_bytes_inside():
    with pytest.raises(MllpError):
        frame(b"MSH|\x1c|")


def test_deframer_across_any_chunking():
    stream = b"noise" + frame(ORU.encode()) + frame(A40.encode()) + b"\r\n"
    for size in (1, 2, 7, 64, len(stream)):
        d = Deframer()
        got = []
        for i in range(0, len(stream), size):
            got.extend(d.feed(stream[i : i + size]))
        assert got == [ORU.encode(), A40.encode()], size
        assert d.pending == 0


def test_deframer_limits_size_and_recovers():
    d = Deframer(max_bytes=100)
    with pytest.raises(MllpError):
        d.feed(b"\x0b" + b"x" * 200)
    assert d.feed(frame(b"MSH|ok")) == [b"MSH|ok"]


def test_deframer_drops_a_cut_off_frame_and_keeps_the_next():
    d = Deframer()
    with pytest.raises(MllpError):
        d.feed(b"\x0bMSH|cut\x0bMSH|next")
    assert d.feed(b"\x1c\r") == [b"MSH|next"]


def test_accept_ack_swaps_sender_and_receiver_and_echoes_the_control_id():
    ack = build_ack(ORU.encode(), control_id="ACK1", now=NOW)
    parse_er7(ack)
    msh = segment(ack, "MSH")
    assert msh[2:6] == ["EHR", "RECEIVER", "LAB", "MERCY GENERAL HOSPITAL"]
    assert msh[8] == "ACK^R01^ACK" and msh[9] == "ACK1" and msh[10] == "P" and msh[11] == "2.5.1"
    assert msh[6] == "20240315093000+0000"
    assert segment(ack, "MSA") == ["MSA", "AA", "CTRL0001"]


@pytest.mark.parametrize(
    ("code", "error", "hl7_code"),
    [("AE", DeidentificationError("transform failed on Castellano"), "207"), ("AR", FormatError("x"), "102")],
)
def test_error_acks_carry_a_code_and_never_the_message(code, error, hl7_code):
    ack = build_ack(ORU.encode(), code, error, now=NOW)
    assert segment(ack, "MSA")[:3] == ["MSA", code, "CTRL0001"]
    err = segment(ack, "ERR")
    assert err[3].split("^")[0] == hl7_code and err[4] == "E"
    for value in ("Castellano", "Marguerite", "4412345"):
        assert value not in ack.decode()


def test_an_unreadable_message_still_gets_an_ack():
    ack = build_ack(b"\x00garbage", "AR", FormatError("x"), now=NOW)
    assert segment(ack, "MSA")[:3] == ["MSA", "AR", ""]
    parse_er7(ack)


def test_ack_rejects_unknown_codes():
    with pytest.raises(ValueError):
        build_ack(ORU.encode(), "CA")
