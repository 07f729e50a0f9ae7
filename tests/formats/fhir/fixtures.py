"""FHIR fixtures built in code: a patient's transaction bundle with every kind of PHI the handler treats."""

from __future__ import annotations

import base64
import copy
import json

PATIENT_ID = "6a1f3b9e-2c44-4d1e-9a55-0b7f2e9c1d10"
PRACTITIONER_ID = "prac-778"
ORG_ID = "0f0c2d4e-5a6b-4c7d-8e9f-a0b1c2d3e4f5"
OBS_ID = "obs-1"
DOC_ID = "doc-1"
ENC_ID = "enc-1"

NOTE = (
    "2019-03-28\n\nHistory of Present Illness\nZebulon Quackenbush is a 54 year-old man, MRN 48213977.\n"
    "Lives at 742 Evergreen Terrace, Springfield. Call 617-555-0142. Seen by Dr. Ottoline Brackwater.\n"
    "Assessment: essential hypertension; continue lisinopril 10 mg daily.\n"
)

#: what must not survive de-identification (also after base64 decoding)
SECRETS = [
    "Zebulon", "Quackenbush", "Hortensia", "48213977", "078-05-1120", "1965-04-17", "742 Evergreen Terrace",
    "Springfield", "62704", "617-555-0142", "zebulon.q@example.com", "Ottoline", "Brackwater", "1992837461",
    "Shelbyville General Hospital", "100 Main Street", "Marjoribanks",
]
#: clinical content that must survive
CLINICAL = ["8480-6", "Systolic blood pressure", "mm[Hg]", "essential hypertension", "lisinopril 10 mg daily"]


def b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def patient() -> dict:
    return {
        "resourceType": "Patient",
        "id": PATIENT_ID,
        "meta": {"lastUpdated": "2019-03-28T12:26:53.123+02:00"},
        "text": {
            "status": "generated",
            "div": '<div xmlns="http://www.w3.org/1999/xhtml"><p>Zebulon <b>Quackenbush</b>, born 1965-04-17'
                   "</p></div>",
        },
        "extension": [
            {
                "url": "http://hl7.org/fhir/us/core/StructureDefinition/us-core-race",
                "extension": [
                    {"url": "ombCategory",
                     "valueCoding": {"system": "urn:oid:2.16.840.1.113883.6.238", "code": "2106-3",
                                     "display": "White"}},
                    {"url": "text", "valueString": "White"},
                ],
            },
            {"url": "http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName",
             "valueString": "Marjoribanks"},
            {"url": "http://hl7.org/fhir/StructureDefinition/patient-birthPlace",
             "valueAddress": {"city": "Springfield", "state": "IL"}},
        ],
        "identifier": [
            {"type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "MR"}]},
             "system": "http://hospital.example.org/mrn", "value": "48213977",
             "assigner": {"display": "Shelbyville General Hospital"}},
            {"type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "SS"}]},
             "system": "http://hl7.org/fhir/sid/us-ssn", "value": "078-05-1120"},
        ],
        "name": [{"use": "official", "family": "Quackenbush", "given": ["Zebulon", "Hortensia"],
                  "prefix": ["Mr."]}],
        "telecom": [
            {"system": "phone", "value": "617-555-0142", "use": "home"},
            {"system": "email", "value": "zebulon.q@example.com"},
        ],
        "gender": "male",
        "birthDate": "1965-04-17",
        "_birthDate": {"extension": [{"url": "http://hl7.org/fhir/StructureDefinition/patient-birthTime",
                                      "valueDateTime": "1965-04-17T08:15:00-05:00"}]},
        "deceasedBoolean": False,
        "address": [{"use": "home", "line": ["742 Evergreen Terrace"], "city": "Springfield", "state": "IL",
                     "postalCode": "62704", "country": "US"}],
        "contact": [{"name": {"family": "Quackenbush", "given": ["Hortensia"]},
                     "telecom": [{"system": "phone", "value": "617-555-0142"}]}],
        "managingOrganization": {
            "reference": f"urn:uuid:{ORG_ID}", "display": "Shelbyville General Hospital",
        },
    }


