"""FHIR R4 JSON: resources, bundles and NDJSON, de-identified by editable path rules.

Modules: ``handler`` (the registered ``fhir`` format), ``document`` (JSON/NDJSON bytes and layout),
``rules`` (the rules file), ``walker`` (the walk that classifies and replaces), ``references`` (ids and
links), ``dates`` (date/dateTime/instant validity), ``narrative`` (XHTML), ``known`` (structured PHI found
again in free text), ``patient`` (the payload's patient key).
"""

from phideid.formats.fhir.handler import FhirHandler

__all__ = ["FhirHandler"]
