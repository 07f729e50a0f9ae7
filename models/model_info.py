"""``phideid_model.json``: what a model directory says about its model, read and validated in one place.

See the contract in ``models/__init__.py``. Reading fails closed with ``ConfigError``: a model whose
labels or settings do not make sense never gets to detect anything.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from phideid.errors import ConfigError
from phideid.types import PhiType

MODEL_JSON = "phideid_model.json"
MODEL_ONNX = "model.onnx"
TOKENIZER_JSON = "tokenizer.json"
MODEL_CARD = "MODEL_CARD.md"
FORMAT = 1


@dataclass(frozen=True)
class ModelInfo:
    """The settings of one exported model (the fields of ``phideid_model.json``)."""

    labels: tuple[str, ...]
    casing: bool
    max_length: int = 256
    stride: int = 64
    threshold: float = 0.35
    version: str = ""
    base: str = ""
    quantized: str | None = "int8"
    format: int = FORMAT
    extra: dict[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.format != FORMAT:
            raise ConfigError(f"{MODEL_JSON}: format {self.format} is not supported (expected {FORMAT})")
        if not self.labels or self.labels[0] != "O":
            raise ConfigError(f"{MODEL_JSON}: labels must start with 'O'")
        if len(set(self.labels)) != len(self.labels):
            raise ConfigError(f"{MODEL_JSON}: labels must be unique")
        for label in self.labels[1:]:
            parse_label(label)
        if self.max_length < 8 or self.max_length > 4096:
            raise ConfigError(f"{MODEL_JSON}: max_length must be in 8..4096, got {self.max_length}")
        if not 0 <= self.stride < self.max_length // 2:
            raise ConfigError(f"{MODEL_JSON}: stride must be in 0..max_length/2, got {self.stride}")
        if not 0.0 < self.threshold <= 1.0:
            raise ConfigError(f"{MODEL_JSON}: threshold must be in (0, 1], got {self.threshold}")

    @property
    def phi_types(self) -> tuple[PhiType, ...]:
        """The PHI types of the model, in order of first appearance in ``labels``."""
        return tuple(dict.fromkeys(parse_label(label)[1] for label in self.labels[1:]))

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["labels"] = list(self.labels)
        extra = data.pop("extra")
        return {"format": data.pop("format"), **data, **extra}

    def write(self, model_dir: Path) -> Path:
        path = Path(model_dir) / MODEL_JSON
        path.write_text(json.dumps(self.to_json(), indent=2) + "\n", encoding="utf-8")
        return path

    @classmethod
    def read(cls, model_dir: Path) -> ModelInfo:
        path = Path(model_dir) / MODEL_JSON
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"model directory {model_dir} has no {MODEL_JSON}") from None
        except (OSError, ValueError) as exc:
            raise ConfigError(f"{path} cannot be read as JSON ({type(exc).__name__})") from None
        if not isinstance(data, dict) or not isinstance(data.get("labels"), list):
            raise ConfigError(f"{path}: expected an object with a 'labels' list")
        known = {"format", "labels", "casing", "max_length", "stride", "threshold", "version", "base",
                 "quantized"}
        try:
            return cls(
                labels=tuple(str(label) for label in data["labels"]),
                casing=bool(data.get("casing", False)),
                max_length=int(data.get("max_length", 256)),
                stride=int(data.get("stride", 64)),
                threshold=float(data.get("threshold", 0.35)),
                version=str(data.get("version", "")),
                base=str(data.get("base", "")),
                quantized=data.get("quantized"),
                format=int(data.get("format", FORMAT)),
                extra={k: v for k, v in data.items() if k not in known},
            )
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"{path}: a setting has the wrong type ({type(exc).__name__})") from None


def parse_label(label: str) -> tuple[str, PhiType]:
    """``"B-PATIENT"`` -> ``("B", PhiType.PATIENT)``; a bare type is read as ``I``.

    Foreign label sets in i2b2 terms (``B-DOCTOR``, ``I-LOCATION-OTHER``, ``B-ID``) map through
    ``PhiType.from_i2b2``.
    """
    prefix, sep, name = label.partition("-")
    if not sep or prefix not in ("B", "I"):
        prefix, name = "I", label
    try:
        return prefix, PhiType(name)
    except ValueError:
        pass
    try:
        return prefix, PhiType.from_i2b2(name)
    except ValueError:
        raise ConfigError(f"model label {label!r} is neither a PhiType nor an i2b2 category") from None
