"""``POST /deidentify`` and ``POST /deidentify/batch``.

A payload in its own content type (``text/plain``, ``x-application/hl7-v2+er7``, ``application/fhir+json``,
``application/dicom``...) is answered in that type; ``application/json`` is an envelope (``api.schemas``),
answered with an envelope. The policy and the patient id come from (first wins) the envelope, the
``X-Phideid-Policy`` / ``X-Phideid-Patient-Id`` headers, then the ``policy`` / ``patient_id`` query
parameters; prefer headers for the patient id, since URLs end up in proxies' logs.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError

from api import openapi
from api.body import parse_json, read_body
from api.problems import ApiProblem, problem_of, safe_errors
from api.schemas import KNOWN_NAMES, Envelope
from api.state import ApiState, State, require
from phideid.audit import deidentification_event
from phideid.deidentifier import Document, Payload, PayloadResult, Result
from phideid.errors import PhideidError
from phideid.formats.media import FORMAT_MEDIA, format_of, media_type, safe_content_type
from phideid.roles import Principal, Role

router = APIRouter(tags=["de-identification"])
Deidentifying = Annotated[Principal, Depends(require(Role.DEIDENTIFY, "deidentify"))]

PolicyQuery = Annotated[str | None, Query(max_length=256, description="policy name (header wins)")]
PatientQuery = Annotated[str | None, Query(max_length=256, description="patient key; prefer the header")]
PolicyHeader = Annotated[str | None, Header(max_length=256, description="policy name")]
PatientHeader = Annotated[str | None, Header(max_length=256, description="patient key (e.g. AUTHORITY|ID)")]


@router.post("/deidentify", openapi_extra=openapi.DEIDENTIFY, responses=openapi.PROBLEM_RESPONSES,
             summary="De-identify one note, HL7 v2 message, FHIR resource or bundle, DICOM file or envelope")
async def deidentify(
    request: Request, state: State, who: Deidentifying, policy: PolicyQuery = None,
    patient_id: PatientQuery = None,
    x_phideid_policy: PolicyHeader = None, x_phideid_patient_id: PatientHeader = None,
) -> Response:
    body = await read_body(request, state.settings.max_body_bytes)
    raw_type = request.headers.get("content-type")
    default_policy = x_phideid_policy or policy
    default_patient = x_phideid_patient_id or patient_id
    if media_type(raw_type) == "application/json":
        envelope = _envelope(parse_json(body))
        outcome = (await state.batcher.submit([_item(state, envelope, default_policy, default_patient)]))[0]
        _count(state, [outcome])
        await _audit(state, who, [outcome])
        if outcome.error is not None:
            raise outcome.error
        return JSONResponse(_envelope_out(envelope.kind, outcome), headers=_headers(state, outcome))
    fmt = format_of(raw_type)  # raises UnsupportedContentType (415)
    payload = Payload(body, fmt, default_patient, state.policy(default_policy))
    done = (await state.batcher.submit([payload]))[0]
    _count(state, [done])
    await _audit(state, who, [done])
    if done.error is not None:
        raise done.error
    if done.format == "text":
        media = "text/plain; charset=utf-8"  # the engine writes notes as UTF-8, whatever came in
    else:
        shown = safe_content_type(raw_type.encode("latin-1")) if raw_type else None
        media = shown.decode() if shown else FORMAT_MEDIA.get(done.format or "", "application/octet-stream")
    return Response(done.data, media_type=media, headers=_headers(state, done))


@router.post("/deidentify/batch", openapi_extra=openapi.BATCH, responses=openapi.PROBLEM_RESPONSES,
             summary="De-identify many JSON envelopes in one call; each item succeeds or fails alone")
async def deidentify_batch(
    request: Request, state: State, who: Deidentifying, policy: PolicyQuery = None,
    patient_id: PatientQuery = None,
    x_phideid_policy: PolicyHeader = None, x_phideid_patient_id: PatientHeader = None,
) -> Response:
    body = await read_body(request, state.settings.max_body_bytes)
    if media_type(request.headers.get("content-type")) not in (None, "application/json"):
        raise ApiProblem(415, "unsupported_content_type", "a batch is a JSON list of envelopes: send "
                         "application/json")
    items = parse_json(body)
    if not isinstance(items, list):
        raise ApiProblem(422, "validation_error", "a batch is a JSON list of envelopes")
    if len(items) > state.settings.max_batch_items:
        raise ApiProblem(413, "too_many_documents", f"a batch holds at most {state.settings.max_batch_items} "
                         f"documents, got {len(items)}")
    state.metrics.batch_items.observe(len(items))
    answers: list[dict[str, Any] | None] = [None] * len(items)
    work: list[tuple[int, Envelope, Document | Payload]] = []
    for index, raw in enumerate(items):
        try:
            envelope = _envelope(raw)
            work.append((index, envelope, _item(state, envelope, x_phideid_policy or policy,
                                                  x_phideid_patient_id or patient_id)))
        except (ApiProblem, PhideidError) as exc:
            answers[index] = {"index": index, "ok": False, "problem": problem_of(exc)}
    outcomes = await state.batcher.submit([item for _, _, item in work]) if work else []
    _count(state, outcomes)
    refused: dict[str, int] = {}
    for answer in answers:
        if answer is not None:
            code = str(answer["problem"].get("code", "invalid_envelope"))
            refused[code] = refused.get(code, 0) + 1
    await _audit(state, who, outcomes, refused)
    for (index, envelope, _), outcome in zip(work, outcomes, strict=True):
        if outcome.error is not None:
            answers[index] = {"index": index, "ok": False, "problem": problem_of(outcome.error)}
        else:
            answers[index] = {"index": index, "ok": True, "result": _envelope_out(envelope.kind, outcome)}
    headers = {"Phideid-Detectors": state.detectors, "Phideid-Engine": state.engine_version,
               "Cache-Control": "no-store"}
    return JSONResponse(answers, headers=headers)


def _envelope(raw: object) -> Envelope:
    try:
        return Envelope.model_validate(raw)
    except ValidationError as exc:
        errors = safe_errors(exc.errors(), KNOWN_NAMES)
        raise ApiProblem(422, "validation_error", f"{len(errors)} invalid value(s) in the envelope",
                         errors=errors) from None


def _item(state: ApiState, envelope: Envelope, policy: str | None, patient: str | None) -> Document | Payload:
    chosen = state.policy(envelope.policy or policy)
    patient_id = envelope.patient_id or patient
    if envelope.text is not None:
        return Document(envelope.text, patient_id, chosen)  # a Document: its spans come back
    if envelope.hl7 is not None:
        return Payload(envelope.hl7.encode("utf-8"), "hl7v2", patient_id, chosen)
    return Payload(json.dumps(envelope.fhir).encode("utf-8"), "fhir", patient_id, chosen)


def _envelope_out(kind: str, outcome: Result | PayloadResult) -> dict[str, Any]:
    report = outcome.report.as_dict() if outcome.report else {}
    if isinstance(outcome, Result):
        spans = [{"start": s.start, "end": s.end, "type": s.phi_type.value, "source": s.source}
                 for s in outcome.spans]
        return {"text": outcome.text, "spans": spans, "report": report}
    data = outcome.data or b""
    if kind == "fhir":
        return {"fhir": json.loads(data), "report": report}
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:  # a message whose MSH-18 named a legacy character set
        text = data.decode("latin-1")
    return {"hl7": text, "report": report}


def _headers(state: ApiState, outcome: Result | PayloadResult) -> dict[str, str]:
    policy = outcome.report.policy if outcome.report else {}
    fmt = outcome.report.format if outcome.report else ""
    return {
        "Phideid-Policy": f"{policy.get('name', '')}@{policy.get('version', '')}",
        "Phideid-Detectors": state.detectors,
        "Phideid-Engine": state.engine_version,
        "Phideid-Format": fmt,
        # de-identified is not public: a limited data set must not sit in shared caches
        "Cache-Control": "no-store",
    }


async def _audit(state: ApiState, who: Principal, outcomes: list[Result | PayloadResult],
                 refused: dict[str, int] | None = None) -> None:
    """One audit record per request, before the answer: no record, no answer (AuditError is a 503)."""
    event = deidentification_event("api", who.actor, outcomes, detectors=state.detectors, errors=refused)
    await run_in_threadpool(state.trail.append, event)


def _count(state: ApiState, outcomes: list[Result | PayloadResult]) -> None:
    for outcome in outcomes:
        if outcome.error is None:
            state.metrics.documents.labels(outcome.report.format if outcome.report else "unknown").inc()
        else:
            state.metrics.failures.labels(outcome.error.code).inc()


__all__ = ["router"]
