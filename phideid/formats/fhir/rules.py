"""The FHIR rules file: what each element means, loaded from YAML and validated before any payload runs.

The shipped file is ``phideid/data/fhir/rules.yaml`` (its header documents the kinds and the lookup
order); a site passes its own edited copy with the ``rules`` format option. A rule is a ``Rule(kind,
arg)``: ``Rule("HumanName", "PATIENT")``, ``Rule("phi", "HOSPITAL")``, ``Rule("text")``. Path rules are
indexed by their last step, so a lookup tries only the few patterns that can match.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from phideid.errors import ConfigError
from phideid.types import PhiType

SHIPPED = "rules.yaml"

#: complex datatypes the walker knows the components of (through ``datatypes``)
DATATYPES = frozenset({
    "HumanName", "Address", "ContactPoint", "Identifier", "Reference", "Attachment", "Annotation",
    "Period", "CodeableConcept", "Coding", "Narrative", "Extension",
})
#: leaf kinds; ``phi`` needs a PHI type argument, the others none
LEAVES = frozenset({
    "name", "phi", "text", "date", "instant", "identifier-value", "identifier-system", "telecom-value",
    "reference", "reference-display", "query", "attachment-data", "narrative-div", "resource", "token",
    "keep", "remove", "descend",
})
NAME_ROLES = frozenset({PhiType.PATIENT, PhiType.DOCTOR, PhiType.RELATIVE, PhiType.NAME})

_RULE = re.compile(r"(?P<kind>[A-Za-z][A-Za-z-]*)(?:\((?P<arg>[A-Z_]+)\))?")
_STEP = re.compile(r"\*\*|\*|[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True, slots=True)
class Rule:
    kind: str
    arg: PhiType | None = None

    def __str__(self) -> str:
        return f"{self.kind}({self.arg.value})" if self.arg else self.kind


@dataclass(frozen=True, slots=True)
class PathRule:
    steps: tuple[str, ...]
    rule: Rule
    order: int

    def matches(self, path: tuple[str, ...]) -> bool:
        return _match(self.steps, 0, path, 0)


def _match(steps: tuple[str, ...], i: int, path: tuple[str, ...], j: int) -> bool:
    while i < len(steps):
        step = steps[i]
        if step == "**":
            return any(_match(steps, i + 1, path, k) for k in range(j, len(path) + 1))
        if j >= len(path) or (step != "*" and step != path[j]):
            return False
        i, j = i + 1, j + 1
    return j == len(path)


@dataclass(frozen=True)
class FhirRules:
    """The validated rules; see the shipped file's header for what each part means."""

    paths: tuple[PathRule, ...]
    datatypes: Mapping[str, Mapping[str, Rule]]
    elements: Mapping[str, Rule]
    choice_types: Mapping[str, Rule]
    identifier_types: Mapping[str, PhiType]
    identifier_systems: Mapping[str, PhiType]
    identifier_default: PhiType
    pseudonym_system: str
    telecom: Mapping[str, PhiType]
    telecom_default: PhiType
    reference_display: Mapping[str, PhiType]
    reference_display_elements: Mapping[str, PhiType]
    allowed_extensions: frozenset[str]
    known_values_min_length: int
    source: str = "shipped"
    _by_last: dict[str, tuple[PathRule, ...]] = field(default_factory=dict, repr=False, compare=False)
    _wild: tuple[PathRule, ...] = field(default=(), repr=False, compare=False)
    _suffix: re.Pattern[str] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_last: dict[str, list[PathRule]] = {}
        wild = []
        for p in self.paths:
            if p.steps[-1] in ("*", "**"):
                wild.append(p)
            else:
                by_last.setdefault(p.steps[-1], []).append(p)
        object.__setattr__(self, "_by_last", {k: tuple(v) for k, v in by_last.items()})
        object.__setattr__(self, "_wild", tuple(wild))
        names = "|".join(sorted(self.choice_types, key=len, reverse=True))
        object.__setattr__(self, "_suffix", re.compile(rf"[a-z][A-Za-z]*?({names})") if names else None)

    def for_path(self, path: tuple[str, ...]) -> Rule | None:
        """The first path rule (in file order) matching ``path`` (ResourceType, element, ...)."""
        candidates = self._by_last.get(path[-1], ())
        if self._wild:
            candidates = tuple(sorted((*candidates, *self._wild), key=lambda p: p.order))
        for p in candidates:
            if p.matches(path):
                return p.rule
        return None

    def for_choice(self, key: str) -> Rule | None:
        """The rule of a choice element by its type suffix: ``valueString`` -> text."""
        if self._suffix is None:
            return None
        m = self._suffix.fullmatch(key)
        return self.choice_types[m.group(1)] if m else None


def load_rules(path: str | Path | None = None) -> FhirRules:
    """The shipped rules, or a user's file; ``ConfigError`` naming the bad entry if it does not validate."""
    if path is None:
        text = resources.files("phideid").joinpath("data", "fhir", SHIPPED).read_text(encoding="utf-8")
        origin = "shipped"
    else:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"cannot read the FHIR rules file {path}: {exc.strerror}") from None
        origin = str(path)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"FHIR rules {origin} is not valid YAML ({exc.__class__.__name__})") from None
    return _build(data, origin)


