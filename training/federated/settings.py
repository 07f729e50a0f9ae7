"""The settings of one federated run: one validated dataclass, read from Flower's run config.

Flower hands every ``ClientApp`` and the ``ServerApp`` the same run config (``flwr run --run-config``,
keys declared in ``training/federated/app/pyproject.toml``); ``FederatedSettings.from_run_config`` turns
it into typed, checked values, and ``to_run_config`` writes it back (hyphenated keys) for ``flwr run``.
A bad value is a ``ConfigError`` naming the key, never a silent default.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from phideid.errors import ConfigError

STRATEGIES = ("fedavg", "fedprox")
PRIVACY_UNITS = ("note", "patient")
FREEZE = ("embeddings", "encoder", "none")


@dataclass(frozen=True)
class FederatedSettings:
    out_dir: str = ""  # where the ServerApp writes the model and the reports ("" = no export)
    base: str = ""  # local HF encoder directory ("" = all-MiniLM-L6-v2 from its PyPI package)
    layers: int = 3  # keep only the first N encoder layers, as the shipped model does (0 = all)
    rounds: int = 3
    local_epochs: float = 1.0
    batch_size: int = 16  # expected batch size (Poisson sampling under DP-SGD)
    lr: float = 5e-4
    max_length: int = 128
    stride: int = 32
    # DP-SGD on each site (Opacus); epsilon 0 = no DP-SGD
    epsilon: float = 0.0
    delta: float = 1e-5
    max_grad_norm: float = 1.0
    noise_multiplier: float = 0.0  # 0 = calibrated from epsilon, delta and the planned rounds
    privacy_unit: str = "note"  # note | patient
    max_notes_per_patient: int = 0  # 0 = no cap
    holdout: float = 0.2  # share of each site's notes held back for evaluating the global model
    strategy: str = "fedavg"  # fedavg | fedprox
    proximal_mu: float = 0.0
    # server-side DP (Flower's DifferentialPrivacyServerSideFixedClipping); 0 = off
    server_noise: float = 0.0
    server_clip: float = 0.0
    # embeddings: all but the embeddings train | encoder: only the case embedding and the head train |
    # none: all but position and token-type embeddings (which always freeze) train
    freeze: str = "embeddings"
    secagg: bool = False
    seed: int = 13
    min_sites: int = 2
    threshold: float = 0.15
    quantize: bool = True
    command: str = ""

    def __post_init__(self) -> None:
        checks = {
            "rounds": self.rounds >= 1,
            "local-epochs": self.local_epochs > 0,
            "batch-size": self.batch_size >= 1,
            "lr": self.lr > 0,
            "max-length": self.max_length > 2 * self.stride + 2,
            "epsilon": self.epsilon >= 0,
            "delta": 0 < self.delta < 1,
            "max-grad-norm": self.max_grad_norm > 0,
            "noise-multiplier": self.noise_multiplier >= 0,
            "privacy-unit": self.privacy_unit in PRIVACY_UNITS,
            "max-notes-per-patient": self.max_notes_per_patient >= 0,
            "holdout": 0 < self.holdout < 1,
            "strategy": self.strategy in STRATEGIES,
            "proximal-mu": self.proximal_mu >= 0,
            "server-noise": self.server_noise >= 0,
            "server-clip": self.server_clip >= 0 and (self.server_noise == 0 or self.server_clip > 0),
            "freeze": self.freeze in FREEZE,
            "min-sites": self.min_sites >= 1,
            "threshold": 0 < self.threshold <= 1,
            "layers": self.layers >= 0,
        }
        bad = [key for key, ok in checks.items() if not ok]
        if bad:
            raise ConfigError(f"federated settings: invalid value for {', '.join(bad)}")
        if self.secagg and self.server_noise > 0:
            raise ConfigError("federated settings: secagg and server-side noise cannot be combined here "
                              "(the wrapper needs each site's update, which SecAgg+ hides)")

    @property
    def dp(self) -> bool:
        """DP-SGD on the sites: a budget or an explicit noise multiplier was given."""
        return self.epsilon > 0 or self.noise_multiplier > 0

    @property
    def base_dir(self) -> Path:
        if self.base:
            return Path(self.base)
        from training.finetune import default_base_model

        return default_base_model()

    @classmethod
    def from_run_config(cls, config: Mapping[str, object]) -> FederatedSettings:
        """Typed settings from a Flower run config (hyphenated keys; unknown keys are an error)."""
        known = {f.name: f for f in fields(cls)}
        values: dict[str, object] = {}
        for key, value in config.items():
            name = key.replace("-", "_")
            if name not in known:
                raise ConfigError(f"federated settings: unknown key {key!r}")
            default = known[name].default
            try:
                if isinstance(default, bool):
                    values[name] = value if isinstance(value, bool) else str(value).lower() == "true"
                elif isinstance(default, int):
                    values[name] = int(value)
                elif isinstance(default, float):
                    values[name] = float(value)
                else:
                    values[name] = str(value)
            except (TypeError, ValueError):
                raise ConfigError(f"federated settings: {key!r} must be a {type(default).__name__}") from None
        return cls(**values)

    def to_run_config(self) -> dict[str, object]:
        return {key.replace("_", "-"): value for key, value in asdict(self).items()}

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def run_config_arg(values: Mapping[str, object]) -> str:
    """``flwr run --run-config`` text (TOML-ish ``key=value`` pairs) for ``values``."""
    parts = []
    for key, value in values.items():
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, int | float):
            text = repr(value)
        else:
            # flwr's parser takes "..." up to the next double quote, escapes or not: use single ones
            escaped = str(value).replace("\\", "\\\\").replace('"', "'")
            text = f'"{escaped}"'
        parts.append(f"{key}={text}")
    return " ".join(parts)
