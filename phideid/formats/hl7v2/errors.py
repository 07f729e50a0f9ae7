"""The HL7 v2 errors: each a ``FormatError`` naming the place (segment number and id, field), never a value.

::

    FormatError
    └── Hl7FormatError          a payload is not a readable HL7 v2 message
        ├── MissingHeaderError  the first segment is not MSH
        ├── SeparatorError      MSH-1/MSH-2 do not give usable separators
        ├── Hl7EncodingError    the bytes are not UTF-8 nor the single-byte set MSH-18 declares
        ├── SegmentError        a segment has no valid id, or a second MSH follows
        └── MllpError           an MLLP frame is broken or too large
"""

from __future__ import annotations

from phideid.errors import FormatError


class Hl7FormatError(FormatError):
    code = "hl7v2_format_error"


class MissingHeaderError(Hl7FormatError):
    code = "hl7v2_missing_msh"


class SeparatorError(Hl7FormatError):
    code = "hl7v2_bad_separators"


class Hl7EncodingError(Hl7FormatError):
    code = "hl7v2_bad_encoding"


class SegmentError(Hl7FormatError):
    code = "hl7v2_bad_segment"


class MllpError(Hl7FormatError):
    code = "hl7v2_bad_mllp_frame"
