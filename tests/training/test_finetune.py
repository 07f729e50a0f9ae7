"""`phideid train` end to end on a tiny encoder: it trains, exports a model directory, and the
runtime and the pipeline use that directory."""

from __future__ import annotations

import json

import pytest

torch = pytest.importorskip("torch")


def test_train_writes_a_model_directory_the_pipeline_can_use(tiny_base, tmp_path):
    from training.cli import main

    out = tmp_path / "model"
    code = main(["--out", str(out), "--base", str(tiny_base), "--notes", "40", "--epochs", "1",
                 "--batch-size", "8", "--max-length", "64", "--stride", "16", "--run-length", "96",
                 "--device", "cpu"])
    assert code == 0
    for name in ("model.onnx", "tokenizer.json", "phideid_model.json", "MODEL_CARD.md", "train_report.json"):
        assert (out / name).is_file(), name
    info = json.loads((out / "phideid_model.json").read_text())
    assert info["casing"] is True and info["labels"][0] == "O"
    assert info["max_length"] == 96  # trained on 64-token windows, run on the longer ones asked for
    report = json.loads((out / "train_report.json").read_text())
    assert report["result"]["steps"] >= 1 and "entity_f1" in report["result"]["dev"]
    card = (out / "MODEL_CARD.md").read_text()
    assert "phideid train --out" in card and "real PHI density" in card
    # the float32 weights stay beside the int8 model, loadable for federated fine-tuning
    from models.torch_model import CasedTokenClassifier

    fp32 = CasedTokenClassifier.load(out / "checkpoint")
    assert next(fp32.parameters()).dtype == torch.float32 and list(fp32.labels) == info["labels"]

    from models.runtime import OnnxNerDetector
    from phideid.deidentifier import Deidentifier
    from phideid.detect.patterns import PatternDetector
    from phideid.vault import open_vault

    detector = OnnxNerDetector(out)
    engine = Deidentifier([PatternDetector(), detector], open_vault("sqlite:///:memory:", b"t" * 32))
    result = engine.deidentify("Seen by Dr. Okonkwo on 7/22/2009.", patient_id="p")
    assert "Okonkwo" not in result.text and "ner" in result.report.detectors


def test_two_stage_training_exports_the_same_model_card_commands(tiny_base, tmp_path):
    from training.cli import main

    args = ["--base", str(tiny_base), "--notes", "20", "--batch-size", "8", "--max-length", "64",
            "--stride", "16", "--device", "cpu"]
    assert main(["--out", str(tmp_path / "gpu"), "--no-export", "--layers", "1", *args]) == 0
    checkpoint = tmp_path / "gpu" / "checkpoint"
    assert (checkpoint / "model.safetensors").is_file() and not (tmp_path / "gpu" / "model.onnx").exists()
    assert json.loads((checkpoint / "config.json").read_text())["num_hidden_layers"] == 1  # of the base's 2
    assert main(["--out", str(tmp_path / "model"), "--from-checkpoint", str(checkpoint), *args]) == 0
    card = (tmp_path / "model" / "MODEL_CARD.md").read_text()
    assert "--no-export" in card and "--from-checkpoint" in card


@pytest.mark.parametrize(("keep", "expected"), [(1, 1), (2, 2), (3, 2)])
def test_layer_cut_keeps_the_first_layers_and_a_smaller_base_whole(tiny_base, keep, expected):
    from models.torch_model import CasedTokenClassifier
    from training.data import bio_labels
    from training.finetune import _keep_layers

    model = CasedTokenClassifier.from_encoder(tiny_base, bio_labels())
    first = model.encoder.encoder.layer[0]
    _keep_layers(model, keep)  # the default cut is 3: a 2-layer base stays whole
    assert len(model.encoder.encoder.layer) == model.encoder.config.num_hidden_layers == expected
    assert model.encoder.encoder.layer[0] is first
