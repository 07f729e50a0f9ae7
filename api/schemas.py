"""JSON envelopes: what ``application/json`` requests send and get back. Input and output are separate
models, so nothing internal (and no original value) can leak into a response.

A request envelope holds exactly one of ``text`` (a note), ``hl7`` (an ER7 message) or ``fhir`` (a resource
or bundle), with an optional ``patient_id`` and ``policy``. The answer holds the de-identified value under
the same key, the report, and for notes the spans of the replacements: offsets into the OUTPUT text (where
the surrogates are), with their PHI type; the original values are never returned.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

KINDS = ("text", "hl7", "fhir")


class Envelope(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str | None = None
    hl7: str | None = None
    fhir: dict[str, Any] | None = None
    patient_id: str | None = Field(None, min_length=1, max_length=256)
    policy: str | None = Field(None, min_length=1, max_length=256)

    @model_validator(mode="after")
    def _one_kind(self) -> Envelope:
        given = [k for k in KINDS if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(f"exactly one of {', '.join(KINDS)} is needed, got {len(given)}")
        return self

    @property
    def kind(self) -> str:
        return next(k for k in KINDS if getattr(self, k) is not None)


#: every name a client may legitimately use in a body: shown in validation errors, others are masked
KNOWN_NAMES = (*Envelope.model_fields, "items")


class SpanOut(BaseModel):
    start: int = Field(description="offset of the replacement in the de-identified text")
    end: int = Field(description="end offset (exclusive) in the de-identified text")
    type: str = Field(description="PHI type, e.g. NAME, DATE, MEDICALRECORD")
    source: str = Field(description="the recognizer that found it")


class EnvelopeOut(BaseModel):
    text: str | None = None
    hl7: str | None = None
    fhir: dict[str, Any] | None = None
    spans: list[SpanOut] | None = Field(
        None, description="notes only: where the replacements are in the returned text (never originals)")
    report: dict[str, Any] = Field(description="counts per PHI type, actions, policy and versions; no PHI")


class BatchItemOut(BaseModel):
    index: int
    ok: bool
    result: EnvelopeOut | None = None
    problem: dict[str, Any] | None = Field(None, description="an RFC 7807 problem for this item alone")


__all__ = ["BatchItemOut", "Envelope", "EnvelopeOut", "KINDS", "KNOWN_NAMES", "SpanOut"]
