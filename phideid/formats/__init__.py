"""Format handlers: read a payload, hand its free text to the detectors, write it back de-identified.

Built-in formats register themselves when this package is imported: ``text``, ``hl7v2``, ``fhir`` and
``dicom``. ``sniff_format`` picks one from the content when the caller does not say, never from a file
name; an empty input and JSON that is no FHIR are refused (a note must be named ``text`` to be read as
one); what no handler recognises is read as a note, whose parser then says why it is not one.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import phideid.formats.dicom  # noqa: F401  (registers "dicom")
import phideid.formats.fhir  # noqa: F401  (registers "fhir")
import phideid.formats.hl7v2  # noqa: F401  (registers "hl7v2")
import phideid.formats.text  # noqa: F401  (registers "text")
from phideid.errors import ConfigError, InputError
from phideid.formats.base import FieldContext, FormatHandler, ParsedPayload, formats

#: the order formats are tried in when sniffing: the most specific signatures first, text last
SNIFF_ORDER = ("dicom", "hl7v2", "fhir", "text")


def build_handlers(options: Mapping[str, Mapping[str, object]] | None = None) -> dict[str, FormatHandler]:
    """One handler per registered format, each built with its options from the engine config."""
    options = dict(options or {})
    unknown = sorted(set(options) - set(formats.names()))
    if unknown:
        raise ConfigError(f"format_options name unknown formats: {', '.join(unknown)}")
    return {name: formats.get(name)(options.get(name, {})) for name in formats.names()}


def sniff_format(data: bytes, handlers: Mapping[str, FormatHandler]) -> str:
    """The name of the first format (in ``SNIFF_ORDER``) whose handler recognises ``data``."""
    if not data.strip():
        raise InputError("the input is empty: nothing to de-identify")
    # formats registered by a user come before text, which accepts almost anything
    extra = sorted(set(handlers) - set(SNIFF_ORDER))
    for name in [n for n in SNIFF_ORDER[:-1] if n in handlers] + extra:
        if handlers[name].sniff(data):
            return name
    if _json_document(data):
        raise InputError("the input is JSON but no FHIR resource (no resourceType); name the format text to "
                         "de-identify it as a note")
    if "text" in handlers:
        return "text"  # read as a note: its parser says why the bytes are not one (e.g. not UTF-8, and where)
    raise InputError(f"cannot tell the payload's format; name one of: {', '.join(sorted(handlers))}")


def _json_document(data: bytes) -> bool:
    """Whether ``data`` is a JSON object or array (a configuration, an API response), not a note."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head not in (b"{", b"["):
        return False
    try:
        json.loads(data.decode("utf-8-sig"))
    except ValueError:  # UnicodeDecodeError included: not JSON, then
        return False
    return True


__all__ = [
    "FieldContext", "FormatHandler", "ParsedPayload", "SNIFF_ORDER", "build_handlers", "formats",
    "sniff_format",
]
