"""One audit record: who did what to how many documents, when, under which policy and model, and how it
ended. It holds counts, names and versions, never a value from a document: no text, no patient id (only
pseudonyms, which are random), no original behind a surrogate.

``deidentification_event`` builds the record of one de-identification call from the engine's results, so
every edge (API, stream, batch, CLI) records the same fields the same way.
"""

from __future__ import annotations

import json
import re
import uuid
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from phideid.deidentifier import ENGINE_VERSION, PayloadResult, Result

#: what was done; the first three are ISO 21089 lifecycle events (the FHIR AuditEvent subtypes)
ACTIONS = ("deidentify", "pseudonymize", "reidentify", "rotate-key", "read-audit")
#: how it ended: every document done, some refused, none done, or not allowed to start
OUTCOMES = ("success", "partial", "failure", "denied")
CHANNELS = ("api", "stream", "batch", "cli")

_PSEUDONYM = re.compile(r"PT-[A-Z2-7]{12}")
MAX_REASON_CHARS = 500


def new_event_id() -> str:
    return uuid.uuid4().hex


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class AuditEvent:
    """One append-only audit record (see the module docstring for what it may hold)."""

    channel: str
    actor: str
    action: str
    outcome: str
    documents: int = 0
    failed: int = 0
    phi: Mapping[str, int] = field(default_factory=dict)  # PHI found, by type
    formats: Mapping[str, int] = field(default_factory=dict)
    errors: Mapping[str, int] = field(default_factory=dict)  # refusals, by error code
    policy: str = ""  # name@version of each policy that ran, comma-separated
    detectors: str = ""  # detector names with model versions
    engine: str = ENGINE_VERSION
    reason: str = ""  # why (re-identification, denials); written by the operator
    subject: str = ""  # re-identification: the patient pseudonym asked about, or the PHI type
    results: int = 0  # re-identification: how many originals were disclosed
    at: datetime = field(default_factory=utcnow)
    id: str = field(default_factory=new_event_id)

    def __post_init__(self) -> None:
        if self.action not in ACTIONS or self.outcome not in OUTCOMES or self.channel not in CHANNELS:
            raise ValueError(f"audit event: bad action/outcome/channel {self.action}/{self.outcome}/"
                             f"{self.channel}")
        if self.at.tzinfo is None:
            raise ValueError("audit event: 'at' must be timezone-aware")

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["at"] = self.at.astimezone(UTC).isoformat(timespec="microseconds")
        for name in ("phi", "formats", "errors"):
            data[name] = dict(sorted(data[name].items()))
        return data

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), sort_keys=True, separators=(",", ":"), ensure_ascii=True)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AuditEvent:
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        known["at"] = datetime.fromisoformat(str(data["at"]))
        for name in ("phi", "formats", "errors"):
            known[name] = {str(k): int(v) for k, v in dict(known.get(name) or {}).items()}
        return cls(**known)


def deidentification_event(
    channel: str, actor: str, outcomes: Sequence[Result | PayloadResult], *, detectors: str = "",
    errors: Mapping[str, int] | None = None,
) -> AuditEvent:
    """The record of one de-identification call over ``outcomes`` (one per document).

    ``errors`` adds refusals that never reached the engine (a body that did not parse, say), by code.
    The action is ``pseudonymize`` when a policy that ran keeps re-identification possible, else
    ``deidentify``.
    """
    phi: Counter[str] = Counter()
    formats: Counter[str] = Counter()
    refused: Counter[str] = Counter(errors or {})
    policies: set[str] = set()
    reversible = False
    for outcome in outcomes:
        if outcome.error is not None:
            refused[outcome.error.code] += 1
            continue
        report = outcome.report
        if report is None:
            continue
        phi.update(report.counts)
        formats[report.format] += 1
        policies.add(f"{report.policy.get('name', '')}@{report.policy.get('version', '')}")
        reversible |= bool(report.policy.get("reidentifiable"))
    documents = len(outcomes) + sum((errors or {}).values())
    failed = sum(refused.values())
    if documents and failed == documents:
        outcome_name = "failure"
    elif failed:
        outcome_name = "partial"
    else:
        outcome_name = "success"
    return AuditEvent(
        channel=channel, actor=actor, action="pseudonymize" if reversible else "deidentify",
        outcome=outcome_name, documents=documents, failed=failed, phi=dict(phi), formats=dict(formats),
        errors=dict(refused), policy=",".join(sorted(policies)), detectors=detectors,
    )


def subject_of(pseudonym: str | None) -> str:
    """What a re-identification record may name about its target: a well-formed pseudonym (random, not
    PHI), else nothing, since a caller may have typed a real identifier where a pseudonym belongs."""
    return pseudonym if pseudonym and _PSEUDONYM.fullmatch(pseudonym) else ""


def clean_reason(reason: str | None) -> str:
    """The operator's reason as stored: one line, at most ``MAX_REASON_CHARS`` characters."""
    text = " ".join((reason or "").split())
    return text[:MAX_REASON_CHARS]


__all__ = ["ACTIONS", "AuditEvent", "CHANNELS", "OUTCOMES", "clean_reason", "deidentification_event",
           "subject_of"]
