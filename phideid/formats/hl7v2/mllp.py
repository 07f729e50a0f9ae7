"""MLLP (Minimal Lower Layer Protocol) framing: ``\\x0b`` message ``\\x1c\\r``.

``frame`` and ``unframe`` handle one message; ``Deframer`` takes a socket's bytes as they arrive, in any
chunking, and yields whole messages. Bytes outside a frame (noise between messages) are dropped; a frame
over ``max_bytes`` raises ``MllpError`` so one runaway sender cannot exhaust memory.
"""

from __future__ import annotations

from phideid.formats.hl7v2.errors import MllpError

START_BLOCK = b"\x0b"
END_BLOCK = b"\x1c"
CARRIAGE_RETURN = b"\r"
TRAILER = END_BLOCK + CARRIAGE_RETURN
DEFAULT_MAX_BYTES = 16 * 1024 * 1024


def frame(message: bytes) -> bytes:
    """``message`` in one MLLP frame; a message holding a block character cannot be framed."""
    if START_BLOCK in message or END_BLOCK in message:
        raise MllpError("MLLP: the message holds a start (0x0B) or end (0x1C) block byte")
    return START_BLOCK + message + TRAILER


def unframe(data: bytes) -> bytes:
    """The message in one MLLP frame (strict: exactly one frame, nothing around it)."""
    if not data.startswith(START_BLOCK):
        raise MllpError("MLLP: the frame does not start with a start block (0x0B)")
    if not data.endswith(TRAILER):
        raise MllpError("MLLP: the frame does not end with an end block and carriage return (0x1C 0x0D)")
    body = data[1:-2]
    if START_BLOCK in body or END_BLOCK in body:
        raise MllpError("MLLP: more than one frame, or a block byte inside the message")
    return body


class Deframer:
    """Streaming deframer for a socket buffer.

    >>> d = Deframer()
    >>> d.feed(b"\\x0bMSH|^~\\\\&|A\\r\\x1c") + d.feed(b"\\r\\x0bMSH|^~\\\\&|B\\r\\x1c\\r")
    [b'MSH|^~\\\\&|A\\r', b'MSH|^~\\\\&|B\\r']
    """

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        if max_bytes < 16:
            raise ValueError("max_bytes must allow at least a minimal message")
        self.max_bytes = max_bytes
        self._buffer = bytearray()
        self._in_frame = False

    @property
    def pending(self) -> int:
        """Bytes of a frame begun but not yet ended."""
        return len(self._buffer) if self._in_frame else 0

    def feed(self, chunk: bytes) -> list[bytes]:
        """Add bytes as received; the messages whose frames they complete, in order."""
        messages: list[bytes] = []
        self._buffer.extend(chunk)
        while True:
            if not self._in_frame:
                start = self._buffer.find(START_BLOCK)
                if start < 0:
                    self._buffer.clear()  # noise outside any frame
                    return messages
                del self._buffer[: start + 1]
                self._in_frame = True
            end = self._buffer.find(TRAILER)
            if end < 0:
                # a new start block before the end means the last frame was cut off: resynchronise
                restart = self._buffer.find(START_BLOCK)
                if restart >= 0:
                    del self._buffer[: restart + 1]
                    raise MllpError("MLLP: a frame started before the previous one ended; it was dropped")
                if len(self._buffer) > self.max_bytes:
                    self._buffer.clear()
                    self._in_frame = False
                    raise MllpError(f"MLLP: a frame exceeds {self.max_bytes} bytes; it was dropped")
                return messages
            body = bytes(self._buffer[:end])
            del self._buffer[: end + len(TRAILER)]
            self._in_frame = False
            if START_BLOCK in body:
                raise MllpError("MLLP: a frame started before the previous one ended; it was dropped")
            if len(body) > self.max_bytes:
                raise MllpError(f"MLLP: a frame exceeds {self.max_bytes} bytes; it was dropped")
            messages.append(body)
