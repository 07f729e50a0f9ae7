"""The composition root of the engine: configuration in, a ready ``Deidentifier`` out.

The CLI and the API's app factory call ``build_deidentifier``; nothing else wires parts together.
Detectors that live above the engine (the NER model in ``models``) are named in ``DETECTOR_MODULES`` and
imported by module path only when a configuration asks for them, so ``phideid`` never imports them.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Mapping

from phideid.audit import AuditTrail, default_audit_url, open_trail
from phideid.config import EngineConfig
from phideid.deidentifier import Deidentifier
from phideid.detect import Detector, DetectorSettings, detectors
from phideid.errors import ConfigError
from phideid.formats import build_handlers
from phideid.vault import open_vault
from phideid.vault.keys import default_vault_url, load_secret

#: registered detector name -> the module whose import registers it
DETECTOR_MODULES = {"detector.ner.v1": "models.detector"}


def build_detectors(config: EngineConfig) -> list[Detector]:
    options: dict[str, object] = dict(config.detector_options)
    if config.model_dir is not None:
        options["model_dir"] = config.model_dir
    settings = DetectorSettings(
        allowlist=tuple(config.allowlist), score_threshold=config.score_threshold, options=options
    )
    built = []
    for name in config.detectors:
        if name not in detectors and name in DETECTOR_MODULES:
            try:
                importlib.import_module(DETECTOR_MODULES[name])
            except ImportError as exc:
                raise ConfigError(f"detector {name} needs {exc.name}, which is not installed") from None
        built.append(detectors.get(name)(settings))
    return built


def build_deidentifier(config: EngineConfig, env: Mapping[str, str] = os.environ) -> Deidentifier:
    built = build_detectors(config)
    vault = open_vault(config.vault_url or default_vault_url(env), load_secret(env))
    return Deidentifier(
        built, vault, default_policy=config.policy, max_chars=config.max_chars, max_bytes=config.max_bytes,
        formats=build_handlers(config.format_options),
    )


def build_audit_trail(config: EngineConfig, env: Mapping[str, str] = os.environ) -> AuditTrail:
    """The audit trail every edge writes to: config ``audit_url``, else ``PHIDEID_AUDIT_URL``, else the
    default file."""
    return open_trail(config.audit_url or default_audit_url(env))
