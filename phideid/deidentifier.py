"""The ``Deidentifier`` facade: the one object every edge (CLI, stream, API, batch) uses.

Flow for a batch of payloads (notes, HL7 v2, FHIR, DICOM): each format handler parses its payload and
collects its free texts; every detector runs once over all texts of the batch (one model call), the spans
of each text are merged, each payload's policy replaces them with the patient's surrogate context from the
vault, the handler replaces the structured fields by meaning and writes the payload back, and the value map
of reidentifiable policies is written to the vault in one transaction. Each result carries the new payload
(and, for texts, the spans of the replacements in it) and a report of counts, actions and versions, never
the PHI.
"""

from __future__ import annotations

import dataclasses
import logging
import secrets
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata

from phideid.detect.base import Detector
from phideid.detect.merge import merge_spans
from phideid.errors import DeidentificationError, DetectionError, InputError, PhideidError
from phideid.formats import FieldContext, FormatHandler, ParsedPayload, build_handlers, sniff_format
from phideid.formats.text import TextPayload
from phideid.policy import DEFAULT_POLICY, KeyScope, Policy, load_policy
from phideid.replace import Replacement, apply_policy
from phideid.surrogates.base import SurrogateContext
from phideid.types import Span
from phideid.vault.base import OriginalValue, Vault, new_date_offset

log = logging.getLogger(__name__)

try:
    ENGINE_VERSION = metadata.version("phideid")
except metadata.PackageNotFoundError:  # running from a source tree without installing
    ENGINE_VERSION = "0+unknown"


@dataclass(frozen=True)
class Document:
    """One text to de-identify; ``patient_id`` makes surrogates and date shifts consistent per patient."""

    text: str
    patient_id: str | None = None
    policy: str | None = None  # a policy name or path; None uses the engine's default


@dataclass(frozen=True)
class Report:
    """What was done to one document: counts and versions only, safe to log and return."""

    counts: Mapping[str, int]
    actions: Mapping[str, int]
    policy: Mapping[str, object]
    detectors: tuple[str, ...]
    engine_version: str
    patient: str | None  # the patient's pseudonym, never the id
    format: str = "text"
    removed: Mapping[str, int] = field(default_factory=dict)  # elements dropped whole, by kind
    flags: Mapping[str, int] = field(default_factory=dict)  # what a reviewer must check, by kind

    def as_dict(self) -> dict[str, object]:
        return {
            "format": self.format,
            "counts": dict(self.counts),
            "actions": dict(self.actions),
            "policy": dict(self.policy),
            "detectors": list(self.detectors),
            "engine_version": self.engine_version,
            "patient": self.patient,
            "removed": dict(self.removed),
            "flags": dict(self.flags),
        }


@dataclass(frozen=True)
class Payload:
    """One payload in any format; ``format`` None means sniffed from the content."""

    data: bytes
    format: str | None = None
    patient_id: str | None = None  # overrides the patient key the payload carries
    policy: str | None = None


@dataclass(frozen=True)
class PayloadResult:
    """The outcome of one payload: ``data`` in the same format, or ``error``."""

    data: bytes | None
    format: str | None
    report: Report | None = None
    error: PhideidError | None = field(default=None)

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class Result:
    """The outcome of one document: either ``text`` (with ``spans`` into it) or ``error``."""

    text: str | None
    spans: tuple[Span, ...] = ()
    report: Report | None = None
    error: PhideidError | None = field(default=None)

    @property
    def ok(self) -> bool:
        return self.error is None


