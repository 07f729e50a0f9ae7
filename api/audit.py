"""``GET /audit``: the audit trail for administrators (role ``admin``), as records or FHIR AuditEvents."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from api import openapi
from api.state import State, require
from phideid.audit import AuditEvent, AuditQuery
from phideid.audit.event import ACTIONS, CHANNELS, OUTCOMES
from phideid.audit.fhir import audit_bundle
from phideid.roles import Principal, Role

audit = APIRouter(tags=["audit"])
Admin = Annotated[Principal, Depends(require(Role.ADMIN, "read-audit"))]


@audit.get("/audit", responses=openapi.PROBLEM_RESPONSES,
           summary="Audit records, newest first (role admin); format=fhir gives a Bundle of AuditEvents")
async def audit_route(
    state: State, who: Admin,
    since: datetime | None = None, until: datetime | None = None,
    actor: Annotated[str | None, Query(max_length=140)] = None,
    action: Annotated[Literal[ACTIONS] | None, Query()] = None,  # type: ignore[valid-type]
    outcome: Annotated[Literal[OUTCOMES] | None, Query()] = None,  # type: ignore[valid-type]
    channel: Annotated[Literal[CHANNELS] | None, Query()] = None,  # type: ignore[valid-type]
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    format: Literal["json", "fhir"] = "json",
) -> JSONResponse:
    query = AuditQuery(since=since, until=until, actor=actor, action=action, outcome=outcome, channel=channel,
                       limit=limit)
    events = await run_in_threadpool(state.trail.query, query)
    # reading the trail is itself audited: who looked, and how many records they saw
    read = AuditEvent(channel="api", actor=who.actor, action="read-audit", outcome="success",
                      results=len(events))
    await run_in_threadpool(state.trail.append, read)
    if format == "fhir":
        return JSONResponse(audit_bundle(events), media_type="application/fhir+json")
    return JSONResponse([e.as_dict() for e in events])


__all__ = ["audit"]
