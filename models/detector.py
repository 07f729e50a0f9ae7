"""Registers the NER model as ``detector.ner.v1`` in phideid's detector registry.

The composition root imports this module; importing it adds the factory (and nothing else). Options, from
``DetectorSettings.options``:

``model_dir``
    The model directory (default: the shipped ``models/default/``).
``ner_threshold``, ``ner_batch_size``, ``ner_providers``, ``ner_threads``
    Override the model's threshold, the windows per call (default: 1 for an int8 model, 32 otherwise; see
    ``OnnxNerDetector``), the execution providers and the CPU threads.
"""

from __future__ import annotations

from pathlib import Path

from models.runtime import OnnxNerDetector, default_model_dir
from phideid.detect import DetectorSettings, detectors
from phideid.detect.allowlist import AllowList
from phideid.detect.clinical import ClinicalVeto
from phideid.errors import ConfigError

NAME = "detector.ner.v1"


def _option(options: dict[str, object], key: str, kind: type | tuple[type, ...]) -> object | None:
    value = options.get(key)
    if value is not None and (not isinstance(value, kind) or isinstance(value, bool)):
        raise ConfigError(f"{NAME} option {key!r} has the wrong type ({type(value).__name__})")
    return value


def ner_detector(settings: DetectorSettings) -> OnnxNerDetector:
    """Build the NER detector from the engine's detector settings."""
    options = settings.options
    model_dir = _option(options, "model_dir", (str, Path)) or default_model_dir()
    providers = _option(options, "ner_providers", (list, tuple))
    threshold = _option(options, "ner_threshold", (int, float))
    return OnnxNerDetector(
        Path(model_dir),
        threshold=None if threshold is None else float(threshold),
        batch_size=_option(options, "ner_batch_size", int),
        providers=[str(p) for p in providers] if providers else None,
        intra_op_threads=_option(options, "ner_threads", int),
        veto=ClinicalVeto.load(AllowList.load(settings.allowlist)),
    )


detectors.add(NAME, ner_detector)

__all__ = ["NAME", "ner_detector"]
