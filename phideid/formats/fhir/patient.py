"""The patient a FHIR payload is about: the vault key of its Patient resource (``patient_key``).

The Patient's identifier typed MR (v2-0203), else its first identifier with a value; the authority is
``assigner.display``, else the assigner's identifier value. Without a Patient resource (an Observation
alone), the ``subject``/``patient`` reference's logical identifier, if it has one. So the same patient
gets the same key, pseudonym and date offset in a bundle, an HL7 message and a DICOM study.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from phideid.formats.base import patient_key


def resources(docs: Sequence[dict]) -> Iterator[dict]:
    """Every resource of the documents: top level, Bundle entries (nested bundles too), contained."""
    stack = list(reversed(docs))
    while stack:
        res = stack.pop()
        if not isinstance(res, dict):
            continue
        yield res
        nested = []
        if res.get("resourceType") == "Bundle" and isinstance(res.get("entry"), list):
            nested += [e.get("resource") for e in res["entry"] if isinstance(e, dict)]
        if isinstance(res.get("contained"), list):
            nested += res["contained"]
        stack.extend(reversed(nested))


def patient_id(docs: Sequence[dict]) -> str | None:
    everything = list(resources(docs))
    for res in everything:
        if res.get("resourceType") == "Patient":
            key = _from_identifiers(res.get("identifier"))
            if key:
                return key
    for res in everything:
        for element in ("subject", "patient"):
            ref = res.get(element)
            if isinstance(ref, dict) and isinstance(ref.get("identifier"), dict):
                key = _from_identifiers([ref["identifier"]])
                if key:
                    return key
    return None


def _from_identifiers(identifiers: object) -> str | None:
    if not isinstance(identifiers, list):
        return None
    usable = [i for i in identifiers if isinstance(i, dict) and isinstance(i.get("value"), str)]
    usable = [i for i in usable if i["value"].strip()]
    if not usable:
        return None
    chosen = next((i for i in usable if _is_mr(i)), usable[0])
    return patient_key(chosen["value"], _authority(chosen.get("assigner")))


def _is_mr(identifier: dict) -> bool:
    kind = identifier.get("type")
    codings = kind.get("coding") if isinstance(kind, dict) else None
    return any(isinstance(c, dict) and c.get("code") == "MR" for c in codings or [])


def _authority(assigner: object) -> str | None:
    if not isinstance(assigner, dict):
        return None
    if isinstance(assigner.get("display"), str) and assigner["display"].strip():
        return assigner["display"]
    ident = assigner.get("identifier")
    if isinstance(ident, dict) and isinstance(ident.get("value"), str):
        return ident["value"]
    return None