def practitioner() -> dict:
    return {
        "resourceType": "Practitioner",
        "id": PRACTITIONER_ID,
        "identifier": [{"system": "http://hl7.org/fhir/sid/us-npi", "value": "1992837461"}],
        "name": [{"family": "Brackwater", "given": ["Ottoline"], "prefix": ["Dr."]}],
    }


def organization() -> dict:
    return {
        "resourceType": "Organization",
        "id": ORG_ID,
        "name": "Shelbyville General Hospital",
        "telecom": [{"system": "phone", "value": "217-555-0199"}],
        "address": [{"line": ["100 Main Street"], "city": "Shelbyville", "postalCode": "62565"}],
    }


def observation() -> dict:
    return {
        "resourceType": "Observation",
        "id": OBS_ID,
        "status": "final",
        "code": {
            "coding": [
                {"system": "http://loinc.org", "code": "8480-6", "display": "Systolic blood pressure"},
            ],
            "text": "Systolic blood pressure",
        },
        "subject": {"reference": f"urn:uuid:{PATIENT_ID}", "display": "Zebulon Quackenbush"},
        "performer": [{"reference": f"Practitioner/{PRACTITIONER_ID}", "display": "Dr. Ottoline Brackwater"}],
        "effectiveDateTime": "2019-03-28T12:26:53-07:00",
        "issued": "2019-03-28T12:30:00.250Z",
        "valueQuantity": {"value": 142, "unit": "mm[Hg]", "system": "http://unitsofmeasure.org",
                          "code": "mm[Hg]"},
        "note": [{"authorString": "Ottoline Brackwater", "time": "2019-03-28",
                  "text": "Zebulon Quackenbush reports dizziness."}],
    }


def document_reference() -> dict:
    return {
        "resourceType": "DocumentReference",
        "id": DOC_ID,
        "status": "current",
        "subject": {"reference": f"urn:uuid:{PATIENT_ID}"},
        "date": "2019-03-28T12:26:53.796-07:00",
        "author": [{"reference": f"Practitioner/{PRACTITIONER_ID}"}],
        "content": [
            {"attachment": {"contentType": "text/plain; charset=utf-8", "data": b64(NOTE),
                            "size": len(NOTE)}},
            {"attachment": {"contentType": "application/pdf", "data": b64("%PDF-1.4 Zebulon"),
                            "url": "http://hospital.example.org/docs/Quackenbush.pdf"}},
        ],
    }


def encounter() -> dict:
    return {
        "resourceType": "Encounter",
        "id": ENC_ID,
        "contained": [
            {"resourceType": "Location", "id": "loc1", "name": "Ward 7 Shelbyville General Hospital"},
        ],
        "status": "finished",
        "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "AMB"},
        "subject": {"reference": f"Patient/{PATIENT_ID}"},
        "period": {"start": "2019-03-28T12:00:00-07:00", "end": "2019-03-28T13:00:00-07:00"},
        "location": [{"location": {"reference": "#loc1"}}],
        "serviceProvider": {"reference": f"urn:uuid:{ORG_ID}"},
    }


def bundle(kind: str = "transaction") -> dict:
    entries = []
    for res in (patient(), practitioner(), organization(), observation(), document_reference(), encounter()):
        full = f"{res['resourceType']}/{res['id']}"
        if res["id"] in (PATIENT_ID, ORG_ID):
            full = f"urn:uuid:{res['id']}"
        entry: dict = {"fullUrl": full, "resource": res}
        if kind in ("transaction", "batch"):
            entry["request"] = {"method": "PUT", "url": f"{res['resourceType']}/{res['id']}"}
        entries.append(entry)
    # absolute fullUrls for the relative ones, as a server writes them
    for entry in entries:
        if not entry["fullUrl"].startswith("urn:"):
            entry["fullUrl"] = "http://hospital.example.org/fhir/" + entry["fullUrl"]
    return {"resourceType": "Bundle", "type": kind, "entry": entries}


def dumps(doc: object, indent: int | None = 2) -> bytes:
    return json.dumps(copy.deepcopy(doc), indent=indent).encode("utf-8")
