"""Content types <-> engine formats, for every edge that receives typed payloads (Kafka headers, HTTP).

A content-type is text written by whoever sent the payload: it is named back in an error, or repeated on
an output, only when it has the shape of a media type, never as free text (it could hold anything).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from phideid.errors import InputError

#: media type (parameters dropped, lower case) -> engine format; aliases in use in hospitals included
MEDIA_FORMATS: Mapping[str, str] = {
    "text/plain": "text",
    "x-application/hl7-v2+er7": "hl7v2",
    "application/hl7-v2": "hl7v2",
    "application/hl7-v2+er7": "hl7v2",
    "application/fhir+json": "fhir",
    "application/fhir+ndjson": "fhir",
    "application/x-ndjson": "fhir",
    "application/json": "fhir",
    "application/dicom": "dicom",
}
#: the media type written on an output whose input named none
FORMAT_MEDIA: Mapping[str, str] = {
    "text": "text/plain", "hl7v2": "x-application/hl7-v2+er7", "fhir": "application/fhir+json",
    "dicom": "application/dicom",
}
MEDIA_SHAPE = re.compile(r"[a-z0-9][a-z0-9.+-]{0,40}/[a-z0-9][a-z0-9.+-]{0,60}")
#: a content-type safe to repeat: a media type and at most a charset (other parameters are free text)
CONTENT_TYPE_SHAPE = re.compile(MEDIA_SHAPE.pattern + r"(\s*;\s*charset=\"?[a-z0-9._-]{1,40}\"?)?", re.I)


class UnsupportedContentType(InputError):
    """The payload names a content-type phideid does not read (its value is a media type, never PHI)."""

    code = "unsupported_content_type"


def media_type(raw: bytes | str | None) -> str | None:
    """The media type of a content-type value, parameters dropped, lower case; None when empty."""
    if raw is None:
        return None
    text = raw.decode("latin-1") if isinstance(raw, bytes) else raw
    return text.split(";", 1)[0].strip().lower() or None


def format_of(content_type: bytes | str | None) -> str | None:
    """The engine format a content-type names; None when there is none (sniff the payload).

    Raises ``UnsupportedContentType`` for a media type phideid does not read.
    """
    media = media_type(content_type)
    if media is None:
        return None
    try:
        return MEDIA_FORMATS[media]
    except KeyError:
        shown = repr(media) if MEDIA_SHAPE.fullmatch(media) else "given"
        raise UnsupportedContentType(f"content-type {shown} is not one phideid reads; known: "
                                     f"{', '.join(sorted(MEDIA_FORMATS))}") from None


def safe_content_type(raw: bytes | None) -> bytes | None:
    """``raw`` when it is a plain media type (and charset), else its media type alone, else None."""
    if raw is None:
        return None
    text = raw.decode("latin-1").strip()
    if CONTENT_TYPE_SHAPE.fullmatch(text):
        return text.encode("latin-1")
    media = media_type(raw)
    return media.encode() if media and MEDIA_SHAPE.fullmatch(media) else None


__all__ = [
    "CONTENT_TYPE_SHAPE", "FORMAT_MEDIA", "MEDIA_FORMATS", "MEDIA_SHAPE", "UnsupportedContentType",
    "format_of", "media_type", "safe_content_type",
]
