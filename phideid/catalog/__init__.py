"""``phideid catalog``: which fields of a dataset or message archive hold which HIPAA identifiers.

The catalog reads files (CSV, JSONL, FHIR JSON/NDJSON, HL7 v2, DICOM), walks each record into fields
(``fields``: a CSV column, a JSON key path, a FHIR path, an HL7 segment-field-component, a DICOM tag), and
for every field counts its records, values and distinct values, decides which Safe Harbor identifiers
it holds (``classify``: by the engine's own rules for the format, by the engine's detectors over the
values, by the column's name, by repeating a value of an identifying field of the same record), says
what the active policy does to it (``coverage``) and flags a field that holds PHI the policy would pass
on unchanged (``UNCOVERED``). Values are summarised only as masked shapes (``shapes``): no value ever
reaches the report, a log line or an error.
"""

from phideid.catalog.fields import FieldRule, Leaf, Record, Treatment

__all__ = ["FieldRule", "Leaf", "Record", "Treatment"]
