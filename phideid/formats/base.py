"""The contract every format handler (text, HL7 v2, FHIR, DICOM) fulfils, and what it is handed.

A handler works in two steps so that the engine can batch the model across payloads of any format:

1. ``parse(data)`` reads the payload, fails with a ``FormatError`` naming the place (never a value) if it
   is not valid, and returns a ``ParsedPayload``: the patient key it carries (PID-3, the bundle's Patient,
   PatientID) and its free-text fields (OBX-5 text, narratives, descriptors) in a fixed order.
2. The engine runs the detectors once over the free texts of every payload of the batch, replaces their
   PHI under the payload's policy, and calls ``render(fields, texts)`` with the de-identified texts in the
   same order. ``render`` replaces the structured fields by meaning through ``fields`` (the policy's own
   transforms, keyed per patient) and writes the payload back in its format, or raises: a payload is
   never returned half done.
"""

from __future__ import annotations

import hashlib
import hmac
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from phideid.errors import DeidentificationError
from phideid.policy import Action, KeyScope, Policy
from phideid.registry import Registry
from phideid.replace import Replacement
from phideid.surrogates.base import SurrogateContext
from phideid.types import PhiType, Span

FIELD_SOURCE = "field"  # Span.source of a structured field replaced by meaning, not detected


class ParsedPayload(Protocol):
    """A payload read by its handler, waiting for its free texts to come back de-identified."""

    #: the patient key the payload carries, or None; an explicit patient id given by the caller wins
    patient_id: str | None
    #: free-text fields for the detectors, in the order ``render`` expects them back
    texts: Sequence[str]

    def render(self, fields: FieldContext, texts: Sequence[str]) -> bytes:
        """The payload with every structured PHI field replaced and ``texts`` put back, in its format."""
        ...


class FormatHandler(Protocol):
    """Reads and writes one payload format."""

    name: str  # "text", "hl7v2", "fhir", "dicom"
    media_type: str  # the content type of payloads in this format

    def sniff(self, data: bytes) -> bool:
        """True when ``data`` looks like this format (cheap: a prefix, never a full parse)."""
        ...

    def parse(self, data: bytes) -> ParsedPayload:
        """Read ``data``; ``FormatError`` (naming segment, path or tag, never a value) if it is not valid."""
        ...


#: handler factories by format name; ``formats.get(name)(options)`` builds a handler, validating its own
#: options (a mapping from the engine config's ``format_options``) and raising ``ConfigError`` on a bad one
formats: Registry[Callable[[Mapping[str, object]], FormatHandler]] = Registry("format")


