"""``phideid eval-threshold``: the sweep on hand-built spans, and one run with the shipped model."""

from __future__ import annotations

import json
import sys

import pytest

from eval.cli import DEFAULT_MODEL_DIR
from eval.cli import main as eval_main
from eval.threshold import main, plot, sweep
from phideid.errors import ConfigError
from phideid.gold import GoldNote, GoldSpan
from phideid.types import PhiType, Span

# tokens: Dr Okafor saw pt on Lasix call 617 555 0134 -> 10; Wife Edna called -> 3
ROUNDS = "Dr. Okafor saw pt on Lasix, call 617-555-0134."
FAMILY = "Wife Edna called."


def at(text: str, word: str, phi_type: PhiType, score: float) -> Span:
    start = text.index(word)
    return Span(start, start + len(word), phi_type, score)


def gold_span(span: Span) -> GoldSpan:
    return GoldSpan(span.start, span.end, span.phi_type.value)


OKAFOR = at(ROUNDS, "Okafor", PhiType.DOCTOR, 0.9)
LASIX = at(ROUNDS, "Lasix", PhiType.DOCTOR, 0.3)  # a drug taken for a name, weakly
EDNA = at(FAMILY, "Edna", PhiType.RELATIVE, 0.6)
PHONE = at(ROUNDS, "617-555-0134", PhiType.PHONE, 0.1)  # a pattern span: kept whatever its score
NOTES = [GoldNote("r", ROUNDS, (gold_span(OKAFOR), gold_span(PHONE))),
         GoldNote("f", FAMILY, (gold_span(EDNA),))]


def test_sweep_drops_ner_spans_below_each_cut_and_keeps_pattern_spans():
    points = sweep(NOTES, [[OKAFOR, LASIX], [EDNA]], [[PHONE], []], [0.3, 0.5, 0.7, 0.95])
    assert [(t, (m.tp, m.fp, m.fn, m.tokens)) for t, m in points] == [
        (0.3, (5, 1, 0, 13)),  # a cut equal to a score keeps the span, as the NER decoder does
        (0.5, (5, 0, 0, 13)),  # Lasix gone
        (0.7, (4, 0, 1, 13)),  # Edna gone
        (0.95, (3, 0, 2, 13)),  # Okafor gone; the phone's three tokens stay
    ]
    assert points[0][1].false_per_1000 == 1000 / 13
    assert [m.recall for _, m in points] == [1.0, 1.0, 0.8, 0.6]
    assert [m.precision for _, m in points] == [5 / 6, 1.0, 1.0, 1.0]


def test_plot_without_matplotlib_names_the_extra_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now raises ImportError
    with pytest.raises(ConfigError, match=r"phideid\[report\]"):
        plot({}, None, tmp_path / "curve.png")
    assert not (tmp_path / "curve.png").exists()


GOLD_NOTES = """\
### n1 clinic
Seen by Dr. [[DOCTOR:Okafor]] on [[DATE:3/14/2019]].
Wife [[RELATIVE:Edna]] called from [[PHONE:617-555-0134]].
BP 95/42, Lasix 40 mg given at 0300-0500.

### n2 icu_nursing
Pt [[PATIENT:Marguerite Olszewski]] transferred from [[HOSPITAL:St. Brigid's Hospital]]. Afebrile, HR 88.
"""
# gold PHI tokens: Okafor, 3 14 2019, Edna, 617 555 0134, Marguerite Olszewski, St Brigid s Hospital -> 14


def test_cli_sweeps_the_shipped_model_and_writes_figures_and_plot(tmp_path, capsys):
    pytest.importorskip("onnxruntime")
    if not (DEFAULT_MODEL_DIR / "model.onnx").is_file():
        pytest.skip(f"no shipped model at {DEFAULT_MODEL_DIR}")
    gold = tmp_path / "dev.notes"
    gold.write_text(GOLD_NOTES, encoding="utf-8")
    figures, png = tmp_path / "out" / "threshold.json", tmp_path / "out" / "threshold.png"
    try:
        import matplotlib  # noqa: F401
        plot_args = ["--plot", str(png), "--mark", "0.5"]
    except ImportError:
        plot_args = []
    assert main([str(gold), "--thresholds", "0.05,0.3,0.5,0.9", "--json", str(figures), *plot_args]) == 0
    assert eval_main([str(gold), "--detectors", "pattern", "--policy-free",
                      "--json", str(tmp_path / "pattern.json")]) == 0
    stdout = capsys.readouterr().out

    data = json.loads(figures.read_text())
    assert list(data) == ["dev.notes"]
    points = data["dev.notes"]
    assert [p["threshold"] for p in points] == [0.05, 0.3, 0.5, 0.9]
    for p in points:
        assert set(p) == {"threshold", "tp", "fp", "fn", "tn", "tokens", "recall", "precision", "f1",
                          "false_per_1000"}
        assert p["tokens"] == 37 and p["tp"] + p["fn"] == 14
        assert p["false_per_1000"] == pytest.approx(1000 * p["fp"] / 37)
    recalls = [p["recall"] for p in points]
    assert recalls == sorted(recalls, reverse=True), "recall rose with the threshold"
    # pattern spans are kept at every cut: never fewer PHI tokens found than the patterns alone find
    pattern_tp = json.loads((tmp_path / "pattern.json").read_text())["tokens"]["tp"]
    assert all(p["tp"] >= pattern_tp for p in points)
    assert "dev.notes\n" in stdout and "false/1k" in stdout
    if plot_args:
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert f"plot written to {png}" in stdout

