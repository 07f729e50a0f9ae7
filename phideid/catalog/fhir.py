"""FHIR R4 JSON (a resource, a Bundle) and NDJSON into fields: ``Patient.name.family``.

The walk is the handler's own (``phideid.formats.fhir.walker.Walker``, collecting, so nothing changes),
told to report the rule of each value it meets: paths are FHIR paths with array indexes dropped, and a
resource inside a Bundle or ``contained`` starts again at its own type. Narratives are read as their
text (markup stripped), text attachments decoded, as the handler reads them. Each top-level resource or
NDJSON line is one record.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping

from phideid.catalog.fields import FieldRule, Leaf, Record, Treatment
from phideid.errors import FormatError
from phideid.formats.fhir import document
from phideid.formats.fhir.dates import looks_like_date
from phideid.formats.fhir.narrative import div_text
from phideid.formats.fhir.references import target_type
from phideid.formats.fhir.rules import DATATYPES, FhirRules, Rule, load_rules
from phideid.formats.fhir.walker import Ctx, Walker
from phideid.types import PhiType

_UNTYPED = FieldRule(Treatment.KEEP, rule="no rule: kept")
#: elements whose kept value names a code system, profile or definition (a canonical URI), not a person:
#: structure by design, like HL7 v2's MSH (not searched for PHI by content or repeated values)
CANONICAL = frozenset({"system", "profile", "url", "valueSet", "instantiatesCanonical", "definition",
                       "instantiatesUri", "implicitRules", "language"})
_TOKEN_KINDS = {"reference": "reference: keyed token", "query": "query: keyed tokens", "token": "token"}


class _CatalogWalker(Walker):
    """The handler's walk, collecting ``Leaf`` s with the rule each value gets."""

    def __init__(self, rules: FhirRules, fulls: Mapping[str, str]) -> None:
        super().__init__(rules, remove_narrative=False, fulls=fulls)
        self.leaves: Record = []

    def _emit(self, path: tuple[str, ...], value: object, rule: FieldRule) -> None:
        if isinstance(value, bool) or value is None:
            return
        if isinstance(value, str | int | float):
            text = str(value)
            if rule.treatment is Treatment.KEEP and path[-1] in CANONICAL:
                rule = FieldRule(Treatment.KEEP, rule.phi_type, f"{rule.rule}: canonical URI", routing=True)
            if text.strip():
                self.leaves.append(Leaf(".".join(path), text, rule))

    def _emit_tree(self, path: tuple[str, ...], value: object, rule: FieldRule) -> None:
        if isinstance(value, list):
            for item in value:
                self._emit_tree(path, item, rule)
        elif isinstance(value, dict):
            for key, item in value.items():
                self._emit_tree((*path, key), item, rule)
        else:
            self._emit(path, value, rule)

    def _resource_id(self, rtype: str, value: object, contained: bool, loc: str) -> object:
        self._emit((rtype, "id"), value, FieldRule(Treatment.TOKEN, rule="resource id: keyed token"))
        return super()._resource_id(rtype, value, contained, loc)

    def apply(self, rule: Rule, holder: dict, key: str, value: object, path: tuple[str, ...], ctx: Ctx,
              loc: str) -> object:
        if rule.kind == "keep":
            self._emit_tree(path, value, FieldRule(Treatment.KEEP, rule="keep"))
        elif rule.kind == "remove":
            self._emit_tree(path, value, FieldRule(Treatment.REMOVE, rule="remove"))
        return super().apply(rule, holder, key, value, path, ctx, loc)

    def untyped(self, holder: dict, value: object, path: tuple[str, ...], ctx: Ctx, loc: str) -> object:
        if isinstance(value, str) and looks_like_date(value):
            self._emit(path, value, FieldRule(Treatment.REPLACE, PhiType.DATE, "no rule: reads as a date"))
        elif not isinstance(value, list | dict):
            self._emit(path, value, _UNTYPED)
        return super().untyped(holder, value, path, ctx, loc)

    def complex(self, dtype: str, arg: PhiType | None, value: object, path: tuple[str, ...], ctx: Ctx,
                loc: str) -> object:
        if isinstance(value, str):
            self._emit(path, value, FieldRule(Treatment.SCAN, rule=f"{dtype} given as a string: text"))
        elif dtype == "Narrative" and isinstance(value, dict):
            div = value.get("div")
            if isinstance(div, str):
                self._emit((*path, "div"), div_text(div), FieldRule(Treatment.SCAN, rule="Narrative"))
            self._emit((*path, "status"), value.get("status"), FieldRule(Treatment.KEEP, rule="Narrative"))
        return super().complex(dtype, arg, value, path, ctx, loc)

    def extensions(self, key: str, value: object, path: tuple[str, ...], ctx: Ctx, loc: str) -> object:
        for ext in value if isinstance(value, list) else ():
            url = ext.get("url") if isinstance(ext, dict) else None
            if not isinstance(url, str):
                continue  # the walk below says why
            allowed = url in self.rules.allowed_extensions or (ctx.extension_allowed and "://" not in url)
            if not allowed:  # dropped; read as if allowed to say what it means, then marked removed
                start = len(self.leaves)
                self.backbone(ext, path, self.rules.datatypes.get("Extension"), Ctx(ctx.role, True), loc)
                self.leaves[start:] = [
                    Leaf(leaf.path, leaf.value, FieldRule(
                        Treatment.UNKNOWN_REMOVED, leaf.rule.phi_type, "extension not allowed"))
                    for leaf in self.leaves[start:]
                ]
        return super().extensions(key, value, path, ctx, loc)

    def leaf(self, rule: Rule, holder: dict, value: object, path: tuple[str, ...], ctx: Ctx,
             loc: str) -> object:
        if not isinstance(value, str):
            self._emit(path, value, FieldRule(Treatment.KEEP, rule=str(rule)))
        elif rule.kind == "attachment-data":
            text = _attachment_text(holder, value)
            if text is None:
                self._emit(path, value, FieldRule(Treatment.REMOVE, rule="attachment data: not text"))
            else:
                self._emit(path, text, FieldRule(Treatment.SCAN, rule="attachment-data (decoded)"))
        elif rule.kind == "narrative-div":
            self._emit(path, div_text(value), FieldRule(Treatment.SCAN, rule=str(rule)))
        else:
            self._emit(path, value, self._rule_of(rule, holder, path, ctx))
        return super().leaf(rule, holder, value, path, ctx, loc)

    def _rule_of(self, rule: Rule, holder: dict, path: tuple[str, ...], ctx: Ctx) -> FieldRule:
        kind, name = rule.kind, str(rule)
        if kind == "text":
            return FieldRule(Treatment.SCAN, rule=name)
        if kind in ("date", "instant"):
            return FieldRule(Treatment.REPLACE, PhiType.DATE, name)
        if kind == "name":
            return FieldRule(Treatment.REPLACE, ctx.role or PhiType.NAME, name)
        if kind == "phi":
            return FieldRule(Treatment.REPLACE, rule.arg, name)
        if kind == "telecom-value":
            system = holder.get("system") if isinstance(holder.get("system"), str) else ""
            phi = self.rules.telecom.get(system, self.rules.telecom_default)
            return FieldRule(Treatment.REPLACE, phi, name)
        if kind == "identifier-value":
            return FieldRule(Treatment.REPLACE, self._identifier_type(holder), name)
        if kind == "reference-display":
            ref = holder.get("reference")
            target = target_type(ref, self.fulls) if isinstance(ref, str) else None
            phi = self.rules.reference_display.get(target or "")
            if phi is None and target is None and len(path) > 2:
                phi = self.rules.reference_display_elements.get(path[-2])
            if phi is None:
                return FieldRule(Treatment.SCAN, rule=name)
            return FieldRule(Treatment.REPLACE, phi, name)
        if kind in _TOKEN_KINDS:
            return FieldRule(Treatment.TOKEN, rule=_TOKEN_KINDS[kind])
        return FieldRule(Treatment.KEEP, rule=name if kind not in DATATYPES else f"{name}: kept")


