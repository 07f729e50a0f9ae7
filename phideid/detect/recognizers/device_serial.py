"""Device serial numbers (``DEVICE``): implant, pump and monitor serials after a serial/device label."""

from __future__ import annotations

from presidio_analyzer import Pattern

from phideid.detect.recognizers._base import PhiPatternRecognizer
from phideid.detect.recognizers._lexicon import ID_TOKEN, after_label
from phideid.types import PhiType

_LABELS = (
    r"serial",
    r"s/n",
    r"sn",
    r"device(?:[ \t]+(?:serial|id|identifier))?",
    r"(?:pacemaker|icd|defibrillator|pump|implant|generator|lead|stimulator)[ \t]+(?:serial|s/n|sn|id)",
)


class DeviceSerialRecognizer(PhiPatternRecognizer):
    """Finds "Serial #: PJN123456", "S/N 4417-ABX-22", "device ID ZX81-0042". Needs the label."""

    ENTITY = PhiType.DEVICE
    NAME = "device_serial"
    PATTERNS = (Pattern("serial_labelled", after_label(_LABELS) + ID_TOKEN + r"\b", 0.85),)
    CONTEXT = ("serial", "s/n", "device", "pacemaker", "implant")

    def invalidate_result(self, pattern_text: str) -> bool | None:
        # "serial exams", "device check": a serial number has digits
        return not any(ch.isdigit() for ch in pattern_text)
