"""``fhir``: FHIR R4 JSON (a resource, a Bundle of any type) and NDJSON (one resource per line).

Parsing reads the JSON and collects the free texts (narratives, notes, CodeableConcept.text,
Coding.display, Reference.display, valueString, text attachments decoded); rendering replaces every
structured value by its meaning under the rules file (``phideid/data/fhir/rules.yaml``, or the ``rules``
option), puts the de-identified texts back and writes the payload in its own layout.

Options (``format_options: {fhir: {...}}``):

``rules``
    Path to a rules file in the shipped file's format (copy it and edit); default: the shipped one.
``narrative``
    ``deidentify`` (default): ``text.div`` stripped of markup, de-identified, written back as a minimal
    div; ``remove``: narratives are dropped (and counted).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from phideid.errors import ConfigError
from phideid.formats.base import FieldContext, formats, texts_ok
from phideid.formats.fhir import document
from phideid.formats.fhir.patient import patient_id, resources
from phideid.formats.fhir.rules import FhirRules, load_rules
from phideid.formats.fhir.walker import Walker

NARRATIVE_MODES = ("deidentify", "remove")
OPTIONS = ("rules", "narrative")


@dataclass
class FhirPayload:
    docs: list[object]
    locs: list[str]
    layout: document.Layout
    rules: FhirRules
    remove_narrative: bool
    fulls: dict[str, str]
    texts: Sequence[str]
    text_index: dict[tuple[str | None, str], int] = field(repr=False)
    patient_id: str | None = None
    text_patients: Sequence[str | None] = ()
    doc_patients: Sequence[str | None] = ()

    def render(self, fields: FieldContext, texts: Sequence[str]) -> bytes:
        texts_ok(texts, len(self.texts), "fhir")
        walker = Walker(
            self.rules, remove_narrative=self.remove_narrative, fulls=self.fulls, fields=fields,
            text_index=self.text_index,
        )
        out = []
        for doc, loc, who in zip(self.docs, self.locs, self.doc_patients, strict=True):
            walker.fields, walker.patient = fields.for_patient(who), who
            out.append(walker.resource(doc, loc))
        walker.fill(texts)
        return document.write(out, self.layout)


@formats.register("fhir")
class FhirHandler:
    name = "fhir"
    media_type = "application/fhir+json"

    def __init__(self, options: Mapping[str, object] | None = None) -> None:
        options = dict(options or {})
        unknown = sorted(set(options) - set(OPTIONS))
        if unknown:
            known = ", ".join(OPTIONS)
            raise ConfigError(f"format fhir: unknown options {', '.join(unknown)}; known: {known}")
        narrative = options.get("narrative", "deidentify")
        if narrative not in NARRATIVE_MODES:
            raise ConfigError(f"format fhir: narrative must be one of {', '.join(NARRATIVE_MODES)}")
        rules = options.get("rules")
        if rules is not None and not isinstance(rules, str):
            raise ConfigError("format fhir: rules must be the path of a rules file")
        self.rules = load_rules(rules)
        self.remove_narrative = narrative == "remove"

    def sniff(self, data: bytes) -> bool:
        head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
        return head.startswith(b"{") and b'"resourceType"' in data[:65536]

    def parse(self, data: bytes) -> FhirPayload:
        docs, locs, layout = document.read(data)
        fulls = {}
        for res in resources([d for d in docs if isinstance(d, dict)]):
            if res.get("resourceType") == "Bundle" and isinstance(res.get("entry"), list):
                for entry in res["entry"]:
                    if isinstance(entry, dict) and isinstance(entry.get("fullUrl"), str):
                        inner = entry.get("resource")
                        if isinstance(inner, dict) and isinstance(inner.get("resourceType"), str):
                            fulls[entry["fullUrl"]] = inner["resourceType"]
        walker = Walker(self.rules, remove_narrative=self.remove_narrative, fulls=fulls)
        # NDJSON (a bulk export) holds many patients: each line is de-identified as its own patient's,
        # with that patient's pseudonym and date offset; a line naming none takes the payload's
        owners = [patient_id([d]) if isinstance(d, dict) and len(docs) > 1 else None for d in docs]
        for doc, loc, who in zip(docs, locs, owners, strict=True):
            walker.patient = who
            walker.resource(doc, loc)
        return FhirPayload(
            docs, locs, layout, self.rules, self.remove_narrative, fulls, walker.texts, walker.index,
            patient_id([d for d in docs if isinstance(d, dict)]), walker.text_patients, owners,
        )
