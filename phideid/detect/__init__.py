"""Detection: the ``Detector`` protocol, the registry of detector factories, and span merging.

A detector factory takes ``DetectorSettings`` and returns a ``Detector``. Configuration names detectors
by registered name only (``detector.pattern.v1``); the NER model registers ``detector.ner.v1`` from
``models`` when the composition root imports it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from phideid.detect.base import Detector
from phideid.registry import Registry


@dataclass(frozen=True)
class DetectorSettings:
    """What a detector factory may use from the engine's configuration."""

    allowlist: tuple[Path, ...] = ()
    score_threshold: float = 0.5
    options: dict[str, object] = field(default_factory=dict)


detectors: Registry[Callable[[DetectorSettings], Detector]] = Registry("detector")


@detectors.register("detector.pattern.v1")
def _pattern_detector(settings: DetectorSettings) -> Detector:
    # imported here: building presidio is the slow part, and only callers who ask for it pay
    from phideid.detect.allowlist import AllowList
    from phideid.detect.patterns import PatternDetector

    return PatternDetector(
        allow_list=AllowList.load(settings.allowlist), score_threshold=settings.score_threshold
    )


__all__ = ["Detector", "DetectorSettings", "detectors"]
