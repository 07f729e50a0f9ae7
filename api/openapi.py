"""OpenAPI request and response examples for every content type ``POST /deidentify`` reads.

The examples are invented (no real person); they show the shape a hospital integration engine sends.
"""

from __future__ import annotations

NOTE = ("Pt seen by Dr. Ottoline Brackwater on 3/11/2024. MRN 77881234. Call 617-555-0142. "
        "Plan: continue metoprolol 25 mg.")
HL7 = ("MSH|^~\\&|LAB|MERCY GENERAL|EHR|RECEIVER|20240315083000||ORU^R01^ORU_R01|CTRL0001|P|2.5.1\r"
       "PID|1||4412345^^^MGH^MR||Castellano^Marguerite||19570412|F\r"
       "OBX|1|TX|8251-1^Service comment^LN||Patient reports fasting since midnight.||||||F\r")
FHIR = {"resourceType": "Patient", "id": "example",
        "name": [{"family": "Castellano", "given": ["Marguerite"]}],
        "birthDate": "1957-04-12", "identifier": [{"type": {"coding": [{"code": "MR"}]}, "value": "4412345"}]}
ENVELOPE_NOTE = {"text": NOTE, "patient_id": "MGH|4412345", "policy": "pseudonymize"}
ENVELOPE_HL7 = {"hl7": HL7}
ENVELOPE_FHIR = {"fhir": FHIR, "policy": "safe-harbor"}
REPORT = {"format": "text", "counts": {"DOCTOR": 1, "DATE": 1, "MEDICALRECORD": 1, "PHONE": 1},
          "actions": {"surrogate": 4}, "policy": {"name": "pseudonymize", "version": "1", "sha256": "..."},
          "detectors": ["pattern", "ner"], "engine_version": "0.1.0", "patient": "PT-QZACXIWPI7B2",
          "removed": {}, "flags": {}}

DEIDENTIFY = {
    "requestBody": {
        "required": True,
        "description": "One payload, in its own content type; or a JSON envelope (application/json).",
        "content": {
            "text/plain": {"schema": {"type": "string"}, "examples": {"note": {"value": NOTE}}},
            "x-application/hl7-v2+er7": {"schema": {"type": "string"}, "examples": {"oru": {"value": HL7}}},
            "application/fhir+json": {"schema": {"type": "object"}, "examples": {"patient": {"value": FHIR}}},
            "application/dicom": {"schema": {"type": "string", "format": "binary"},
                                  "examples": {"file": {"summary": "a DICOM Part 10 file (binary)",
                                                        "value": "<binary DICOM file>"}}},
            "application/json": {
                "schema": {"$ref": "#/components/schemas/Envelope"},
                "examples": {"note": {"value": ENVELOPE_NOTE}, "hl7": {"value": ENVELOPE_HL7},
                             "fhir": {"value": ENVELOPE_FHIR}},
            },
        },
    },
    "responses": {
        "200": {
            "description": "The de-identified payload in the request's content type (a JSON envelope for "
                           "application/json); headers Phideid-Policy, Phideid-Detectors, Phideid-Engine, "
                           "Phideid-Format.",
            "content": {
                "text/plain": {"schema": {"type": "string"}},
                "x-application/hl7-v2+er7": {"schema": {"type": "string"}},
                "application/fhir+json": {"schema": {"type": "object"}},
                "application/dicom": {"schema": {"type": "string", "format": "binary"}},
                "application/json": {
                    "schema": {"$ref": "#/components/schemas/EnvelopeOut"},
                    "example": {"text": "Pt seen by Dr. Nicholas Oconnor on 8/15/2023. MRN 21487520. Call "
                                        "535-555-0160. Plan: continue metoprolol 25 mg.",
                                "spans": [{"start": 11, "end": 27, "type": "DOCTOR",
                                           "source": "pattern.doctor_title"}],
                                "report": REPORT},
                },
            },
        },
    },
}

BATCH = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {
            "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Envelope"}},
            "examples": {"mixed": {"value": [ENVELOPE_NOTE, ENVELOPE_HL7, ENVELOPE_FHIR]}},
        }},
    },
}

PROBLEM = {"content": {"application/problem+json": {"example": {
    "type": "https://phideid.dev/problems/format_error", "title": "Unprocessable content", "status": 422,
    "detail": "HL7 v2 message has no MSH segment", "code": "format_error"}}}}
PROBLEM_RESPONSES = {status: {"description": "an RFC 7807 problem document", **PROBLEM}
                     for status in (400, 401, 413, 415, 422, 503)}

__all__ = ["BATCH", "DEIDENTIFY", "PROBLEM_RESPONSES"]