class Deidentifier:
    """Finds and replaces PHI in texts, batched.

    Parameters
    ----------
    detectors:
        Run over every batch, the first in the calling thread and the others at the same time in worker
        threads (the NER model leaves Python's lock while ONNX Runtime computes, so the pattern
        recognizers run meanwhile); their spans are merged per text, in the order given.
    vault:
        Patient pseudonyms and date offsets, the surrogate key and the value map.
    default_policy:
        Name or path of the policy used when a document names none.
    max_chars:
        Longer texts (a payload's free text in all) are refused with ``InputError``.
    max_bytes:
        Larger payloads are refused with ``InputError``.
    formats:
        Format handlers by name; default: every registered one with default options.

    Examples
    --------
    >>> engine = Deidentifier([PatternDetector()], open_vault("sqlite:///:memory:"))  # doctest: +SKIP
    >>> engine.deidentify("Seen by Dr. Wong on 7/22/2009.", patient_id="MRN-1").text  # doctest: +SKIP
    'Seen by Dr. Baxter on 9/3/2009.'
    """

    def __init__(
        self,
        detectors: Sequence[Detector],
        vault: Vault,
        *,
        default_policy: str = DEFAULT_POLICY,
        max_chars: int = 1_000_000,
        max_bytes: int = 64 * 1024 * 1024,
        reference_year: int | None = None,
        formats: Mapping[str, FormatHandler] | None = None,
    ) -> None:
        if not detectors:
            raise DetectionError("a Deidentifier needs at least one detector")
        self.detectors = tuple(detectors)
        self._pool = (ThreadPoolExecutor(len(self.detectors) - 1, thread_name_prefix="phideid-detect")
                      if len(self.detectors) > 1 else None)
        self.vault = vault
        self.max_chars = max_chars
        self.max_bytes = max_bytes
        self.formats = dict(formats) if formats is not None else build_handlers()
        self.reference_year = reference_year or datetime.now(UTC).year
        self._policies: dict[str, Policy] = {}
        self.default_policy = self.policy(default_policy)  # fail at start-up on a bad default
        self._key = vault.surrogate_key()

    def policy(self, name: str | None) -> Policy:
        """The loaded policy for ``name`` (cached); the default when ``name`` is None."""
        if name is None:
            return self.default_policy
        if name not in self._policies:
            self._policies[name] = load_policy(name)
        return self._policies[name]

    def deidentify(self, text: str, *, patient_id: str | None = None, policy: str | None = None) -> Result:
        """De-identify one text; raises the document's ``PhideidError`` instead of returning it."""
        result = self.deidentify_many([Document(text, patient_id, policy)])[0]
        if result.error is not None:
            raise result.error
        return result

    def deidentify_many(self, documents: Sequence[Document]) -> list[Result]:
        """De-identify a batch of texts; one bad document fails alone, with a typed error and no PHI.

        A detector failure fails the whole batch (``DetectionError``): nothing is passed on unchecked.
        """
        units: list[_Unit | PhideidError] = []
        for doc in documents:
            problem = self._check_text(doc)
            units.append(problem or _Unit("text", TextPayload(doc.text), doc.patient_id, doc.policy))
        results = []
        for done in self._run(units):
            if isinstance(done, PhideidError):
                results.append(Result(None, error=done))
            else:
                text = done.texts[0]
                results.append(Result(text, tuple(r.span for r in done.text_replacements[0]), done.report))
        return results

    def deidentify_payload(
        self, data: bytes, *, format: str | None = None, patient_id: str | None = None,
        policy: str | None = None,
    ) -> PayloadResult:
        """De-identify one payload of any format; raises its ``PhideidError`` instead of returning it."""
        result = self.deidentify_payloads([Payload(data, format, patient_id, policy)])[0]
        if result.error is not None:
            raise result.error
        return result

    def deidentify_payloads(self, payloads: Sequence[Payload]) -> list[PayloadResult]:
        """De-identify payloads of any format (text, HL7 v2, FHIR, DICOM) in one batch.

        Each payload's format is the one named, else sniffed from its content. All free text of all
        payloads goes through the detectors in one call. A payload that cannot be parsed or rendered
        fails alone with a typed error; it is never returned half done.
        """
        units: list[_Unit | PhideidError] = []
        names: list[str | None] = []
        for payload in payloads:
            unit = self._parse(payload)
            units.append(unit)
            names.append(unit.format if isinstance(unit, _Unit) else payload.format)
        results = []
        for name, done in zip(names, self._run(units), strict=True):
            if isinstance(done, PhideidError):
                results.append(PayloadResult(None, name, None, done))
            else:
                results.append(PayloadResult(done.data, name, done.report))
        return results

    def _parse(self, payload: Payload) -> _Unit | PhideidError:
        if not isinstance(payload.data, bytes | bytearray):
            return InputError(f"a payload must be bytes, not {type(payload.data).__name__}")
        if len(payload.data) > self.max_bytes:
            return InputError(f"payload of {len(payload.data)} bytes exceeds the limit of {self.max_bytes}")
        try:
            self.policy(payload.policy)
            name = payload.format or sniff_format(bytes(payload.data), self.formats)
            if name not in self.formats:
                raise InputError(f"unknown format {name!r}; known: {', '.join(sorted(self.formats))}")
            parsed = self.formats[name].parse(bytes(payload.data))
            if sum(len(t) for t in parsed.texts) > self.max_chars:
                raise InputError(f"the payload's free text exceeds the limit of {self.max_chars} characters")
        except PhideidError as exc:
            return exc
        except Exception as exc:  # a parser's bug: refuse the payload, name the class only
            return DeidentificationError(f"cannot parse the payload ({exc.__class__.__name__})")
        return _Unit(
            name, parsed, payload.patient_id or parsed.patient_id, payload.policy, bool(payload.patient_id)
        )

    def _run(self, units: Sequence[_Unit | PhideidError]) -> list[_Done | PhideidError]:
        started = time.perf_counter()
        live = [u for u in units if isinstance(u, _Unit)]
        texts = [t for u in live for t in u.parsed.texts]
        found = iter(self._detect(texts))

        done: list[_Done | PhideidError] = []
        remembered: list[OriginalValue] = []
        for unit in units:
            if isinstance(unit, PhideidError):
                done.append(unit)
                continue
            spans = [next(found) for _ in unit.parsed.texts]
            try:
                finished, originals = self._finish(unit, spans)
            except PhideidError as exc:
                done.append(exc)
                continue
            except Exception as exc:  # a handler's bug: refuse the payload, name the class only
                done.append(DeidentificationError(f"cannot write the payload ({exc.__class__.__name__})"))
                continue
            done.append(finished)
            remembered.extend(originals)
        if remembered:
            self.vault.remember(remembered)
        failed = sorted({d.code for d in done if isinstance(d, PhideidError)})
        # counts, classes and timing only: never text, values or patient ids
        log.info(
            "de-identified %d payloads (%d failed: %s) in %.1f ms",
            len(done), sum(isinstance(d, PhideidError) for d in done), ",".join(failed) or "-",
            (time.perf_counter() - started) * 1000,
        )
        return done

    def _check_text(self, doc: Document) -> PhideidError | None:
        if not isinstance(doc.text, str):
            return InputError(f"a document's text must be str, not {type(doc.text).__name__}")
        if len(doc.text) > self.max_chars:
            return InputError(f"text of {len(doc.text)} characters exceeds the limit of {self.max_chars}")
        try:
            self.policy(doc.policy)
        except PhideidError as exc:
            return exc
        return None

    def _detect(self, texts: list[str]) -> list[list[Span]]:
        found: list[list[Span]] = [[] for _ in texts]
        if not texts:
            return found
        first, *others = self.detectors
        pending = [self._pool.submit(self._run_detector, d, texts) for d in others] if self._pool else []
        try:
            batches = [self._run_detector(first, texts)]
        finally:  # never leave a worker running on this batch behind
            results = [f.exception() or f.result() for f in pending]
        for outcome in results:
            if isinstance(outcome, BaseException):
                raise outcome
            batches.append(outcome)
        for batch in batches:
            for acc, spans in zip(found, batch, strict=True):
                acc.extend(spans)
        return [merge_spans(text, spans) for text, spans in zip(texts, found, strict=True)]

    @staticmethod
    def _run_detector(detector: Detector, texts: list[str]) -> list[list[Span]]:
        try:
            batch = detector.detect(texts)
        except PhideidError:
            raise
        except Exception as exc:  # a detector's own failure, reported by class only
            raise DetectionError(f"detector {detector.name} failed ({exc.__class__.__name__})") from None
        if len(batch) != len(texts):
            raise DetectionError(
                f"detector {detector.name} returned {len(batch)} results for {len(texts)} texts"
            )
        return batch

    def _context(self, patient_id: str | None, policy: Policy) -> tuple[SurrogateContext, str | None]:
        if patient_id:
            record = self.vault.patient(patient_id)  # the vault caches records in memory
            offset, scope = record.date_offset_days, record.pseudonym
        else:
            # no patient named: a random shift for this payload alone keeps its own intervals
            offset, scope = new_date_offset(), ""
        key = self._key if policy.surrogate_key is KeyScope.VAULT else secrets.token_bytes(32)
        return SurrogateContext(key, offset, scope, self.reference_year), scope or None

    def _finish(self, unit: _Unit, spans: list[list[Span]]) -> tuple[_Done, list[OriginalValue]]:
        policy = self.policy(unit.policy)
        ctx, pseudonym = self._context(unit.patient_id, policy)
        contexts = {unit.patient_id: ctx}

        def context_of(patient_id: str | None) -> SurrogateContext:
            # a payload about several patients (a bulk NDJSON export) gives each its own pseudonym and
            # date offset, under the payload's one key; unless the caller named the patient for all of it
            if unit.explicit or patient_id is None or patient_id == unit.patient_id:
                return ctx
            if patient_id not in contexts:
                record = self.vault.patient(patient_id)
                contexts[patient_id] = dataclasses.replace(
                    ctx, date_offset_days=record.date_offset_days, scope=record.pseudonym
                )
            return contexts[patient_id]

        owners = getattr(unit.parsed, "text_patients", None) or [None] * len(unit.parsed.texts)
        texts: list[str] = []
        text_replacements: list[list[Replacement]] = []
        originals: list[OriginalValue] = []
        for text, text_spans, owner in zip(unit.parsed.texts, spans, owners, strict=True):
            text_ctx = context_of(owner)
            new, replacements = apply_policy(text, text_spans, policy, text_ctx)
            texts.append(new)
            text_replacements.append(replacements)
            originals += _originals(policy, text_ctx, replacements)
        fields = FieldContext(policy, ctx, patients=context_of)
        data = unit.parsed.render(fields, texts)
        originals += [o for f in fields.patient_fields() for o in _originals(policy, f.surrogates, f.own)]
        every = [r for rs in text_replacements for r in rs] + fields.replacements
        report = self._report(policy, every, pseudonym, unit.format, fields.removed, fields.flags)
        return _Done(data, texts, text_replacements, report), originals

    def _report(
        self, policy: Policy, replacements: list[Replacement], pseudonym: str | None, format: str,
        removed: Mapping[str, int], flags: Mapping[str, int],
    ) -> Report:
        return Report(
            counts=dict(Counter(r.span.phi_type.value for r in replacements)),
            actions=dict(Counter(r.action.value for r in replacements)),
            policy=policy.describe(),
            detectors=tuple(d.name for d in self.detectors),
            engine_version=ENGINE_VERSION,
            patient=pseudonym,
            format=format,
            removed=dict(removed),
            flags=dict(flags),
        )


def _originals(policy: Policy, ctx: SurrogateContext, done: Sequence[Replacement]) -> list[OriginalValue]:
    """The value-map entries of a reidentifiable policy, under the patient whose context made them."""
    if not policy.reidentifiable:
        return []
    return [OriginalValue(ctx.scope or None, r.span.phi_type, r.surrogate, r.original)
            for r in done if r.surrogate != r.original]


@dataclass(frozen=True)
class _Unit:
    """One payload parsed and waiting for detection."""

    format: str
    parsed: ParsedPayload
    patient_id: str | None
    policy: str | None
    explicit: bool = False  # the caller named the patient: it holds for the whole payload


@dataclass(frozen=True)
class _Done:
    data: bytes
    texts: list[str]
    text_replacements: list[list[Replacement]]
    report: Report


__all__ = [
    "Deidentifier", "DeidentificationError", "Document", "Payload", "PayloadResult", "Report", "Result",
]
