"""Export a trained ``CasedTokenClassifier`` to a model directory: ONNX, ORT BERT fusion, dynamic int8.

The steps, each checked:

1. ``torch.onnx.export`` (TorchScript exporter, opset 17, dynamic batch and sequence axes) with the
   contract's input names (``input_ids``, ``attention_mask``, ``case_ids`` when casing is on) and output
   ``logits``; the encoder runs with eager attention so the graph has the pattern ORT fuses.
2. ONNX Runtime's transformer optimizer (``model_type="bert"``): Attention, SkipLayerNormalization and
   Gelu fusion. The fused operator counts are printed and stored in ``phideid_model.json``
   (``fused_ops``); a BERT-family encoder whose attention did not fuse is reported loudly.
3. ``quantize_dynamic``: int8 weights (``QInt8``), activations quantized at run time.

``parity`` then compares per-token argmax labels of the torch model and the exported one on dev notes;
the shipped model must agree on >= 99.5% of tokens.

CLI: ``python -m models.export --checkpoint DIR --out DIR [--parity-texts notes.txt]`` re-exports a
checkpoint written by ``CasedTokenClassifier.save`` (or any local HF token-classification checkpoint).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import torch

from models.encoding import NoteTokenizer, Window, plan_windows, window_inputs
from models.model_info import MODEL_CARD, MODEL_ONNX, TOKENIZER_JSON, ModelInfo
from models.torch_model import CasedTokenClassifier

OPSET = 17
#: the shipped model must agree with torch on at least this share of dev tokens
PARITY_REQUIRED = 0.995


class _OnnxWrapper(torch.nn.Module):
    """Positional inputs in contract order, for the tracer."""

    def __init__(self, model: CasedTokenClassifier) -> None:
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, case_ids=None):  # noqa: D401 - traced
        return self.model(input_ids, attention_mask, case_ids)


def _input_names(casing: bool) -> list[str]:
    return ["input_ids", "attention_mask", "case_ids"] if casing else ["input_ids", "attention_mask"]


def export_onnx(model: CasedTokenClassifier, path: Path, *, opset: int = OPSET) -> Path:
    """Step 1: the fp32 ONNX graph of ``model`` at ``path``."""
    model = model.eval().cpu()
    names = _input_names(model.casing)
    ids = torch.tensor([[101, 2000, 2001, 2002, 2003, 102], [101, 2004, 2005, 102, 0, 0]], dtype=torch.long)
    mask = (ids != 0).long()
    case = torch.tensor([[0, 2, 1, 3, 5, 0], [0, 1, 4, 0, 0, 0]], dtype=torch.long)
    args = (ids, mask, case) if model.casing else (ids, mask)
    axes = {name: {0: "batch", 1: "sequence"} for name in names}
    axes["logits"] = {0: "batch", 1: "sequence"}
    with torch.no_grad():
        torch.onnx.export(
            _OnnxWrapper(model), args, str(path), input_names=names, output_names=["logits"],
            dynamic_axes=axes, opset_version=opset, do_constant_folding=True, dynamo=False,
        )
    onnx.checker.check_model(str(path))
    return path


def optimize_onnx(src: Path, dst: Path, *, num_heads: int, hidden_size: int, model_type: str = "bert",
                  ) -> dict[str, int]:
    """Step 2: ORT transformer fusion; returns the non-zero fused operator counts."""
    from onnxruntime.transformers.optimizer import optimize_model

    optimized = optimize_model(str(src), model_type=model_type, num_heads=num_heads, hidden_size=hidden_size)
    stats = {op: n for op, n in optimized.get_fused_operator_statistics().items() if n}
    optimized.save_model_to_file(str(dst))
    return stats


def quantize_onnx(src: Path, dst: Path, *, per_channel: bool = False) -> None:
    """Step 3: dynamic int8 quantization of the weights (MatMul, Attention, Gather...)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    # the fused contrib ops (com.microsoft domain) defeat ONNX shape inference: their outputs are float
    quantize_dynamic(src, dst, weight_type=QuantType.QInt8, per_channel=per_channel,
                     extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})


