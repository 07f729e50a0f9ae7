"""Export of the tiny trained model: the contract's files, inputs and outputs; parity with torch."""

from __future__ import annotations

import json

import onnx
import pytest

from tests.models.conftest import LABELS, MAX_LENGTH, SENTENCES, STRIDE, parse

DEV = [parse(s)[0] for s in SENTENCES] + [
    "Spoke with Dr. Lindqvist on 2/3/2024 about the plan.",
    "PT SEEN BY DR. OKAFOR ON 5/6/2021; STABLE.",
    "Lasix given. " * 40 + "Dr. Rossi aware.",  # several windows
]


def test_export_writes_the_contract_files(tiny_model_dir):
    names = sorted(p.name for p in tiny_model_dir.iterdir())
    assert names == ["MODEL_CARD.md", "model.onnx", "phideid_model.json", "tokenizer.json"]
    info = json.loads((tiny_model_dir / "phideid_model.json").read_text())
    assert info["format"] == 1 and info["labels"] == LABELS and info["casing"] is True
    assert (info["max_length"], info["stride"], info["threshold"], info["quantized"]) == (
        MAX_LENGTH, STRIDE, 0.35, "int8")
    assert info["version"]


def test_onnx_inputs_and_output_follow_the_contract(tiny_model_dir):
    graph = onnx.load(str(tiny_model_dir / "model.onnx")).graph
    assert [i.name for i in graph.input] == ["input_ids", "attention_mask", "case_ids"]
    assert all(i.type.tensor_type.elem_type == onnx.TensorProto.INT64 for i in graph.input)
    assert [o.name for o in graph.output] == ["logits"]
    assert graph.output[0].type.tensor_type.elem_type == onnx.TensorProto.FLOAT


def test_bert_fusion_applied_and_weights_quantized(tiny_model_dir):
    info = json.loads((tiny_model_dir / "phideid_model.json").read_text())
    assert info["fused_ops"]["Attention"] == 2 and info["fused_ops"]["SkipLayerNormalization"] >= 2
    ops = {n.op_type for n in onnx.load(str(tiny_model_dir / "model.onnx")).graph.node}
    assert ops & {"QAttention", "MatMulInteger", "DynamicQuantizeMatMul"}, sorted(ops)


def test_parity_fp32_is_exact_and_int8_reported(tiny_model, tiny_fp32_dir, tiny_model_dir):
    from models.export import parity

    fp32 = parity(tiny_model, tiny_fp32_dir, DEV)
    int8 = parity(tiny_model, tiny_model_dir, DEV)
    print(f"\nfp32 {fp32}\nint8 {int8}")
    assert fp32.tokens > 300 and fp32.agreement >= 0.999
    assert int8.agreement >= 0.97


def test_export_rejects_labels_or_casing_the_model_lacks(tiny_model, base_dir, tmp_path):
    from models.export import export_model

    with pytest.raises(ValueError):
        export_model(tiny_model, base_dir, tmp_path, labels=["O", "B-DATE"])
    with pytest.raises(ValueError):
        export_model(tiny_model, base_dir, tmp_path, casing=False)


def test_cli_reexports_a_saved_checkpoint(tiny_model, base_dir, tmp_path):
    from models.export import main

    checkpoint = tiny_model.save(tmp_path / "ckpt", tokenizer_dir=base_dir,
                                 meta={"max_length": MAX_LENGTH, "stride": STRIDE, "threshold": 0.4})
    dev = tmp_path / "dev.txt"
    dev.write_text("\n".join(DEV[:5]), encoding="utf-8")
    assert main(["--checkpoint", str(checkpoint), "--out", str(tmp_path / "out"), "--no-quantize",
                 "--parity-texts", str(dev)]) == 0
    info = json.loads((tmp_path / "out" / "phideid_model.json").read_text())
    assert (info["max_length"], info["threshold"], info["quantized"]) == (MAX_LENGTH, 0.4, None)
