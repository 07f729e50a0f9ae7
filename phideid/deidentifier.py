"""The ``Deidentifier`` facade: the one object every edge (CLI, stream, API, batch) uses.

Flow for a batch of documents: every detector runs once over all texts (one model call for the whole
batch), the spans of each text are merged, each document's policy replaces them with the patient's
surrogate context from the vault, and the value map of reidentifiable policies is written to the vault
in one transaction. Each result carries the new text, the spans of the replacements in it and a report
of counts, actions and versions, never the PHI.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata

from phideid.detect.base import Detector
from phideid.detect.merge import merge_spans
from phideid.errors import DeidentificationError, DetectionError, InputError, PhideidError
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

    def as_dict(self) -> dict[str, object]:
        return {
            "counts": dict(self.counts),
            "actions": dict(self.actions),
            "policy": dict(self.policy),
            "detectors": list(self.detectors),
            "engine_version": self.engine_version,
            "patient": self.patient,
        }


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
        Run in order over every batch; their spans are merged per text.
    vault:
        Patient pseudonyms and date offsets, the surrogate key and the value map.
    default_policy:
        Name or path of the policy used when a document names none.
    max_chars:
        Longer texts are refused with ``InputError`` (they are returned as failed results).

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
        reference_year: int | None = None,
    ) -> None:
        if not detectors:
            raise DetectionError("a Deidentifier needs at least one detector")
        self.detectors = tuple(detectors)
        self.vault = vault
        self.max_chars = max_chars
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
        """De-identify a batch; one bad document fails alone, with a typed error and no PHI.

        A detector failure fails the whole batch (``DetectionError``): nothing is passed on unchecked.
        """
        started = time.perf_counter()
        failures: dict[int, PhideidError] = {}
        for i, doc in enumerate(documents):
            problem = self._check(doc)
            if problem is not None:
                failures[i] = problem
        texts = [doc.text if i not in failures else "" for i, doc in enumerate(documents)]
        spans = self._detect(texts)

        results: list[Result] = []
        remembered: list[OriginalValue] = []
        for i, doc in enumerate(documents):
            if i in failures:
                results.append(Result(None, error=failures[i]))
                continue
            try:
                result, originals = self._replace(doc, spans[i])
            except PhideidError as exc:
                results.append(Result(None, error=exc))
                continue
            results.append(result)
            remembered.extend(originals)
        if remembered:
            self.vault.remember(remembered)
        failed = sum(1 for r in results if not r.ok)
        # counts, classes and timing only: never text, values or patient ids
        log.info(
            "de-identified %d documents (%d failed: %s) in %.1f ms",
            len(results), failed, ",".join(sorted({r.error.code for r in results if r.error})) or "-",
            (time.perf_counter() - started) * 1000,
        )
        return results

    def _check(self, doc: Document) -> PhideidError | None:
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
        for detector in self.detectors:
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
            for acc, spans in zip(found, batch, strict=True):
                acc.extend(spans)
        return [merge_spans(text, spans) for text, spans in zip(texts, found, strict=True)]

    def _context(self, doc: Document, policy: Policy) -> tuple[SurrogateContext, str | None]:
        if doc.patient_id:
            record = self.vault.patient(doc.patient_id)  # the vault caches records in memory
            offset, scope = record.date_offset_days, record.pseudonym
        else:
            # no patient named: a random shift for this document alone keeps its own intervals
            offset, scope = new_date_offset(), ""
        key = self._key if policy.surrogate_key is KeyScope.VAULT else secrets.token_bytes(32)
        return SurrogateContext(key, offset, scope, self.reference_year), scope or None

    def _replace(self, doc: Document, spans: list[Span]) -> tuple[Result, list[OriginalValue]]:
        policy = self.policy(doc.policy)
        ctx, pseudonym = self._context(doc, policy)
        text, replacements = apply_policy(doc.text, spans, policy, ctx)
        report = self._report(policy, replacements, pseudonym)
        originals = []
        if policy.reidentifiable:
            originals = [
                OriginalValue(pseudonym, r.span.phi_type, r.surrogate, r.original)
                for r in replacements
                if r.surrogate != r.original
            ]
        return Result(text, tuple(r.span for r in replacements), report), originals

    def _report(self, policy: Policy, replacements: list[Replacement], pseudonym: str | None) -> Report:
        return Report(
            counts=dict(Counter(r.span.phi_type.value for r in replacements)),
            actions=dict(Counter(r.action.value for r in replacements)),
            policy=policy.describe(),
            detectors=tuple(d.name for d in self.detectors),
            engine_version=ENGINE_VERSION,
            patient=pseudonym,
        )


__all__ = ["Deidentifier", "DeidentificationError", "Document", "Report", "Result"]
