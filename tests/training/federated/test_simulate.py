"""`phideid federated simulate` end to end: a SuperLink and 3 SuperNodes as processes on 127.0.0.1 with TLS
and node authentication, 2 rounds of DP-SGD on tiny synthetic sites; the global model's held-back loss
falls, epsilon is reported within the budget, the exported model de-identifies a note, and nothing it
started is left running."""

from __future__ import annotations

import json
import subprocess


def _flower_processes() -> set[int]:
    out = subprocess.run(["ps", "-eo", "pid=,stat=,args="], capture_output=True, text=True).stdout
    return {int(line.split()[0]) for line in out.splitlines()
            if not line.split()[1].startswith("Z")  # exited, only waiting for its parent to reap it
            and ("flower-super" in line or "flwr-serverapp" in line or "flwr-clientapp" in line)}


def test_simulate_three_sites_two_rounds_with_dp(tiny_base, tmp_path, capsys):
    from phideid.cli import main as phideid

    before = _flower_processes()
    out = tmp_path / "fed"
    code = phideid(["federated", "simulate", "--sites", "3", "--rounds", "2", "--out", str(out),
                    "--epsilon", "8", "--notes-per-site", "12", "--base", str(tiny_base),
                    "--max-length", "64", "--stride", "16", "--batch-size", "8", "--lr", "0.003",
                    "--timeout", "420"])
    assert code == 0, (out / "logs").exists() and sorted(p.name for p in (out / "logs").iterdir())
    assert _flower_processes() <= before  # every SuperLink, SuperNode and app process is gone

    result = json.loads((out / "federated_result.json").read_text())
    assert result["rounds_completed"] == 2 and result["sites"] == 3
    assert result["final_heldout_loss"] < result["initial_heldout_loss"]
    report = json.loads((out / "privacy_report.json").read_text())
    assert 0 < report["dp_sgd"]["epsilon_spent"] <= 8.0 and report["dp_sgd"]["delta"] == 1e-5
    rounds = json.loads((out / "round_metrics.json").read_text())
    assert [r["round"] for r in rounds] == [1, 2, 2] and rounds[-1]["final"] is True
    logs = (out / "logs" / "superlink.log").read_text()
    assert "0.0.0.0" not in logs

    from models.runtime import OnnxNerDetector
    from phideid.deidentifier import Deidentifier
    from phideid.detect.patterns import PatternDetector
    from phideid.vault import open_vault

    model = out / "model"
    detector = OnnxNerDetector(model)
    engine = Deidentifier([PatternDetector(), detector], open_vault("sqlite:///:memory:", b"t" * 32))
    result = engine.deidentify("Seen by Dr. Okonkwo on 7/22/2009.", patient_id="p")
    assert "Okonkwo" not in result.text and "ner" in result.report.detectors

    note = tmp_path / "note.txt"
    note.write_text("Seen by Dr. Okonkwo on 7/22/2009.")
    capsys.readouterr()
    assert phideid(["deidentify", str(note), "--model", str(model), "--policy", "redact"]) == 0
    assert "Okonkwo" not in capsys.readouterr().out
