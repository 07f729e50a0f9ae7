"""Policies are data: a YAML file a privacy officer can read and change, validated when it is loaded.

A policy maps every ``PhiType`` to one action and the transform that performs it::

    name: pseudonymize
    version: "1"
    reidentifiable: true          # keep the encrypted value map so the vault can re-identify
    surrogate_key: vault          # or "document": a fresh random key per document (Safe Harbor)
    rules:
      - types: [PATIENT, DOCTOR, RELATIVE, NAME]
        action: surrogate
        using: surrogate.name.v1
      - types: [ZIP]
        action: generalize
        using: generalize.zip3.v1
        params: {table: census2000}
    default: {action: redact, using: redact.tag.v1}

Actions are ``keep``, ``redact``, ``generalize`` and ``surrogate``; ``using`` names a registered transform
whose prefix matches the action (``keep.*``, ``redact.*``, ``generalize.*``, ``surrogate.*``). A type
named twice, an unknown type or transform, a bad parameter, or a type left without a rule and no
default, stops loading with a ``PolicyError``: a bad policy never falls back to anything.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

import phideid.policy.actions  # noqa: F401  (registers keep.v1 and redact.tag.v1)
import phideid.surrogates  # noqa: F401  (registers the surrogate and generalize transforms)
from phideid.errors import ConfigError, PolicyError
from phideid.surrogates.base import Transform, transforms
from phideid.types import PhiType


class Action(StrEnum):
    KEEP = "keep"
    REDACT = "redact"
    GENERALIZE = "generalize"
    SURROGATE = "surrogate"


class KeyScope(StrEnum):
    """Where a policy's surrogates take their secret key from."""

    VAULT = "vault"  # the vault's key: the same value gets the same surrogate in every document
    DOCUMENT = "document"  # a fresh random key per document, then forgotten: no link across documents


class RuleSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    action: Action
    using: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)


class TypedRuleSpec(RuleSpec):
    types: list[PhiType] = Field(min_length=1)


class PolicySpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    version: str = Field(min_length=1)
    description: str = ""
    reidentifiable: bool = False
    surrogate_key: KeyScope = KeyScope.VAULT
    rules: list[TypedRuleSpec]
    default: RuleSpec | None = None


@dataclass(frozen=True)
class Rule:
    action: Action
    using: str
    transform: Transform = field(repr=False, compare=False)


@dataclass(frozen=True)
class Policy:
    """A validated policy: one built transform per PHI type, plus what the report says about it."""

    name: str
    version: str
    digest: str  # sha256 of the file's bytes: the report names exactly which policy text ran
    reidentifiable: bool
    rules: dict[PhiType, Rule]
    surrogate_key: KeyScope = KeyScope.VAULT
    description: str = ""

    def rule(self, phi_type: PhiType) -> Rule:
        return self.rules[phi_type]

    def describe(self) -> dict[str, object]:
        return {"name": self.name, "version": self.version, "sha256": self.digest,
                "reidentifiable": self.reidentifiable}


BUILTIN = ("pseudonymize", "safe-harbor", "redact")
DEFAULT_POLICY = "pseudonymize"


def load_policy(name_or_path: str | Path) -> Policy:
    """Load a built-in policy by name (``safe-harbor``, ``pseudonymize``, ``redact``) or a YAML file."""
    raw, origin = _read(name_or_path)
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise PolicyError(f"policy {origin} is not valid YAML: {exc.__class__.__name__}") from None
    try:
        spec = PolicySpec.model_validate(data)
    except ValidationError as exc:
        raise PolicyError(f"policy {origin} does not validate:\n{_explain(exc)}") from None
    return _build(spec, hashlib.sha256(raw).hexdigest(), origin)


def builtin_policy_text(name: str) -> str:
    raw, _ = _read(name)
    return raw.decode("utf-8")


def _read(name_or_path: str | Path) -> tuple[bytes, str]:
    if isinstance(name_or_path, str) and name_or_path in BUILTIN:
        file = resources.files("phideid") / "data" / "policies" / f"{name_or_path}.yaml"
        return file.read_bytes(), f"'{name_or_path}' (built-in)"
    path = Path(name_or_path)
    if not path.is_file():
        raise PolicyError(
            f"no policy {str(name_or_path)!r}: give a built-in name ({', '.join(BUILTIN)}) "
            "or a YAML file path"
        )
    return path.read_bytes(), str(path)


def _explain(exc: ValidationError) -> str:
    lines = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"]) or "(top level)"
        lines.append(f"  {where}: {err['msg']}")
    return "\n".join(lines)


def _build(spec: PolicySpec, digest: str, origin: str) -> Policy:
    rules: dict[PhiType, Rule] = {}
    for rule_spec in spec.rules:
        rule = _build_rule(rule_spec, origin)
        for phi_type in rule_spec.types:
            if phi_type in rules:
                raise PolicyError(f"policy {origin}: type {phi_type.value} has more than one rule")
            rules[phi_type] = rule
    missing = [t for t in PhiType if t not in rules]
    if missing:
        if spec.default is None:
            names = ", ".join(t.value for t in missing)
            raise PolicyError(f"policy {origin}: no rule for {names} and no default rule; add one of them")
        default = _build_rule(spec.default, origin)
        for phi_type in missing:
            rules[phi_type] = default
    if spec.reidentifiable and spec.surrogate_key is KeyScope.DOCUMENT:
        raise PolicyError(f"policy {origin}: a reidentifiable policy needs surrogate_key: vault")
    return Policy(
        spec.name, spec.version, digest, spec.reidentifiable, rules, spec.surrogate_key, spec.description
    )


def _build_rule(spec: RuleSpec, origin: str) -> Rule:
    using = spec.using or ("keep.v1" if spec.action is Action.KEEP else None)
    if using is None:
        raise PolicyError(f"policy {origin}: a {spec.action.value} rule needs 'using: <transform name>'")
    if not using.startswith(f"{spec.action.value}."):
        raise PolicyError(
            f"policy {origin}: action {spec.action.value} cannot use {using!r}; "
            f"pick a transform named {spec.action.value}.*"
        )
    try:
        factory = transforms.get(using)
    except ConfigError as exc:
        raise PolicyError(f"policy {origin}: {exc}") from None
    try:
        transform = factory(**spec.params)
    except TypeError as exc:
        raise PolicyError(f"policy {origin}: bad params for {using}: {exc}") from None
    return Rule(spec.action, using, transform)
