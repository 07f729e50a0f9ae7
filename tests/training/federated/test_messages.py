"""Only arrays and metrics cross the wire: a site's reply holds the trainable parameters (float arrays of
the model's shapes) and numbers, and no byte of it spells a note's text or its token ids."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tests.training.federated.conftest import tiny_settings

ALLOWED_METRICS = {
    "num-examples", "units", "holdout-notes", "eval-windows", "eval-loss-sum", "eval-tp", "eval-fp",
    "eval-fn",
    "train-loss", "steps", "epsilon", "epsilon-next", "noise-multiplier", "sample-rate", "steps-total",
}


def _wire_bytes(obj) -> bytes:
    """Everything Flower would serialize for a message: the object and all its descendants."""
    parts = [obj.deflate()]
    for child in obj.children.values() if obj.children else ():
        parts.append(_wire_bytes(child))
    return b"".join(parts)


def _site_notes(folder: Path) -> list[dict]:
    return [json.loads(line) for line in (folder / "notes.jsonl").read_text().splitlines() if line]


@pytest.mark.parametrize("epsilon", [0.0, 3.0], ids=["plain", "dp-sgd"])
def test_a_site_reply_holds_only_float_arrays_and_numbers(tiny_base, site_dirs, epsilon):
    from flwr.app import ConfigRecord

    from training.data import encode, load_tokenizer
    from training.federated.coordinator import initial_arrays, make_strategy
    from training.federated.inprocess import InProcessGrid
    from training.federated.local import build_model, trainable_state

    settings = tiny_settings(tiny_base, epsilon=epsilon, min_sites=1)
    grid = InProcessGrid(site_dirs[:1], settings)
    strategy = make_strategy(settings, 1)
    messages = strategy.configure_train(1, initial_arrays(settings), ConfigRecord({"server-round": 1}), grid)
    (reply,) = grid.send_and_receive(messages)

    assert not reply.has_error()
    content = reply.content
    assert set(content.array_records) == {"arrays"} and set(content.metric_records) == {"metrics"}
    assert not content.config_records
    expected = {name: tuple(t.shape) for name, t in trainable_state(build_model(settings)).items()}
    arrays = content["arrays"]
    assert {name: tuple(a.shape) for name, a in arrays.items()} == expected
    assert all(a.numpy().dtype == np.float32 for a in arrays.values())
    assert not any("word_embeddings" in name for name in arrays)  # frozen: never sent
    metrics = content["metrics"]
    assert set(metrics) <= ALLOWED_METRICS
    assert all(isinstance(v, int | float) for v in metrics.values())
    assert ("epsilon" in metrics) == (epsilon > 0)

    wire = _wire_bytes(reply)
    # the blob is what travels: it does hold the parameters themselves
    assert all(a.numpy().tobytes() in wire for a in arrays.values())
    notes = _site_notes(site_dirs[0])
    tokenizer = load_tokenizer(tiny_base, settings.max_length, settings.stride)
    for note in notes:
        text = note["text"]
        for start in range(0, max(1, len(text) - 24), 24):  # every 24-character piece of every note
            piece = text[start : start + 24]
            assert piece.encode() not in wire and piece.encode("utf-16-le") not in wire
        for span in note["spans"]:
            surface = text[span["start"] : span["end"]]
            if len(surface) >= 6:
                assert surface.encode() not in wire
        from training.data import LabelledText

        for window in encode([LabelledText(text, ())], tokenizer, ["O"]):
            ids = window.input_ids[1:9]  # a run of 8 real token ids
            for dtype in (np.int64, np.int32, np.float32):
                assert np.asarray(ids, dtype=dtype).tobytes() not in wire
