"""Engine configuration as validated data: a YAML file, then ``PHIDEID_*`` environment overrides.

Secrets never live here: the vault's secret key comes from ``PHIDEID_SECRET_KEY`` or a key file (see
``phideid.vault.keys``). An unknown key or a bad value stops start-up with a ``ConfigError``.

::

    # phideid.yaml
    policy: pseudonymize              # built-in name or a path to a policy YAML
    vault_url: sqlite:///var/lib/phideid/vault.db
    audit_url: postgresql://phideid@db/phideid   # default: $PHIDEID_HOME/audit.jsonl
    detectors: [detector.pattern.v1, detector.ner.v1]
    model_dir: /opt/phideid/models/my-model  # default: the shipped model
    detector_options: {ner_threshold: 0.3, ner_batch_size: 32}
    allowlist: [/etc/phideid/allowlist-local.txt]
    score_threshold: 0.5
    max_chars: 1000000
    format_options:
      hl7v2: {keep_segments: [ZPD]}   # Z-segments are dropped unless named here
    stream: {bootstrap: kafka:9092, input_topics: [raw], output_topic: deid, dlq_topic: deid.dlq}
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from phideid.errors import ConfigError
from phideid.policy import DEFAULT_POLICY

M = TypeVar("M", bound=BaseModel)

#: environment variable -> config field; one spelling per setting
ENV_OVERRIDES = {
    "PHIDEID_POLICY": "policy",
    "PHIDEID_VAULT_URL": "vault_url",
    "PHIDEID_AUDIT_URL": "audit_url",
    "PHIDEID_MODEL_DIR": "model_dir",
}


class EngineConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    policy: str = DEFAULT_POLICY
    vault_url: str | None = None  # None: sqlite file under PHIDEID_HOME
    audit_url: str | None = None  # None: audit.jsonl under PHIDEID_HOME (see phideid.audit)
    # the NER model finds what no pattern can (names without titles, hospitals, places); patterns find
    # the structured identifiers with validation; both run by default
    detectors: list[str] = Field(
        default_factory=lambda: ["detector.pattern.v1", "detector.ner.v1"], min_length=1
    )
    model_dir: Path | None = None  # None: the shipped model (models/default)
    # passed to every detector factory, which validates its own keys (ner_threshold, ner_batch_size...)
    detector_options: dict[str, object] = Field(default_factory=dict)
    allowlist: list[Path] = Field(default_factory=list)
    score_threshold: float = Field(0.5, ge=0.0, le=1.0)
    max_chars: int = Field(1_000_000, gt=0)
    max_bytes: int = Field(64 * 1024 * 1024, gt=0)  # one payload (an HL7 message, a bundle, a DICOM file)
    # per format handler, validated by the handler: {hl7v2: {keep_segments: [ZPI]}, dicom: {...}}
    format_options: dict[str, dict[str, object]] = Field(default_factory=dict)
    # settings of ``phideid stream`` (topics, batching, Kafka client), validated by the stream edge
    stream: dict[str, object] = Field(default_factory=dict)


def load_config(path: str | Path | None = None, env: Mapping[str, str] = os.environ) -> EngineConfig:
    """Read ``path`` (or ``PHIDEID_CONFIG``) if given, apply environment overrides, validate."""
    data: dict[str, object] = {}
    path = path or env.get("PHIDEID_CONFIG")
    if path:
        file = Path(path)
        try:
            loaded = yaml.safe_load(file.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigError(f"cannot read config {file}: {exc.strerror}") from None
        except yaml.YAMLError as exc:
            raise ConfigError(f"config {file} is not valid YAML: {exc.__class__.__name__}") from None
        if loaded is not None and not isinstance(loaded, dict):
            raise ConfigError(f"config {file} must be a mapping of settings")
        data.update(loaded or {})
    for var, field_name in ENV_OVERRIDES.items():
        if env.get(var):
            data[field_name] = env[var]
    return validated(EngineConfig, data, "configuration")


def validated(model: type[M], data: object, what: str) -> M:
    """``model`` validated from ``data``, or a ``ConfigError`` naming each bad setting (never its value)."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or what}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"invalid {what}: {problems}") from None
