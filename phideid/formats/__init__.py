"""Format handlers: read a payload, hand its free text to the detectors, write it back de-identified.

Built-in formats register themselves when this package is imported: ``text``, ``hl7v2``, ``fhir`` and
``dicom``. ``sniff_format`` picks one from the content when the caller does not say; what no handler
recognises is read as a note, whose parser then says why it is not one.
"""

from __future__ import annotations

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
    # formats registered by a user come before text, which accepts almost anything
    extra = sorted(set(handlers) - set(SNIFF_ORDER))
    order = [n for n in SNIFF_ORDER[:-1] if n in handlers] + extra
    order += [n for n in SNIFF_ORDER[-1:] if n in handlers]
    for name in order:
        if handlers[name].sniff(data):
            return name
    if "text" in handlers:
        return "text"  # its parser says why the bytes are not a note (e.g. not UTF-8, and where)
    raise InputError(f"cannot tell the payload's format; name one of: {', '.join(sorted(handlers))}")


__all__ = [
    "FieldContext", "FormatHandler", "ParsedPayload", "SNIFF_ORDER", "build_handlers", "formats",
    "sniff_format",
]
