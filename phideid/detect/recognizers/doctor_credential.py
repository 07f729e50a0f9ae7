"""Clinicians named before a credential (``DOCTOR``): "Wong, MD", "J. Wong MD", "Jane Wong, RN"."""

from __future__ import annotations

from presidio_analyzer import Pattern

from phideid.detect.recognizers._base import PhiPatternRecognizer
from phideid.detect.recognizers._person import NAME_BEFORE_CREDENTIAL, NAME_WORD
from phideid.types import PhiType

#: credentials that are nothing else in a note
_STRONG = (
    r"(?:M\.?D|R\.?N|N\.?P|Ph\.?D|PA-C|DDS|DMD|PharmD|CNM|CRNA|CNS|LPN|APRN|FNP(?:-BC)?|ANP|DNP|"
    r"LCSW|LICSW|MSW|DPM|MBBS|FACS|FACP|FACC|RPh)\.?"
)
#: "PA" is also postero-anterior ("CXR, PA and lateral") and "DO" a verb ("DO NOT"): two name words needed
_WEAK = r"(?:P\.?A|D\.?O)\.?"
#: the credential ends a word: not "MDMA"
_END = r"(?![A-Za-z])"
#: a weak credential also ends the phrase: not "DO NOT", not "PA LATERAL" (all-caps notes lose these)
_WEAK_END = r"(?![A-Za-z])(?![ \t]+[A-Z]{2,}\b)"


class DoctorCredentialRecognizer(PhiPatternRecognizer):
    """The span is the name only, not the credential. Case-sensitive."""

    ENTITY = PhiType.DOCTOR
    NAME = "doctor_credential"
    CASE_SENSITIVE = True
    REQUIRES = rf"\b(?-i:{_STRONG}|{_WEAK})(?![A-Za-z])"
    PATTERNS = (
        Pattern(
            "name_credential", r"\b(?=[A-Z])" + NAME_BEFORE_CREDENTIAL + rf"(?=,?[ \t]*{_STRONG}{_END})", 0.85
        ),
        Pattern(
            "full_name_weak_credential",
            rf"\b(?=[A-Z]){NAME_WORD}(?:[ \t]+[A-Z]\.?)?[ \t]+{NAME_WORD}(?=,?[ \t]*{_WEAK}{_WEAK_END})",
            0.75,
        ),
    )
    CONTEXT = ()