@dataclass
class FieldContext:
    """What ``render`` uses to replace structured fields: the policy, the patient's surrogate context.

    Every replacement and removal is recorded for the payload's report (types and counts only) and, under
    a reidentifiable policy, for the vault's value map.
    """

    policy: Policy
    surrogates: SurrogateContext
    replacements: list[Replacement] = field(default_factory=list)
    removed: Counter[str] = field(default_factory=Counter)
    flags: Counter[str] = field(default_factory=Counter)
    #: the surrogate context of another patient of the same payload (given by the engine)
    patients: Callable[[str | None], SurrogateContext] | None = field(default=None, repr=False)
    #: the replacements made under this context's own patient (``replacements`` is the whole payload's)
    own: list[Replacement] = field(default_factory=list, repr=False)
    _family: list[FieldContext] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        if not self._family:
            self._family.append(self)

    def for_patient(self, patient_id: str | None) -> FieldContext:
        """The context for one patient of a payload about several (a bulk NDJSON export): that patient's
        pseudonym and date offset, the payload's key, and the same report. ``None``: the payload's own."""
        if self.patients is None:
            return self
        surrogates = self.patients(patient_id)
        for member in self._family:
            if member.surrogates is surrogates:
                return member
        member = FieldContext(
            self.policy, surrogates, self.replacements, self.removed, self.flags, self.patients,
            _family=self._family,
        )
        self._family.append(member)
        return member

    def patient_fields(self) -> list[FieldContext]:
        """This context and every per-patient one made from it."""
        return list(self._family)

    def replace(self, value: str, phi_type: PhiType) -> str:
        """``value`` (one whole field or component) replaced as the policy says for ``phi_type``.

        Blank values stay as they are. A transform's failure raises ``DeidentificationError`` naming
        the transform and the type only.
        """
        if not value or not value.strip():
            return value
        rule = self.policy.rule(phi_type)
        try:
            new = rule.transform(value, phi_type, self.surrogates)
        except Exception as exc:  # a plug-in's failure refuses the payload; the value is never reported
            raise DeidentificationError(
                f"transform {rule.using} failed on a {phi_type.value} field ({exc.__class__.__name__})"
            ) from None
        if not isinstance(new, str):
            raise DeidentificationError(f"transform {rule.using} returned {type(new).__name__}, not text")
        done = Replacement(Span(0, len(new), phi_type, 1.0, FIELD_SOURCE), rule.action, new, value)
        self.replacements.append(done)
        self.own.append(done)
        return new

    def action(self, phi_type: PhiType) -> Action:
        """What the policy does to ``phi_type`` (a handler may drop a field the policy redacts)."""
        return self.policy.rule(phi_type).action

    def remove(self, what: str, count: int = 1) -> None:
        """Record that ``count`` elements of kind ``what`` (e.g. ``"z_segment"``) were dropped."""
        self.removed[what] += count

    def flag(self, what: str) -> None:
        """Record something a reviewer must look at (e.g. ``"burned_in_annotation_unchecked"``)."""
        self.flags[what] += 1

    @property
    def date_offset_days(self) -> int:
        """The patient's random, never-zero date shift (a fresh one when the payload names no patient)."""
        return self.surrogates.date_offset_days

    @property
    def linkable(self) -> bool:
        """True when tokens are keyed by the vault (same input -> same token in every payload and run);
        False under a per-document key (Safe Harbor): tokens are consistent within this payload only."""
        return self.policy.surrogate_key is KeyScope.VAULT

    def token(self, *parts: str, length: int = 16) -> str:
        """A keyed hex token for ``parts`` (ids, references): never derived from them without the key."""
        if not 8 <= length <= 64:
            raise ValueError("token length must be 8..64 hex digits")
        return self.surrogates.digest("token", *parts).hex()[:length]

    def uid(self, uid: str) -> str:
        """A DICOM-style UID ``2.25.<int>`` keyed by the secret: the same UID maps alike everywhere."""
        digest = hmac.new(self.surrogates.key, b"uid\x1f" + uid.encode("ascii", "replace"), hashlib.sha256)
        # 2.25 takes a UUID-sized integer (128 bits): 2.25. + up to 39 digits stays within 64 characters
        return "2.25." + str(int.from_bytes(digest.digest()[:16], "big"))


def patient_key(identifier: str | None, authority: str | None = None) -> str | None:
    """The vault key of a patient, alike in every format: ``AUTHORITY|ID``, or ``ID`` with no authority.

    HL7 v2 takes PID-3 (the repetition typed MR, else the first; authority: CX-4's namespace id), FHIR the
    Patient's identifier typed MR, else the first (authority: ``assigner.display``, else the assigner's
    identifier value), DICOM PatientID (0010,0020) with IssuerOfPatientID (0010,0021). So one patient gets
    the same pseudonym and date offset in a message, a bundle, a study and a note.
    """
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    authority = (authority or "").strip()
    return f"{authority}|{identifier}" if authority else identifier


def texts_ok(texts: Sequence[str], expected: int, handler: str) -> None:
    """Raise if the engine handed back a different number of texts than the payload collected."""
    if len(texts) != expected:
        raise DeidentificationError(f"{handler}: got {len(texts)} de-identified texts for {expected} fields")
