"""``POST /reidentify``: the originals behind a pseudonym or a surrogate, for callers with the role.

The engine's gate (``phideid.reidentify``) checks the ``reidentify`` role and the reason and audits every
attempt, refused ones included, before it answers; this route only translates HTTP. A key without the role
gets 403 and an audit record with outcome ``denied``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from api import openapi
from api.body import parse_json, read_body
from api.problems import ApiProblem, safe_errors
from api.state import State, principal
from phideid.reidentify import Reidentifier
from phideid.roles import Principal
from phideid.types import PhiType

reidentify = APIRouter(tags=["re-identification"])
MAX_BODY_BYTES = 64 * 1024  # a look-up is a few hundred bytes; nothing bigger is read


class ReidentifyRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    pseudonym: str | None = Field(None, min_length=1, max_length=64, description="a patient pseudonym")
    surrogate: str | None = Field(None, min_length=1, max_length=1024, description="a surrogate value")
    type: PhiType | None = Field(None, description="only originals of this PHI type (with surrogate)")
    patient: str | None = Field(None, max_length=64, description="only this patient's (pseudonym)")
    reason: str | None = Field(None, max_length=500, description="why; required, recorded in the audit trail")

    @model_validator(mode="after")
    def _one(self) -> ReidentifyRequest:
        if (self.pseudonym is None) == (self.surrogate is None):
            raise ValueError("exactly one of pseudonym, surrogate is needed")
        return self


_BODY = {"requestBody": {"required": True, "content": {"application/json": {
    "schema": {"$ref": "#/components/schemas/ReidentifyRequest"}}}}}


@reidentify.post("/reidentify", responses=openapi.PROBLEM_RESPONSES, openapi_extra=_BODY,
                 summary="Look up the original behind a pseudonym or surrogate (role reidentify; audited)")
async def reidentify_route(
    request: Request, state: State, who: Annotated[Principal, Depends(principal)],
) -> JSONResponse:
    # the key is checked first (a dependency), then at most MAX_BODY_BYTES are read
    body = _request(parse_json(await read_body(request, MAX_BODY_BYTES)))
    gate = Reidentifier(state.engine.vault, state.trail)
    headers = {"Cache-Control": "no-store"}  # originals: never in a shared cache
    if body.pseudonym is not None:
        original = await run_in_threadpool(gate.patient, who, body.pseudonym, reason=body.reason)
        if original is None:
            raise ApiProblem(404, "not_found", "no patient with that pseudonym in this vault")
        return JSONResponse({"patient_id": original}, headers=headers)
    found = await run_in_threadpool(gate.values, who, body.surrogate, reason=body.reason, phi_type=body.type,
                                    patient=body.patient)
    if not found:
        raise ApiProblem(404, "not_found", "no original recorded for that surrogate")
    originals = [{"type": v.phi_type.value, "patient": v.patient, "original": v.original} for v in found]
    return JSONResponse({"originals": originals}, headers=headers)


def _request(raw: object) -> ReidentifyRequest:
    try:
        return ReidentifyRequest.model_validate(raw)
    except ValidationError as exc:
        errors = safe_errors(exc.errors(), ReidentifyRequest.model_fields)
        raise ApiProblem(422, "validation_error", f"{len(errors)} invalid value(s) in the request",
                         errors=errors) from None


__all__ = ["ReidentifyRequest", "reidentify"]