def export_model(
    model: CasedTokenClassifier,
    tokenizer_dir: str | Path,
    out_dir: str | Path,
    *,
    labels: Sequence[str] | None = None,
    casing: bool | None = None,
    max_length: int = 256,
    stride: int = 64,
    threshold: float = 0.35,
    quantize: bool = True,
    per_channel: bool = False,
    card_text: str | None = None,
    base: str = "",
    version: str | None = None,
) -> Path:
    """Write a complete model directory (``model.onnx``, ``tokenizer.json``, ``phideid_model.json``,
    ``MODEL_CARD.md`` when ``card_text`` is given) and return its path.

    ``labels`` and ``casing`` default to the model's own and must match them when given. ``version``
    defaults to the first 12 hex digits of the SHA-256 of ``model.onnx``.
    """
    if labels is not None and tuple(labels) != model.labels:
        raise ValueError("labels differ from the model's own labels")
    if casing is not None and casing != model.casing:
        raise ValueError(f"casing={casing} but the model was built with casing={model.casing}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tokenizer = NoteTokenizer(Path(tokenizer_dir) / TOKENIZER_JSON)
    if max_length > getattr(model.config, "max_position_embeddings", max_length):
        raise ValueError(f"max_length {max_length} exceeds the encoder's position embeddings")
    with tempfile.TemporaryDirectory(dir=out, prefix=".export-") as tmp:
        raw, fused = Path(tmp) / "raw.onnx", Path(tmp) / "fused.onnx"
        export_onnx(model, raw)
        stats = optimize_onnx(raw, fused, num_heads=model.config.num_attention_heads,
                              hidden_size=model.config.hidden_size)
        print(f"fused operators: {json.dumps(stats, sort_keys=True)}")
        layers = getattr(model.config, "num_hidden_layers", 0)
        if stats.get("Attention", 0) + stats.get("MultiHeadAttention", 0) < layers:
            print(f"WARNING: attention fused in {stats.get('Attention', 0)} of {layers} layers; "
                  "the model runs correctly but slower", file=sys.stderr)
        target = out / MODEL_ONNX
        if quantize:
            quantize_onnx(fused, target, per_channel=per_channel)
        else:
            shutil.copyfile(fused, target)
    digest = hashlib.sha256(target.read_bytes()).hexdigest()[:12]
    tokenizer.save(out / TOKENIZER_JSON)
    info = ModelInfo(
        labels=model.labels, casing=model.casing, max_length=max_length, stride=stride,
        threshold=threshold, version=version or digest, base=base,
        quantized=("int8-per-channel" if per_channel else "int8") if quantize else None,
        extra={"fused_ops": stats, "opset": OPSET},
    )
    info.write(out)
    if card_text is not None:
        (out / MODEL_CARD).write_text(card_text, encoding="utf-8")
    _check_session(target, model.casing, len(model.labels))
    return out


def _check_session(path: Path, casing: bool, n_labels: int) -> None:
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    names = [i.name for i in session.get_inputs()]
    if names != _input_names(casing) or session.get_outputs()[0].name != "logits":
        raise RuntimeError(f"exported model has inputs {names}; expected {_input_names(casing)}")
    ids = np.array([[101, 2000, 102]], dtype=np.int64)
    feed = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
    if casing:
        feed["case_ids"] = np.zeros_like(ids)
    logits = session.run(["logits"], feed)[0]
    if logits.shape != (1, 3, n_labels):
        raise RuntimeError(f"exported model gives logits of shape {logits.shape}")


@dataclass(frozen=True)
class ParityReport:
    """How often the exported model's per-token label agrees with torch's (real tokens only)."""

    tokens: int
    agree: int
    phi_tokens_torch: int  # tokens torch labels non-O
    phi_agree: int  # of those, tokens the export labels the same

    @property
    def agreement(self) -> float:
        return self.agree / self.tokens if self.tokens else 1.0

    @property
    def phi_agreement(self) -> float:
        return self.phi_agree / self.phi_tokens_torch if self.phi_tokens_torch else 1.0

    @property
    def ok(self) -> bool:
        return self.agreement >= PARITY_REQUIRED

    def __str__(self) -> str:
        return (f"parity: {self.agree}/{self.tokens} tokens agree ({self.agreement:.2%}); "
                f"PHI tokens {self.phi_agree}/{self.phi_tokens_torch} ({self.phi_agreement:.2%})")


def parity(model: CasedTokenClassifier, out_dir: str | Path, texts: Sequence[str], *,
           batch_size: int = 16) -> ParityReport:
    """Per-token argmax agreement of ``model`` (torch) and ``out_dir/model.onnx`` on ``texts``.

    The notes go through the same windows as at run time; every real token of every window counts.
    """
    out = Path(out_dir)
    info = ModelInfo.read(out)
    tokenizer = NoteTokenizer(out / TOKENIZER_JSON)
    session = ort.InferenceSession(str(out / MODEL_ONNX), providers=["CPUExecutionProvider"])
    names = [i.name for i in session.get_inputs()]
    notes = tokenizer.encode(texts)
    size = info.max_length - tokenizer.n_special
    windows = [Window(i, s, e) for i, note in enumerate(notes) for s, e in plan_windows(len(note), size,
                                                                                         info.stride)]
    model = model.eval()
    tokens = agree = phi = phi_agree = 0
    for b in range(0, len(windows), batch_size):
        feed = window_inputs(notes, windows[b:b + batch_size], tokenizer)
        onnx_pred = session.run(["logits"], {n: feed[n] for n in names})[0].argmax(-1)
        with torch.no_grad():
            t = {k: torch.from_numpy(v) for k, v in feed.items()}
            torch_pred = model(t["input_ids"], t["attention_mask"],
                               t["case_ids"] if model.casing else None).argmax(-1).numpy()
        real = (feed["attention_mask"] == 1) & (feed["case_ids"] != 0) if model.casing else (
            feed["attention_mask"] == 1)
        same = (onnx_pred == torch_pred) & real
        tokens += int(real.sum())
        agree += int(same.sum())
        is_phi = real & (torch_pred != 0)
        phi += int(is_phi.sum())
        phi_agree += int((same & is_phi).sum())
    return ParityReport(tokens=tokens, agree=agree, phi_tokens_torch=phi, phi_agree=phi_agree)


def _read_texts(path: Path) -> list[str]:
    """A ``.jsonl`` file with a ``text`` per line, or a plain file with one note per line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if path.suffix == ".jsonl":
        return [json.loads(line)["text"] for line in lines if line.strip()]
    return [line for line in lines if line.strip()]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m models.export", description=__doc__.split("\n")[0])
    parser.add_argument("--checkpoint", type=Path, required=True, help="checkpoint directory (torch)")
    parser.add_argument("--out", type=Path, required=True, help="model directory to write")
    parser.add_argument("--tokenizer", type=Path, help="directory with tokenizer.json (default: checkpoint)")
    parser.add_argument("--max-length", type=int)
    parser.add_argument("--stride", type=int)
    parser.add_argument("--threshold", type=float)
    parser.add_argument("--no-quantize", action="store_true", help="keep fp32 weights")
    parser.add_argument("--per-channel", action="store_true", help="per-channel int8 weight scales")
    parser.add_argument("--card", type=Path, help="MODEL_CARD.md text to ship with the model")
    parser.add_argument("--base", default="", help="name of the base encoder, for phideid_model.json")
    parser.add_argument("--parity-texts", type=Path, help="dev notes (.jsonl with 'text', or one per line)")
    args = parser.parse_args(argv)

    model = CasedTokenClassifier.load(args.checkpoint)
    meta = CasedTokenClassifier.meta(args.checkpoint)
    out = export_model(
        model, args.tokenizer or args.checkpoint, args.out,
        max_length=args.max_length or int(meta.get("max_length", 256)),
        stride=args.stride if args.stride is not None else int(meta.get("stride", 64)),
        threshold=args.threshold or float(meta.get("threshold", 0.35)),
        quantize=not args.no_quantize, per_channel=args.per_channel,
        card_text=args.card.read_text(encoding="utf-8") if args.card else None,
        base=args.base or str(meta.get("base", "")),
    )
    print(f"wrote {out}")
    if args.parity_texts:
        report = parity(model, out, _read_texts(args.parity_texts))
        print(report)
        if not report.ok:
            print(f"FAILED: parity below {PARITY_REQUIRED:.1%}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