_KEYS = {
    "version", "paths", "datatypes", "elements", "choice_types", "identifier_types", "identifier_systems",
    "identifier_default", "pseudonym_system", "telecom", "telecom_default", "reference_display",
    "reference_display_elements",
    "extensions", "known_values_min_length",
}


def _build(data: object, origin: str) -> FhirRules:
    where = f"FHIR rules {origin}"
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: expected a mapping at the top")
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise ConfigError(f"{where}: unknown keys {', '.join(map(str, unknown))}")
    if str(data.get("version")) != "1":
        raise ConfigError(f"{where}: version must be \"1\"")

    paths = []
    for order, (pattern, spec) in enumerate(_mapping(data, "paths", where).items()):
        steps = tuple(str(pattern).split("."))
        if not all(_STEP.fullmatch(s) for s in steps) or len(steps) < 2:
            raise ConfigError(f"{where}: path {pattern!r} must be Type.element[.element...] (* and ** too)")
        paths.append(PathRule(steps, _rule(spec, f"{where}: paths.{pattern}"), order))

    datatypes: dict[str, dict[str, Rule]] = {}
    for name, parts in _mapping(data, "datatypes", where).items():
        if name not in DATATYPES:
            raise ConfigError(f"{where}: unknown datatype {name!r}; known: {', '.join(sorted(DATATYPES))}")
        if not isinstance(parts, dict):
            raise ConfigError(f"{where}: datatypes.{name} must map components to rules")
        datatypes[name] = {str(k): _rule(v, f"{where}: datatypes.{name}.{k}") for k, v in parts.items()}
    elements = _rules(data, "elements", where)
    choice = _rules(data, "choice_types", where)
    extensions = _mapping(data, "extensions", where)
    allow = extensions.get("allow", [])
    urls = allow if isinstance(allow, list) else [None]
    if set(extensions) - {"allow"} or not all(isinstance(u, str) for u in urls):
        raise ConfigError(f"{where}: extensions must be {{allow: [absolute URL, ...]}}")
    min_length = data.get("known_values_min_length", 3)
    if not isinstance(min_length, int) or min_length < 2:
        raise ConfigError(f"{where}: known_values_min_length must be an integer of 2 or more")
    system = data.get("pseudonym_system", "urn:phideid:pseudonym:")
    if not isinstance(system, str) or not system.startswith("urn:"):
        raise ConfigError(f"{where}: pseudonym_system must be a urn: prefix")
    return FhirRules(
        paths=tuple(paths),
        datatypes=datatypes,
        elements=elements,
        choice_types=choice,
        identifier_types=_types(data, "identifier_types", where),
        identifier_systems=_types(data, "identifier_systems", where),
        identifier_default=_type(data.get("identifier_default", "IDNUM"), f"{where}: identifier_default"),
        pseudonym_system=system,
        telecom=_types(data, "telecom", where),
        telecom_default=_type(data.get("telecom_default", "PHONE"), f"{where}: telecom_default"),
        reference_display=_types(data, "reference_display", where),
        reference_display_elements=_types(data, "reference_display_elements", where),
        allowed_extensions=frozenset(allow),
        known_values_min_length=min_length,
        source=origin,
    )


def _mapping(data: dict, key: str, where: str) -> dict:
    value = data.get(key) or {}
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: {key} must be a mapping")
    return value


def _rules(data: dict, key: str, where: str) -> dict[str, Rule]:
    return {str(k): _rule(v, f"{where}: {key}.{k}") for k, v in _mapping(data, key, where).items()}


def _type(value: object, where: str) -> PhiType:
    try:
        return PhiType(str(value))
    except ValueError:
        raise ConfigError(f"{where}: unknown PHI type {value!r}") from None


def _types(data: dict, key: str, where: str) -> dict[str, PhiType]:
    return {str(k): _type(v, f"{where}: {key}.{k}") for k, v in _mapping(data, key, where).items()}


def _rule(spec: object, where: str) -> Rule:
    m = _RULE.fullmatch(spec.strip()) if isinstance(spec, str) else None
    if m is None:
        raise ConfigError(f"{where}: a rule is KIND or KIND(ARG), got {spec!r}")
    kind, arg = m.group("kind"), m.group("arg")
    if kind not in DATATYPES and kind not in LEAVES:
        raise ConfigError(f"{where}: unknown rule kind {kind!r}")
    phi = _type(arg, where) if arg else None
    if kind == "phi" and phi is None:
        raise ConfigError(f"{where}: phi needs a PHI type, e.g. phi(HOSPITAL)")
    if kind == "HumanName" and phi is not None and phi not in NAME_ROLES:
        raise ConfigError(f"{where}: a HumanName's role is one of PATIENT, DOCTOR, RELATIVE, NAME")
    if phi is not None and kind not in ("phi", "HumanName"):
        raise ConfigError(f"{where}: {kind} takes no argument")
    return Rule(kind, phi)
