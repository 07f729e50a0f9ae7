"""The composition root of the engine: configuration in, a ready ``Deidentifier`` out.

The CLI and the API's app factory call ``build_deidentifier``; nothing else wires parts together.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from phideid.config import EngineConfig
from phideid.deidentifier import Deidentifier
from phideid.detect import DetectorSettings, detectors
from phideid.vault import open_vault
from phideid.vault.keys import default_vault_url, load_secret


def build_deidentifier(config: EngineConfig, env: Mapping[str, str] = os.environ) -> Deidentifier:
    settings = DetectorSettings(allowlist=tuple(config.allowlist), score_threshold=config.score_threshold)
    built = [detectors.get(name)(settings) for name in config.detectors]
    vault = open_vault(config.vault_url or default_vault_url(env), load_secret(env))
    return Deidentifier(built, vault, default_policy=config.policy, max_chars=config.max_chars)
