"""``PatternDetector``: presidio pattern recognizers over a batch of texts, offline.

One presidio ``AnalyzerEngine`` is built per detector, with the blank-spaCy ``OfflineNlpEngine`` (no
model, no download) and a ``RecognizerRegistry`` holding exactly the recognizers listed in
``default_recognizers()`` (an explicit list: nothing is discovered), optionally narrowed to some PHI
types and extended with a caller's own recognizers. ``detect(texts)`` tokenizes the whole batch in one
``process_batch`` call, runs the recognizers on each text with those tokens, keeps results at or above
the score threshold, drops spans the allow-list protects and numbers the clinical-number guard reads as
vital signs, labs, doses or vent settings ("PS 10/5" is not a date, "UO 300-1500" not a phone number; see
``phideid.detect.clinical_numbers``), and returns ``Span`` lists.

Overlapping spans are returned as they are: resolving them is the merge step's job.

Example
-------
>>> detector = PatternDetector()
>>> [(s.phi_type.value, s.source) for s in detector.detect(["MRN: 00123456"])[0]]
[('MEDICALRECORD', 'pattern.mrn')]
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry, RecognizerResult
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer

from phideid.detect.allowlist import AllowList
from phideid.detect.clinical import PERSON_TYPES, ClinicalVeto
from phideid.detect.clinical_numbers import ClinicalNumberGuard
from phideid.detect.nlp import OfflineNlpEngine
from phideid.detect.recognizers.account import AccountNumberRecognizer
from phideid.detect.recognizers.age import AgeOver89Recognizer
from phideid.detect.recognizers.city_state_zip import CityStateZipRecognizer
from phideid.detect.recognizers.date import DateRecognizer
from phideid.detect.recognizers.dea import DeaNumberRecognizer
from phideid.detect.recognizers.device_serial import DeviceSerialRecognizer
from phideid.detect.recognizers.doctor_credential import DoctorCredentialRecognizer
from phideid.detect.recognizers.doctor_title import DoctorTitleRecognizer
from phideid.detect.recognizers.email import EmailRecognizer
from phideid.detect.recognizers.fax import FaxRecognizer
from phideid.detect.recognizers.health_plan import HealthPlanRecognizer
from phideid.detect.recognizers.ip_address import IpAddressRecognizer
from phideid.detect.recognizers.labelled_name import LabelledNameRecognizer
from phideid.detect.recognizers.license import LicenseNumberRecognizer
from phideid.detect.recognizers.license_plate import LicensePlateRecognizer
from phideid.detect.recognizers.mrn import MedicalRecordRecognizer
from phideid.detect.recognizers.npi import NpiRecognizer
from phideid.detect.recognizers.pager import PagerRecognizer
from phideid.detect.recognizers.phone import PhoneRecognizer
from phideid.detect.recognizers.ssn import SsnRecognizer
from phideid.detect.recognizers.street import StreetAddressRecognizer
from phideid.detect.recognizers.titled_name import TitledNameRecognizer
from phideid.detect.recognizers.udi import UdiRecognizer
from phideid.detect.recognizers.url import UrlRecognizer
from phideid.detect.recognizers.vin import VinRecognizer
from phideid.detect.recognizers.zip_code import ZipCodeRecognizer
from phideid.errors import ConfigError, DetectionError
from phideid.types import PhiType, Span

LANGUAGE = "en"
DEFAULT_SCORE_THRESHOLD = 0.5
#: the shipped keyword, unit and count tables (an immutable value, safe as a default)
DEFAULT_CLINICAL_GUARD = ClinicalNumberGuard()


def default_recognizers() -> list[EntityRecognizer]:
    """Fresh instances of every shipped recognizer, in a fixed order."""
    return [
        MedicalRecordRecognizer(),
        AccountNumberRecognizer(),
        HealthPlanRecognizer(),
        LicenseNumberRecognizer(),
        DeaNumberRecognizer(),
        NpiRecognizer(),
        DateRecognizer(),
        AgeOver89Recognizer(),
        PhoneRecognizer(),
        FaxRecognizer(),
        PagerRecognizer(),
        StreetAddressRecognizer(),
        CityStateZipRecognizer(),
        ZipCodeRecognizer(),
        EmailRecognizer(),
        UrlRecognizer(),
        IpAddressRecognizer(),
        SsnRecognizer(),
        VinRecognizer(),
        LicensePlateRecognizer(),
        DeviceSerialRecognizer(),
        UdiRecognizer(),
        DoctorTitleRecognizer(),
        DoctorCredentialRecognizer(),
        TitledNameRecognizer(),
        LabelledNameRecognizer(),
    ]


def _quiet_presidio_logger() -> None:
    # presidio logs the words around each match at DEBUG ("Context list is: ..."): that is PHI, and PHI
    # never reaches a log line, so its logger is held at WARNING or above whatever the root level is.
    presidio_logger = logging.getLogger("presidio-analyzer")
    if presidio_logger.level < logging.WARNING:  # NOTSET (0) included: it would inherit the root's
        presidio_logger.setLevel(logging.WARNING)


class PatternDetector:
    """Finds structured PHI (dates, ages over 89, IDs, contacts, addresses, titled names) with regexes.

    Parameters
    ----------
    entities:
        PHI types to look for (default: every type a recognizer finds). A type no recognizer finds is a
        ``ConfigError``.
    extra_recognizers:
        Presidio recognizers to run besides the shipped ones; their entity names must be ``PhiType``
        values and their names must not clash with the shipped ones.
    score_threshold:
        Results scored below it are dropped. Label-less look-alikes (a bare 7-digit number) score
        under the default 0.5 and are kept only when a context word ("MRN", "acct") lifts them.
    allow_list:
        Clinical terms never reported (default: the shipped list, ``AllowList.load()``).
    batch_size:
        Texts per spaCy ``pipe`` batch.
    clinical_guard:
        Drops numeric spans that their context makes clinical values ("BP 95/42", "PS 10/5", "2/4 PRBC",
        "10-12 cc/hr"), whichever recognizer found them; ``None`` keeps every span.
    name_veto:
        Judges the names of people a label or a credential pointed at as the model's are judged
        (``phideid.detect.clinical``): "PT: GLASSES, DENTURES" and "RECEIVING RN" are no names; after a
        title a name stays. ``True`` (default): the shipped lists with ``allow_list``; ``False`` keeps every
        name.
    """

    name = "pattern"

    def __init__(
        self,
        entities: Iterable[PhiType | str] | None = None,
        extra_recognizers: Sequence[EntityRecognizer] = (),
        score_threshold: float = DEFAULT_SCORE_THRESHOLD,
        allow_list: AllowList | None = None,
        batch_size: int = 256,
        clinical_guard: ClinicalNumberGuard | None = DEFAULT_CLINICAL_GUARD,
        name_veto: ClinicalVeto | bool = True,
    ) -> None:
        if not 0.0 <= score_threshold <= 1.0:
            raise ConfigError(f"score_threshold must be in [0, 1], got {score_threshold}")
        if batch_size < 1:
            raise ConfigError(f"batch_size must be at least 1, got {batch_size}")
        _quiet_presidio_logger()  # before any recognizer is built: they log as they load
        recognizers = default_recognizers()
        self._check_extra(recognizers, extra_recognizers)
        recognizers.extend(extra_recognizers)

        available = {e for r in recognizers for e in r.supported_entities}
        if entities is None:
            wanted = available
        else:
            wanted = {self._entity_name(e) for e in entities}
            missing = wanted - available
            if missing:
                raise ConfigError(
                    f"no pattern recognizer finds {sorted(missing)}; available: {sorted(available)}"
                )
        recognizers = [r for r in recognizers if wanted.intersection(r.supported_entities)]

        self.entities: tuple[str, ...] = tuple(sorted(wanted))
        self.score_threshold = score_threshold
        self.allow_list = allow_list if allow_list is not None else AllowList.load()
        self.batch_size = batch_size
        self.clinical_guard = clinical_guard
        self.name_veto: ClinicalVeto | None = (
            ClinicalVeto.load(self.allow_list) if name_veto is True else name_veto or None
        )
        self._exempt = {r.name for r in recognizers if not getattr(r, "RESPECTS_ALLOW_LIST", True)}

        nlp_engine = OfflineNlpEngine(languages=(LANGUAGE,))
        nlp_engine.load()
        self.analyzer = AnalyzerEngine(
            registry=RecognizerRegistry(recognizers=recognizers, supported_languages=[LANGUAGE]),
            nlp_engine=nlp_engine,
            supported_languages=[LANGUAGE],
            default_score_threshold=score_threshold,
            # whole words: "lic" must not be found inside "duplicate", nor "dea" inside "ideal"
            context_aware_enhancer=LemmaContextAwareEnhancer(context_matching_mode="whole_word"),
        )

    @property
    def recognizer_names(self) -> list[str]:
        """Names of the recognizers this detector runs (spans report them as ``pattern.<name>``)."""
        return [r.name for r in self.analyzer.registry.recognizers]

    def detect(self, texts: Sequence[str]) -> list[list[Span]]:
        """The PHI spans of each text, in the order of ``texts``; allow-listed spans removed.

        Raises
        ------
        DetectionError
            A text is not a string, or a recognizer failed; the message names the position only.
        """
        for i, text in enumerate(texts):
            if not isinstance(text, str):
                raise DetectionError(f"text #{i} of the batch is {type(text).__name__}, not str")
        nlp_engine = self.analyzer.nlp_engine
        out: list[list[Span]] = []
        try:
            batch = nlp_engine.process_batch(list(texts), language=LANGUAGE, batch_size=self.batch_size)
            for text, artifacts in batch:
                if not text.strip():
                    out.append([])
                    continue
                results = self.analyzer.analyze(
                    text=text,
                    language=LANGUAGE,
                    entities=list(self.entities),
                    nlp_artifacts=artifacts,
                    score_threshold=self.score_threshold,
                )
                out.append(self._to_spans(text, results))
        except DetectionError:
            raise
        except Exception as exc:
            # no "from exc": presidio's messages can quote the text
            raise DetectionError(
                f"pattern detector failed on text #{len(out)} of a batch of {len(texts)} "
                f"({type(exc).__name__})"
            ) from None
        return out

    def _to_spans(self, text: str, results: list[RecognizerResult]) -> list[Span]:
        spans = []
        for r in results:
            recognizer = (r.recognition_metadata or {}).get(RecognizerResult.RECOGNIZER_NAME_KEY, "unknown")
            if recognizer not in self._exempt and self.allow_list.allows(text[r.start : r.end]):
                continue
            phi_type = PhiType(r.entity_type)
            guard = self.clinical_guard
            if guard is not None and guard.reason(text, r.start, r.end, phi_type) is not None:
                continue
            span = Span(r.start, r.end, phi_type, min(1.0, max(0.0, float(r.score))), f"pattern.{recognizer}")
            # a name after a title is a person whatever the word ("Dr. Murphy"): exempt as from the allow-list
            if (self.name_veto is not None and phi_type in PERSON_TYPES and recognizer not in self._exempt
                    and not self.name_veto.keep(text, span)):
                continue
            spans.append(span)
        spans.sort(key=lambda s: (s.start, s.end, s.phi_type.value))
        return spans

    @staticmethod
    def _entity_name(entity: PhiType | str) -> str:
        try:
            return PhiType(entity).value
        except ValueError:
            raise ConfigError(
                f"{entity!r} is not a PhiType; expected one of {[t.value for t in PhiType]}"
            ) from None

    @staticmethod
    def _check_extra(shipped: list[EntityRecognizer], extra: Sequence[EntityRecognizer]) -> None:
        names = {r.name for r in shipped}
        for recognizer in extra:
            if recognizer.name in names:
                raise ConfigError(f"recognizer name {recognizer.name!r} is used twice; give it another name")
            names.add(recognizer.name)
            for entity in recognizer.supported_entities:
                PatternDetector._entity_name(entity)
