"""City, state and ZIP in the "City, ST 12345" pattern of a postal address (``CITY``, ``STATE``, ``ZIP``).

A five-digit number alone is a lab value, a count or an ID as often as it is a ZIP code, so the ZIP is
taken only after a state; a capitalised word is a city only before ", ST 12345" (or a spelled-out state).
One match gives up to three spans, which a ``PatternRecognizer`` cannot do, so this is an
``EntityRecognizer``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import regex
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from phideid.detect.recognizers._base import MultiEntityRecognizer
from phideid.detect.recognizers._lexicon import STATE, STATE_NAMES, ZIP
from phideid.types import PhiType

_CITY_WORD = r"(?:[A-Z][a-z]+(?:['\-][A-Z]?[a-z]+)*|St\.|Ft\.|Mt\.)"
_CITY = rf"{_CITY_WORD}(?:[ \t]+{_CITY_WORD}){{0,2}}"


class CityStateZipRecognizer(MultiEntityRecognizer):
    """Finds "Boston, MA 02115", "Springfield, Illinois 62704-1234", "MA 02115", "Austin, Texas".

    Parameters
    ----------
    score:
        Score of a city, state or ZIP found in a full "City, ST 12345".
    partial_score:
        Score where a part is missing ("MA 02115", "Austin, Texas").
    """

    NAME: ClassVar[str] = "city_state_zip"
    ENTITIES: ClassVar[tuple[PhiType, ...]] = (PhiType.CITY, PhiType.STATE, PhiType.ZIP)

    _FULL = regex.compile(
        rf"(?<![\w\-])(?P<city>{_CITY}),[ \t]*(?P<state>{STATE})\.?,?[ \t]+(?P<zip>{ZIP})(?![\d\-])"
    )
    # "MA 02115" without a city; a state abbreviation must be followed by the ZIP
    _STATE_ZIP = regex.compile(rf"(?<![\w\-])(?P<state>{STATE})\.?,?[ \t]+(?P<zip>{ZIP})(?![\d\-])")
    # "Austin, Texas": only a spelled-out state; "Neuro, PA" is a service and a physician assistant
    _CITY_STATE_NAME = regex.compile(
        rf"(?<![\w\-])(?P<city>{_CITY}),[ \t]*(?P<state>"
        + "|".join(sorted(STATE_NAMES, key=len, reverse=True))
        + r")\b(?![ \t]*,?[ \t]*\d)"
    )

    def __init__(
        self, score: float = 0.85, partial_score: float = 0.7, supported_language: str = "en"
    ) -> None:
        self.score = score
        self.partial_score = partial_score
        super().__init__(supported_language)

    def analyze(
        self, text: str, entities: Sequence[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        wanted = set(entities or self.supported_entities)
        found: dict[tuple[str, int, int], float] = {}
        for m in self._FULL.finditer(text):
            for group, entity in (("city", "CITY"), ("state", "STATE"), ("zip", "ZIP")):
                self._keep(found, entity, m.span(group), self.score)
        for m in self._STATE_ZIP.finditer(text):
            self._keep(found, "STATE", m.span("state"), self.partial_score)
            self._keep(found, "ZIP", m.span("zip"), self.score)
        for m in self._CITY_STATE_NAME.finditer(text):
            self._keep(found, "CITY", m.span("city"), self.partial_score)
            self._keep(found, "STATE", m.span("state"), self.partial_score)
        return [
            self.result(entity, start, end, score, "postal address pattern")
            for (entity, start, end), score in found.items()
            if entity in wanted
        ]

    @staticmethod
    def _keep(
        found: dict[tuple[str, int, int], float], entity: str, span: tuple[int, int], score: float
    ) -> None:
        key = (entity, span[0], span[1])
        found[key] = max(score, found.get(key, 0.0))
