"""The ``Detector`` plug point: anything that finds PHI spans in a batch of texts.

Pattern recognizers, the NER model (``models``) and structured-field rules all meet here. Detection is
batched so one model call serves every free-text field of every payload in a batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from phideid.types import Span


@runtime_checkable
class Detector(Protocol):
    """Finds PHI in many texts at once.

    ``detect(texts)[i]`` are the spans of ``texts[i]``, offsets into that text, in any order; they may
    overlap (the merge step resolves that). A detector never mutates or logs its input.
    """

    name: str

    def detect(self, texts: Sequence[str]) -> list[list[Span]]: ...
