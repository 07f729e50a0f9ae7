"""``text``: a clinical note as UTF-8 text; the whole note is one free-text field."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from phideid.errors import ConfigError, InputError
from phideid.formats.base import FieldContext, formats, texts_ok


@dataclass
class TextPayload:
    text: str
    patient_id: str | None = None

    @property
    def texts(self) -> Sequence[str]:
        return (self.text,)

    def render(self, fields: FieldContext, texts: Sequence[str]) -> bytes:
        texts_ok(texts, 1, "text")
        return texts[0].encode("utf-8")


@formats.register("text")
class TextHandler:
    name = "text"
    media_type = "text/plain"

    def __init__(self, options: Mapping[str, object] | None = None) -> None:
        if options:
            raise ConfigError(f"format text takes no options, got: {', '.join(sorted(options))}")

    def sniff(self, data: bytes) -> bool:
        try:
            data[:4096].decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            return exc.start >= 4093  # a multi-byte character cut by the prefix is still text
        return True

    def parse(self, data: bytes) -> TextPayload:
        try:
            return TextPayload(data.decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            raise InputError(f"the note is not UTF-8 text (bad byte at offset {exc.start})") from None
