"""The audit trail: an append-only record of every de-identification and re-identification, never PHI.

Where it goes (``PHIDEID_AUDIT_URL``, or ``audit_url`` in the config):

- ``file:///var/log/phideid/audit.jsonl`` or a path ending in ``.jsonl``: JSON Lines, one record a line;
- ``sqlite:///PATH`` or ``postgresql://...``: the table ``phideid_audit_event`` (it may share the vault's
  database);
- default: ``file://$PHIDEID_HOME/audit.jsonl``.

Every edge writes one record per call (an HTTP request, a stream transaction, a batch chunk, a CLI run)
through ``AuditTrail.append``; when that fails the call is refused (``AuditError``): no audit record, no
output. ``phideid audit`` queries and verifies it, and renders FHIR AuditEvent resources.

>>> from phideid.audit import AuditEvent, AuditQuery, open_trail
>>> trail = open_trail("sqlite:///:memory:")
>>> trail.append(AuditEvent(channel="cli", actor="user:alice", action="deidentify", outcome="success",
...                         documents=1, phi={"PATIENT": 2}))
>>> [e.phi for e in trail.query(AuditQuery())]
[{'PATIENT': 2}]
>>> trail.verify().ok
True
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from phideid.audit.event import AuditEvent, clean_reason, deidentification_event, subject_of
from phideid.audit.trail import AuditQuery, AuditTrail, Verification
from phideid.errors import AuditError
from phideid.vault.keys import phideid_home
from phideid.vault.urls import redact_url, scheme_of

ENV_AUDIT_URL = "PHIDEID_AUDIT_URL"
DEFAULT_AUDIT_FILE = "audit.jsonl"


def default_audit_url(env: Mapping[str, str] = os.environ) -> str:
    """``PHIDEID_AUDIT_URL``, else a JSON Lines file in phideid's home."""
    return env.get(ENV_AUDIT_URL) or f"file://{phideid_home(env) / DEFAULT_AUDIT_FILE}"


def open_trail(url: str | None = None) -> AuditTrail:
    """Open (creating on first use) the audit trail at ``url`` (default ``default_audit_url()``)."""
    url = url or default_audit_url()
    scheme = scheme_of(url)
    if scheme == "file":
        from phideid.audit.jsonl import FileTrail

        return FileTrail(url[len("file://"):])
    if not scheme and url.endswith(".jsonl"):
        from phideid.audit.jsonl import FileTrail

        return FileTrail(url)
    if scheme in ("sqlite", "postgresql", "postgres"):
        from phideid.audit.sql import SqlTrail

        return SqlTrail(url)
    raise AuditError(
        f"unknown audit trail location {redact_url(url)}: use file:///PATH.jsonl, sqlite:///PATH or "
        "postgresql://USER@HOST:PORT/DB"
    )


__all__ = ["AuditEvent", "AuditQuery", "AuditTrail", "ENV_AUDIT_URL", "Verification", "clean_reason",
           "deidentification_event", "default_audit_url", "open_trail", "subject_of"]
