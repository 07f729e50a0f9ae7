"""The base every phideid pattern recognizer shares: data up top, overridable per instance.

A recognizer subclass declares, as class-level defaults, the PHI type it finds (``ENTITY``), its stable
name (``NAME``: spans it finds are reported as ``pattern.<NAME>``), its ``PATTERNS`` (presidio
``Pattern``: name, regex, base score) and its ``CONTEXT`` words (lower-case, matched as whole words
against the few words before a hit by presidio's context enhancer). A constructor argument overrides
each default without touching the class, so two instances never share mutable state.

Regexes use lookbehind/lookahead for labels and titles, so the span covers the PHI only: "MRN: 123456"
gives ``123456``, "Dr. Wong" gives ``Wong``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

import regex
from presidio_analyzer import (
    AnalysisExplanation,
    EntityRecognizer,
    Pattern,
    PatternRecognizer,
    RecognizerResult,
)

from phideid.types import PhiType

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts


class PhiPatternRecognizer(PatternRecognizer):
    """A presidio ``PatternRecognizer`` for one ``PhiType`` with class-level defaults.

    Parameters
    ----------
    patterns:
        Replace the default ``PATTERNS``.
    context:
        Replace the default ``CONTEXT`` words.
    supported_language:
        Presidio language code (only ``"en"`` rules are shipped).
    """

    ENTITY: ClassVar[PhiType]
    NAME: ClassVar[str]
    PATTERNS: ClassVar[tuple[Pattern, ...]]
    CONTEXT: ClassVar[tuple[str, ...]] = ()
    #: names and addresses need capitals to tell "Dr. Wong" from "Dr. visit"
    CASE_SENSITIVE: ClassVar[bool] = False
    #: False only where the match itself proves a person ("Dr. Murphy" is PHI, "Murphy sign" is not)
    RESPECTS_ALLOW_LIST: ClassVar[bool] = True
    #: a cheap regex (case-insensitive) that every match needs somewhere in the text, such as the
    #: credential of "Wong, MD": a note without it skips the expensive patterns altogether
    REQUIRES: ClassVar[str | None] = None

    def __init__(
        self,
        patterns: Sequence[Pattern] | None = None,
        context: Sequence[str] | None = None,
        supported_language: str = "en",
    ) -> None:
        chosen = self.PATTERNS if patterns is None else patterns
        flags = regex.DOTALL | regex.MULTILINE | (0 if self.CASE_SENSITIVE else regex.IGNORECASE)
        super().__init__(
            supported_entity=self.ENTITY.value,
            name=self.NAME,
            supported_language=supported_language,
            # fresh Pattern objects: presidio caches the compiled regex on them
            patterns=[Pattern(name=p.name, regex=p.regex, score=p.score) for p in chosen],
            context=list(self.CONTEXT if context is None else context),
            global_regex_flags=flags,
        )
        self._requires = None if self.REQUIRES is None else regex.compile(self.REQUIRES, regex.IGNORECASE)

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        if self._requires is not None and self._requires.search(text) is None:
            return []
        return super().analyze(text, entities, nlp_artifacts, regex_flags)


class MultiEntityRecognizer(EntityRecognizer):
    """A recognizer whose one match gives spans of several types ("Boston, MA 02115"; "PCP: Jane Wong").

    Subclasses declare ``NAME`` and ``ENTITIES``, compile their regexes with the class, and build their
    results with ``result``.
    """

    NAME: ClassVar[str]
    ENTITIES: ClassVar[tuple[PhiType, ...]]
    RESPECTS_ALLOW_LIST: ClassVar[bool] = True

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entities=[e.value for e in self.ENTITIES],
            name=self.NAME,
            supported_language=supported_language,
        )

    def load(self) -> None:  # the regexes are compiled with the class
        pass

    def result(self, entity: str, start: int, end: int, score: float, why: str) -> RecognizerResult:
        return RecognizerResult(
            entity_type=entity,
            start=start,
            end=end,
            score=score,
            analysis_explanation=AnalysisExplanation(
                recognizer=self.name, original_score=score, textual_explanation=why
            ),
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            },
        )
