"""HL7 v2 acknowledgments (original mode): AA, AE or AR for a received message.

The ACK swaps sender and receiver from the received MSH (MSH-3/4 <-> MSH-5/6), keeps its processing id
and version, echoes its control id in MSA-2 and names the trigger event in MSH-9. An AE or AR carries an
ERR segment with an HL7 table 0357 error code and the error's class code (``format_error``), never the
error's message or any value of the payload: an ACK travels back over the wire and into logs.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from phideid.errors import DeidentificationError, FormatError, InputError, PhideidError
from phideid.formats.hl7v2.er7 import BOM, unframe_lenient
from phideid.formats.hl7v2.er7_separators import Separators
from phideid.formats.hl7v2.errors import Hl7FormatError

ACCEPT, ERROR, REJECT = "AA", "AE", "AR"

#: HL7 table 0357 (message error condition codes) by error class, most specific first
ERROR_CODES: tuple[tuple[type[PhideidError], str, str], ...] = (
    (FormatError, "102", "Data type error"),
    (InputError, "100", "Segment sequence error"),
    (DeidentificationError, "207", "Application internal error"),
    (PhideidError, "207", "Application internal error"),
)


def error_code(error: PhideidError | None) -> tuple[str, str]:
    """The table 0357 code and its text for ``error``."""
    for cls, code, text in ERROR_CODES:
        if isinstance(error, cls):
            return code, text
    return "207", "Application internal error"


def _header(data: bytes) -> tuple[Separators, list[str]]:
    """The separators and raw MSH fields (1-based: [0] is "MSH") of ``data``, read leniently."""
    try:
        body, _ = unframe_lenient(data)
    except Hl7FormatError:
        body = data
    text = body.decode("utf-8", errors="replace").lstrip(BOM + "\x0b \r\n")
    line = text.replace("\r\n", "\r").replace("\n", "\r").split("\r", 1)[0]
    if line.startswith("MSH") and len(line) >= 8:
        try:
            seps = Separators.read(line[3], line[4:].split(line[3], 1)[0])
        except Hl7FormatError:
            pass
        else:
            parts = line[4:].split(seps.field)
            return seps, ["MSH", seps.field, *parts]
    return Separators(), ["MSH", "|", Separators().encoding_characters]


def build_ack(
    received: bytes,
    code: str = ACCEPT,
    error: PhideidError | None = None,
    *,
    control_id: str | None = None,
    now: datetime | None = None,
) -> bytes:
    """The ACK for ``received`` (raw message bytes, framed or not) as ER7 bytes, unframed.

    ``code`` is AA (accepted), AE (error: retrying may help) or AR (rejected: do not resend as is). A
    received message too broken to read still gets an ACK, with default separators and an empty MSA-2.
    """
    if code not in (ACCEPT, ERROR, REJECT):
        raise ValueError("an ACK code is AA, AE or AR")
    seps, msh = _header(received)

    def field(i: int) -> str:
        return msh[i] if i < len(msh) else ""

    trigger = field(9).split(seps.component)[1] if seps.component in field(9) else ""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%d%H%M%S%z")
    header = [
        "MSH", seps.field, seps.encoding_characters, field(5), field(6), field(3), field(4), stamp, "",
        seps.component.join(["ACK", trigger, "ACK"]) if trigger else "ACK",
        control_id or secrets.token_hex(8).upper(), field(11) or "P", field(12) or "2.5",
    ]
    lines = ["MSH" + seps.field + seps.field.join(header[2:])]
    msa = ["MSA", code, field(10)]  # MSA-2 echoes the received control id (raw, already escaped)
    err: list[str] = []
    if code != ACCEPT:
        number, text = error_code(error)
        reason = error.code if error is not None else "rejected"
        msa.append(reason)  # MSA-3 (text message, up to v2.4): the error class only
        err = ["ERR", "", "", seps.component.join([number, text, "HL70357"]), "E", "", "", "", reason]
    lines.append(seps.field.join(msa))
    if err:
        lines.append(seps.field.join(err))
    return ("\r".join(lines) + "\r").encode("utf-8")
