"""Names after a label or a relationship word (``PATIENT``, ``DOCTOR``, ``RELATIVE``).

Note headers and nursing notes name people by role: "Patient Name: John Smith", "PCP: Sarah Patel",
"Attending: WONG, JANE", "daughter Mary Lou Smith at bedside", "HCP: wife (Ann)". The label gives the
role, so one match gives a typed span, which is why this is an ``EntityRecognizer``. Role words alone
are not names ("daughter at bedside", "Patient: Alert and oriented"): the stop words of ``_person``
and, for the bare "Patient:" label, a second name word are required.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import regex
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from phideid.detect.recognizers._base import MultiEntityRecognizer
from phideid.detect.recognizers._person import CAPITAL_NAME_WORD, NAME_WORD, name_sequence
from phideid.types import PhiType

#: a form label ends in ":" or "-" ("PCP: ", "Attending - ")
_COLON = r"[ \t]*[:\-][ \t]*"
_COURTESY = r"(?:(?:Mr|Mrs|Ms|Miss|Dr|MR|MRS|MS|DR)\.?[ \t]+)?"
#: "Smith, John" or "SMITH, JOHN A" as well as "John Smith"
_LAST_FIRST = rf"{CAPITAL_NAME_WORD},[ \t]*{CAPITAL_NAME_WORD}(?:[ \t]+[A-Z]\.?(?![\w]))?"

_PATIENT_LABELS = r"(?:patient|pt)['’]?s?[ \t]+name|name|patient|pt"
_CLINICIAN_LABELS = (
    r"attending(?:[ \t]+physician)?|resident|intern|fellow|pcp"
    r"|primary[ \t]+care(?:[ \t]+(?:physician|provider))?|physician|provider|surgeon|anesthesiologist"
    r"|referring(?:[ \t]+(?:physician|provider|md))?|consultant"
    r"|cc|nurse|rn|np|signed(?:[ \t]+electronically)?[ \t]+by|dictated[ \t]+by|transcribed[ \t]+by"
    r"|seen[ \t]+by|reviewed[ \t]+by|examined[ \t]+by|cosigned[ \t]+by|performed[ \t]+by|read[ \t]+by"
)
#: "daughter Mary", "wife, Ann", "son (John)", "brother is Paul"
_RELATIVE_GAP = r"[ \t]*[,(]?[ \t]*(?:is[ \t]+)?"
_RELATIVE_WORDS = (
    r"daughter|son|wife|husband|mother|father|mom|dad|sister|brother|spouse|partner|fianc[eé]e?|niece"
    r"|nephew|granddaughter|grandson|grandmother|grandfather|aunt|uncle|cousin|friend|neighbou?r"
    r"|caregiver|guardian|hcp|health[ \t]+care[ \t]+proxy|emergency[ \t]+contact|next[ \t]+of[ \t]+kin|nok"
)


#: the same in capitalised words only: without a colon, "WIFE TEARFUL, RELIEVED" is no "Last, First"
_LAST_FIRST_CAPITALISED = rf"{NAME_WORD},[ \t]*{NAME_WORD}(?:[ \t]+[A-Z]\.?(?![\w]))?"


def _labelled(labels: str, separator: str, name: str, last_first: str = _LAST_FIRST) -> regex.Pattern:
    return regex.compile(
        rf"(?<![\w])(?i:{labels}){separator}{_COURTESY}(?P<name>{last_first}|{name})",
    )


class LabelledNameRecognizer(MultiEntityRecognizer):
    """Finds names after role labels; the span is the name only.

    Parameters
    ----------
    score:
        Score of a name after a form label ("PCP: Sarah Patel").
    relative_score:
        Score of a name after a relationship word without a colon ("daughter Mary").
    """

    NAME: ClassVar[str] = "labelled_name"
    ENTITIES: ClassVar[tuple[PhiType, ...]] = (PhiType.PATIENT, PhiType.DOCTOR, PhiType.RELATIVE)

    _RULES: ClassVar[tuple[tuple[str, regex.Pattern, bool], ...]] = (
        # "Patient: Alert and oriented" is common: a bare patient label needs two name words
        ("PATIENT", _labelled(_PATIENT_LABELS, _COLON, name_sequence(CAPITAL_NAME_WORD, 3)), False),
        ("DOCTOR", _labelled(_CLINICIAN_LABELS, _COLON, name_sequence(CAPITAL_NAME_WORD, 3)), False),
        ("DOCTOR", _labelled(r"(?:seen|signed|dictated|reviewed|examined)[ \t]+by", r"[ \t]+",
                             name_sequence(NAME_WORD, 3)), False),
        ("RELATIVE", _labelled(_RELATIVE_WORDS, _COLON, name_sequence(CAPITAL_NAME_WORD, 3)), False),
        # without a colon only capitalised words: "SON PRESENT" in an all-caps note is no name
        ("RELATIVE", _labelled(_RELATIVE_WORDS, _RELATIVE_GAP, name_sequence(NAME_WORD, 3),
                               _LAST_FIRST_CAPITALISED), True),
    )
    _BARE_PATIENT = regex.compile(r"(?i:patient|pt)" + _COLON)

    def __init__(
        self, score: float = 0.8, relative_score: float = 0.7, supported_language: str = "en"
    ) -> None:
        self.score = score
        self.relative_score = relative_score
        super().__init__(supported_language)

    def analyze(
        self, text: str, entities: Sequence[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        wanted = set(entities or self.supported_entities)
        results = []
        for entity, pattern, weak in self._RULES:
            if entity not in wanted:
                continue
            for m in pattern.finditer(text):
                start, end = m.span("name")
                if entity == "PATIENT" and self._is_bare_patient_label(text, m.start(), start):
                    if len(text[start:end].replace(",", " ").split()) < 2:
                        continue
                score = self.relative_score if weak else self.score
                results.append(self.result(entity, start, end, score, "name after a role label"))
        return results

    def _is_bare_patient_label(self, text: str, label_start: int, name_start: int) -> bool:
        label = text[label_start:name_start]
        return self._BARE_PATIENT.match(label) is not None and "name" not in label.lower()
