"""The walk over one FHIR resource tree: each element classified by the rules, then replaced by meaning.

The same walk runs twice. Collecting (``fields`` is None) it gathers the free texts for the detectors,
each distinct text once, and changes nothing. Writing (with a ``FieldContext``) it builds a new tree:
structured values replaced through the policy, ids and references tokenized, extensions filtered, and
each free text left as a ``Slot``; once the whole tree is done (so every structured PHI value is known),
``fill`` puts the de-identified texts into their slots, with those known values scrubbed from them too.
Both walks classify alike, so the texts come back in the order they were collected.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from phideid.errors import FormatError
from phideid.formats.base import FieldContext
from phideid.formats.fhir.dates import looks_like_date, valid_output
from phideid.formats.fhir.known import KnownValues
from phideid.formats.fhir.narrative import div_text, text_div
from phideid.formats.fhir.references import RESOURCE_TYPE, ReferenceMapper, target_type
from phideid.formats.fhir.rules import DATATYPES, FhirRules, Rule
from phideid.replace import Replacement
from phideid.types import PhiType

#: meta.security codes (v3 ObservationValue): tokens linkable across payloads, or not
SECURITY_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ObservationValue"
PSEUDED = {"system": SECURITY_SYSTEM, "code": "PSEUDED", "display": "pseudonymized"}
ANONYED = {"system": SECURITY_SYSTEM, "code": "ANONYED", "display": "anonymized"}

REMOVED: Any = object()  # what a handler returns for an element to drop
_REFERENCE_KEYS = frozenset({"reference", "display", "identifier", "type", "id", "extension"})


@dataclass(frozen=True, slots=True)
class Slot:
    """Where a de-identified free text goes: ``texts[index]``, written as ``kind`` wants it."""

    index: int
    kind: str  # plain | narrative | attachment
    charset: str = "utf-8"


@dataclass(frozen=True, slots=True)
class Ctx:
    role: PhiType | None = None  # the role of the HumanName being walked
    extension_allowed: bool = False  # inside an allow-listed extension (its nested parts stay)


_ROOT = Ctx()


class Walker:
    def __init__(
        self,
        rules: FhirRules,
        *,
        remove_narrative: bool,
        fulls: Mapping[str, str],
        fields: FieldContext | None = None,
        text_index: Mapping[tuple[str | None, str], int] | None = None,
    ) -> None:
        self.rules = rules
        self.remove_narrative = remove_narrative
        self.fulls = dict(fulls)
        self.fields = fields
        self.texts: list[str] = []
        self.text_patients: list[str | None] = []  # whose text each one is (NDJSON lines differ)
        # texts are collected once per patient: the same words of two patients shift by two offsets
        self.index: dict[tuple[str | None, str], int] = dict(text_index or {})
        self.patient: str | None = None  # the patient of the resource being walked
        self.slots: list[tuple[Any, Any, Slot, FieldContext | None]] = []
        self.known = KnownValues(rules.known_values_min_length)
        self.refs = ReferenceMapper(fields, self._identifier_pair) if fields is not None else None
        self._done: dict[tuple[str, str, PhiType], Replacement] = {}

    # --- resources --------------------------------------------------------------------------------------

    def resource(self, res: object, loc: str, *, contained: bool = False) -> dict:
        if not isinstance(res, dict):
            raise FormatError(f"{loc}: a resource must be a JSON object")
        rtype = res.get("resourceType")
        if not isinstance(rtype, str) or not RESOURCE_TYPE.fullmatch(rtype):
            raise FormatError(f"{loc}: resourceType is missing or not a resource type name")
        out: dict = {}
        for key, value in res.items():
            if key == "resourceType":
                new = value
            elif key == "id":
                new = self._resource_id(rtype, value, contained, f"{loc}.id")
            else:
                new = self.element(res, key, value, (rtype, key), None, _ROOT, f"{loc}.{key}")
            self._put(out, key, new)
        if self.fields is not None and not contained:
            out = self._label(out)
        return out

    def _resource_id(self, rtype: str, value: object, contained: bool, loc: str) -> object:
        if not isinstance(value, str):
            raise FormatError(f"{loc}: a resource id must be a string")
        if self.refs is None:
            return value
        return self.refs.resource_id(rtype, value, contained=contained)

    def _label(self, out: dict) -> dict:
        """``meta.security`` gains PSEUDED or ANONYED; ``meta`` goes after ``id`` when it is new."""
        assert self.fields is not None
        code = PSEUDED if self.fields.linkable else ANONYED
        meta = out.get("meta")
        if not isinstance(meta, dict):
            meta = {}
        security = [c for c in meta.get("security", []) if isinstance(c, dict)]
        if not any(c.get("system") == SECURITY_SYSTEM and c.get("code") == code["code"] for c in security):
            security.append(dict(code))
        meta = {**meta, "security": security}
        if "meta" not in out:  # re-ordered in place: slots hold this very dict
            rest = [(k, out.pop(k)) for k in list(out) if k not in ("resourceType", "id")]
            out["meta"] = meta
            out.update(rest)
        out["meta"] = meta
        return out

    # --- elements ---------------------------------------------------------------------------------------

    def element(
        self, holder: dict, key: str, value: object, path: tuple[str, ...], comps: Mapping[str, Rule] | None,
        ctx: Ctx, loc: str,
    ) -> object:
        if key.startswith("_"):  # a primitive's id and extensions
            return self._primitive_extras(value, path, ctx, loc)
        rule = self.rules.for_path(path)
        if rule is None and comps is not None:
            rule = comps.get(key)
        if rule is None:
            rule = self.rules.elements.get(key) or self.rules.for_choice(key)
        if rule is None:
            return self.untyped(holder, value, path, ctx, loc)
        return self.apply(rule, holder, key, value, path, ctx, loc)

    def untyped(self, holder: dict, value: object, path: tuple[str, ...], ctx: Ctx, loc: str) -> object:
        """An element no rule names: its shape decides (Reference, CodeableConcept...), else look inside."""
        if isinstance(value, list):
            return self._each(value, loc, lambda v, where: self.untyped(holder, v, path, ctx, where))
        if isinstance(value, dict):
            shape = _shape(value)
            if shape is not None:
                return self.complex(shape, None, value, path, ctx, loc)
            return self.backbone(value, path, None, ctx, loc)
        if isinstance(value, str) and looks_like_date(value):
            return self.date(value, instant=False)
        return value

    def apply(
        self, rule: Rule, holder: dict, key: str, value: object, path: tuple[str, ...], ctx: Ctx, loc: str
    ) -> object:
        kind = rule.kind
        if kind == "keep":
            return value
        if kind == "remove":
            self._remove(key)
            return REMOVED
        if kind in DATATYPES:
            if kind == "Extension":
                return self.extensions(key, value, path, ctx, loc)
            return self.complex(kind, rule.arg, value, path, ctx, loc)
        if kind == "resource":
            contained = key == "contained"
            if isinstance(value, list):
                return self._each(value, loc, lambda v, where: self.resource(v, where, contained=contained))
            return self.resource(value, loc, contained=contained)
        if kind == "descend" or isinstance(value, dict) or (isinstance(value, list) and _has_objects(value)):
            return self.untyped(holder, value, path, ctx, loc)
        return self._each(value, loc, lambda v, where: self.leaf(rule, holder, v, path, ctx, where))

    def backbone(
        self, value: dict, path: tuple[str, ...], comps: Mapping[str, Rule] | None, ctx: Ctx, loc: str
    ) -> dict:
        out: dict = {}
        for key, item in value.items():
            self._put(out, key, self.element(value, key, item, (*path, key), comps, ctx, f"{loc}.{key}"))
        return out

    def complex(
        self, dtype: str, arg: PhiType | None, value: object, path: tuple[str, ...], ctx: Ctx, loc: str
    ) -> object:
        if isinstance(value, list):
            return self._each(value, loc, lambda v, where: self.complex(dtype, arg, v, path, ctx, where))
        if isinstance(value, str):  # a plain string where a datatype was expected (CareTeam.name): text
            return self.text(value, "plain")
        if not isinstance(value, dict):
            return value
        if dtype == "Narrative":
            return self.narrative(value, loc)
        if dtype == "HumanName":
            ctx = Ctx(arg or PhiType.NAME, ctx.extension_allowed)
        out = self.backbone(value, path, self.rules.datatypes.get(dtype, {}), ctx, loc)
        if self.fields is None:
            return out
        if dtype == "Identifier":
            out = self._identifier_system(value, out)
        elif dtype == "Attachment" and "data" in value and "data" not in out:
            for gone in ("size", "hash"):  # they describe the data that was dropped
                out.pop(gone, None)
        return out

    # --- extensions -------------------------------------------------------------------------------------

    def extensions(self, key: str, value: object, path: tuple[str, ...], ctx: Ctx, loc: str) -> object:
        if not isinstance(value, list):
            raise FormatError(f"{loc}: {key} must be an array")

        def one(ext: object, where: str) -> object:
            if not isinstance(ext, dict) or not isinstance(ext.get("url"), str):
                raise FormatError(f"{where}: an extension needs a url")
            url = ext["url"]
            allowed = url in self.rules.allowed_extensions or (ctx.extension_allowed and "://" not in url)
            if not allowed:
                self._remove("modifier_extension" if key == "modifierExtension" else "extension")
                return REMOVED
            return self.backbone(ext, path, self.rules.datatypes.get("Extension"), Ctx(ctx.role, True), where)

        return self._each(value, loc, one)

    def _primitive_extras(self, value: object, path: tuple[str, ...], ctx: Ctx, loc: str) -> object:
        """``_birthDate: {extension: [...]}``: its extensions filtered like any; dropped when emptied."""
        if isinstance(value, list):
            return [None if v is None else self._primitive_extras(v, path, ctx, loc) for v in value]
        if not isinstance(value, dict):
            return value
        out = self.backbone(value, path, None, ctx, loc)
        return out if out or not value else REMOVED

    # --- leaves -----------------------------------------------------------------------------------------

    def leaf(
        self, rule: Rule, holder: dict, value: object, path: tuple[str, ...], ctx: Ctx, loc: str
    ) -> object:
        if not isinstance(value, str):
            return value
        kind = rule.kind
        if kind == "text":
            return self.text(value, "plain")
        if kind == "date":
            return self.date(value, instant=False)
        if kind == "instant":
            return self.date(value, instant=True)
        if kind == "attachment-data":
            return self.attachment_data(holder, value, loc)
        if kind == "narrative-div":
            text = div_text(value)
            return self.text(text, "narrative") if text else value
        if kind == "reference-display":
            ref = holder.get("reference")
            target = target_type(ref, self.fulls) if isinstance(ref, str) else None
            phi = self.rules.reference_display.get(target or "")
            if phi is None and target is None and len(path) > 2:  # not in this payload: the element says
                phi = self.rules.reference_display_elements.get(path[-2])
            return self.replace(value, phi) if phi is not None else self.text(value, "plain")
        if self.fields is None or self.refs is None:
            return value
        if kind == "name":
            return self.replace(value, ctx.role or PhiType.NAME)
        if kind == "phi":
            assert rule.arg is not None
            return self.replace(value, rule.arg)
        if kind == "telecom-value":
            system = holder.get("system") if isinstance(holder.get("system"), str) else ""
            return self.replace(value, self.rules.telecom.get(system, self.rules.telecom_default))
        if kind == "identifier-value":
            return self.replace(value, self._identifier_type(holder))
        if kind == "identifier-system":
            return value  # set with the value, in _identifier_system
        if kind == "reference":
            return self.refs.reference(value)
        if kind == "query":
            return self.refs.query(value)
        if kind == "token":
            return self.fields.token("value", value)
        return value

    def text(self, value: str, kind: str, charset: str = "utf-8") -> object:
        if not value.strip():
            return value if kind == "plain" else REMOVED
        index = self.index.get((self.patient, value))
        if self.fields is None:
            if index is None:
                self.index[(self.patient, value)] = len(self.texts)
                self.texts.append(value)
                self.text_patients.append(self.patient)
            return value
        if index is None:  # the collecting walk saw every text this walk sees
            raise AssertionError("a free text was not collected")
        return Slot(index, kind, charset)

    def date(self, value: str, *, instant: bool) -> object:
        if self.fields is None:
            return value
        new = valid_output(self.replace(value, PhiType.DATE), instant=instant)
        if new is None:
            self._remove("date")
            return REMOVED
        return new

    def narrative(self, value: dict, loc: str) -> object:
        if self.remove_narrative:
            self._remove("narrative")
            return REMOVED
        div = value.get("div")
        if not isinstance(div, str):
            raise FormatError(f"{loc}.div: a narrative needs its div")
        text = div_text(div)
        if not text:  # nothing but markup: an empty narrative is invalid, so it goes
            self._remove("narrative")
            return REMOVED
        out = {k: v for k, v in value.items() if k != "extension"}  # narrative extensions: not allow-listed
        new = self.text(text, "narrative")
        self._put(out, "div", new)
        return out

    def attachment_data(self, holder: dict, value: str, loc: str) -> object:
        content_type = holder.get("contentType") if isinstance(holder.get("contentType"), str) else ""
        mime, _, params = content_type.partition(";")
        charset = "utf-8"
        for param in params.split(";"):
            name, _, val = param.strip().partition("=")
            if name.lower() == "charset" and val:
                charset = val.strip('"').lower()
        text = None
        if mime.strip().lower().startswith("text/"):
            try:
                raw = base64.b64decode(value, validate=True)
                text = raw.decode(charset)
            except (binascii.Error, ValueError, LookupError):
                text = None  # not decodable text: dropped below, like any binary payload
        if text is None:
            self._remove("attachment_data")
            return REMOVED
        if not text.strip():
            return value
        return self.text(text, "attachment", charset)

    # --- identifiers --------------------------------------------------------------------------------------

    def _identifier_type(self, identifier: dict) -> PhiType:
        kind = identifier.get("type")
        codes = kind.get("coding", []) if isinstance(kind, dict) else []
        for coding in codes if isinstance(codes, list) else []:
            if isinstance(coding, dict) and coding.get("code") in self.rules.identifier_types:
                return self.rules.identifier_types[coding["code"]]
        system = identifier.get("system")
        return self.rules.identifier_systems.get(system if isinstance(system, str) else "",
                                                 self.rules.identifier_default)

    def _pseudonym_system(self, system: str | None) -> str:
        assert self.fields is not None
        return self.rules.pseudonym_system + self.fields.token("system", system or "")

    def _identifier_system(self, original: dict, out: dict) -> dict:
        """``system`` marks a pseudonymized value: a token is never taken for a real identifier."""
        if not isinstance(original.get("value"), str) or out.get("value") == original["value"]:
            return out
        system = original.get("system") if isinstance(original.get("system"), str) else None
        new_system = self._pseudonym_system(system)
        if "system" in out:
            out["system"] = new_system
            return out
        result: dict = {}
        for k, v in out.items():
            if k == "value":
                result["system"] = new_system
            result[k] = v
        return result

    def _identifier_pair(self, system: str | None, value: str) -> tuple[str | None, str]:
        phi = self.rules.identifier_systems.get(system or "", self.rules.identifier_default)
        new = self.replace(value, phi)
        return (self._pseudonym_system(system) if new != value else system), new

    # --- helpers ------------------------------------------------------------------------------------------

    def replace(self, value: str, phi_type: PhiType, *, remember: bool = True) -> str:
        """The policy's replacement of one structured value (cached: bundles repeat values)."""
        if self.fields is None:
            return value
        cached = (self.fields.surrogates.scope, value, phi_type)  # per patient: dates shift per patient
        done = self._done.get(cached)
        if done is None:
            before = len(self.fields.replacements)
            new = self.fields.replace(value, phi_type)
            if len(self.fields.replacements) > before:
                self._done[cached] = self.fields.replacements[-1]
        else:
            new = done.surrogate
            self.fields.replacements.append(done)  # the report counts every field replaced
        if remember and new != value:
            self.known.add(value, phi_type)
        return new

    def fill(self, texts: Sequence[str]) -> None:
        """Put the de-identified texts into their slots, with the known values scrubbed from them."""
        def replace(value: str, phi_type: PhiType) -> str:
            return self.replace(value, phi_type, remember=False)

        scrubbed: dict[int, str] = {}
        for container, key, slot, fields in self.slots:
            self.fields = fields  # known values scrubbed under the text's own patient
            if slot.index not in scrubbed:
                scrubbed[slot.index] = self.known.scrub(texts[slot.index], replace)
            text = scrubbed[slot.index]
            if slot.kind == "narrative":
                container[key] = text_div(text)
            elif slot.kind == "attachment":
                raw = text.encode(slot.charset, errors="replace")
                container[key] = base64.b64encode(raw).decode("ascii")
                if "size" in container:
                    container["size"] = len(raw)
                if "hash" in container:
                    container["hash"] = base64.b64encode(hashlib.sha1(raw).digest()).decode("ascii")
            else:
                container[key] = text

    def _remove(self, what: str) -> None:
        if self.fields is not None:
            self.fields.remove(what)

    def _put(self, out: dict, key: str, new: object) -> None:
        if new is REMOVED:
            return
        out[key] = new
        if type(new) is Slot:
            self.slots.append((out, key, new, self.fields))

    def _each(self, value: object, loc: str, fn: Callable[[object, str], object]) -> object:
        if not isinstance(value, list):
            return fn(value, loc)
        out: list = []
        for i, item in enumerate(value):
            new = fn(item, f"{loc}[{i}]")
            if new is REMOVED:
                continue
            out.append(new)
            if type(new) is Slot:
                self.slots.append((out, len(out) - 1, new, self.fields))
        return out if out or not value else REMOVED  # an array emptied by removals goes too


def _has_objects(value: list) -> bool:
    return any(isinstance(v, dict | list) for v in value)


def _shape(value: dict) -> str | None:
    if isinstance(value.get("reference"), str) or ("display" in value and value.keys() <= _REFERENCE_KEYS):
        return "Reference"
    if "coding" in value:
        return "CodeableConcept"
    if "system" in value and "code" in value:
        return "Coding"
    if "contentType" in value:
        return "Attachment"
    return None