def _attachment_text(holder: dict, value: str) -> str | None:
    """The text of a ``text/*`` attachment, as the handler decodes it; None for anything else."""
    content_type = holder.get("contentType") if isinstance(holder.get("contentType"), str) else ""
    mime, _, params = content_type.partition(";")
    if not mime.strip().lower().startswith("text/"):
        return None
    charset = "utf-8"
    for param in params.split(";"):
        key, _, val = param.strip().partition("=")
        if key.lower() == "charset" and val:
            charset = val.strip('"').lower()
    try:
        return base64.b64decode(value, validate=True).decode(charset)
    except (binascii.Error, ValueError, LookupError):
        return None


def _full_urls(docs: list[object]) -> dict[str, str]:
    fulls: dict[str, str] = {}

    def visit(node: object) -> None:
        if isinstance(node, dict):
            if node.get("resourceType") == "Bundle" and isinstance(node.get("entry"), list):
                for entry in node["entry"]:
                    if isinstance(entry, dict) and isinstance(entry.get("fullUrl"), str):
                        inner = entry.get("resource")
                        if isinstance(inner, dict) and isinstance(inner.get("resourceType"), str):
                            fulls[entry["fullUrl"]] = inner["resourceType"]
                            visit(inner)

    for doc in docs:
        visit(doc)
    return fulls


def records(data: bytes, rules: FhirRules | None = None) -> list[Record]:
    """One record per resource (or NDJSON line); ``FormatError`` (no values quoted) if not FHIR."""
    docs, locs, _ = document.read(data)
    rules = rules or load_rules()
    walker = _CatalogWalker(rules, _full_urls(docs))
    out: list[Record] = []
    for doc, loc in zip(docs, locs, strict=True):
        if not isinstance(doc, dict):
            raise FormatError(f"{loc}: a resource must be a JSON object")
        walker.leaves = []
        walker.resource(doc, loc)
        out.append(walker.leaves)
    return out
