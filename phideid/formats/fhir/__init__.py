"""FHIR R4 JSON: resources, bundles and NDJSON, de-identified by editable path rules."""
