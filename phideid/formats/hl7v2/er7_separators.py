"""The separators of one HL7 v2 message, read from MSH-1 and MSH-2."""

from __future__ import annotations

from dataclasses import dataclass

from phideid.formats.hl7v2.errors import SeparatorError


@dataclass(frozen=True, slots=True)
class Separators:
    """Field (MSH-1), then component, repetition, escape, subcomponent and, from v2.7, truncation (MSH-2)."""

    field: str = "|"
    component: str = "^"
    repetition: str = "~"
    escape: str = "\\"
    subcomponent: str = "&"
    truncation: str | None = None

    @property
    def encoding_characters(self) -> str:
        """MSH-2 as written."""
        return self.component + self.repetition + self.escape + self.subcomponent + (self.truncation or "")

    @classmethod
    def read(cls, field: str, encoding: str) -> Separators:
        """Separators from MSH-1 and MSH-2; ``SeparatorError`` when they cannot delimit a message."""
        if len(field) != 1 or not _usable(field):
            raise SeparatorError("HL7 v2: MSH-1 (field separator) is not a single punctuation character")
        if len(encoding) not in (4, 5):
            raise SeparatorError(
                f"HL7 v2: MSH-2 (encoding characters) has {len(encoding)} characters, not 4 or 5"
            )
        chars = field + encoding
        if len(set(chars)) != len(chars) or not all(_usable(c) for c in encoding):
            raise SeparatorError(
                "HL7 v2: MSH-2 (encoding characters) repeats a separator or uses a letter or digit"
            )
        truncation = encoding[4] if len(encoding) == 5 else None
        return cls(field, encoding[0], encoding[1], encoding[2], encoding[3], truncation)


def _usable(char: str) -> bool:
    return char.isprintable() and not char.isalnum() and not char.isspace()
