"""The budget: noise calibrated to spend it over the planned rounds, epsilon adding up across rounds (a new
process each round), and the coordinator stopping before a round would exceed it."""

from __future__ import annotations

import json

import pytest

from phideid.errors import ConfigError
from tests.training.federated.conftest import tiny_settings
from training.federated import privacy
from training.federated.settings import FederatedSettings, run_config_arg


def test_calibrated_noise_spends_the_budget_over_the_planned_steps_and_no_more():
    rate, steps = privacy.sample_rate(200, 16), privacy.steps_per_round(privacy.sample_rate(200, 16), 1.0)
    assert rate == 0.08 and steps == 13
    noise = privacy.calibrate(3.0, 1e-5, rate, 3 * steps)
    history: privacy.History = []
    spent = []
    for _ in range(3):
        history = privacy.extend(history, noise, rate, steps)
        spent.append(privacy.spent(history, 1e-5))
    assert spent[0] < spent[1] < spent[2] <= 3.0 and spent[2] > 2.9
    assert privacy.projected(history, noise, rate, steps, 1e-5) > 3.0
    assert privacy.over_budget([2.0, 3.2], 3.0) and not privacy.over_budget([2.0, 2.9], 3.0)
    assert not privacy.over_budget([50.0], 0.0)  # no budget: no DP-SGD
    assert privacy.server_epsilon(1.0, 5, 1e-5) < privacy.server_epsilon(0.5, 5, 1e-5)


def test_the_coordinator_stops_before_a_round_would_exceed_the_budget(tiny_base, site_dirs, tmp_path):
    from training.federated.coordinator import PRIVACY_REPORT, coordinate
    from training.federated.inprocess import InProcessGrid

    # a fixed noise multiplier: round 1 costs the sites 5.5 to 6.8, round 2 would take them past 7
    settings = tiny_settings(tiny_base, rounds=3, epsilon=7.0, noise_multiplier=1.0, out_dir="")
    grid = InProcessGrid(site_dirs, settings)
    result = coordinate(grid, None, settings)
    assert result["rounds_completed"] == 1
    assert "privacy budget" in result["stopped"]
    assert 0 < result["epsilon"] <= 7.0

    # epsilon accumulates in each site's state across rounds (as context.state does across processes)
    settings = tiny_settings(tiny_base, rounds=2, epsilon=4.0, out_dir=str(tmp_path), quantize=False)
    result = coordinate(InProcessGrid(site_dirs, settings), None, settings)
    report = json.loads((tmp_path / PRIVACY_REPORT).read_text())
    rounds = json.loads((tmp_path / "round_metrics.json").read_text())
    assert result["rounds_completed"] == 2 and result["stopped"] is None
    assert rounds[0]["epsilon"] < rounds[1]["epsilon"] <= 4.0
    dp = report["dp_sgd"]
    assert dp["epsilon_budget"] == 4.0 and dp["epsilon_spent"] == rounds[1]["epsilon"] and dp["delta"] == 1e-5
    assert len(dp["noise_multiplier"]) == 3 and dp["max_grad_norm"] == 1.0 and "Poisson" in dp["sampling"]
    assert report["rounds_completed"] == 2 and report["sites"] == 3
    assert (tmp_path / "model" / "model.onnx").is_file()


def test_settings_round_trip_through_flowers_run_config_and_reject_bad_values():
    settings = FederatedSettings(epsilon=3.0, rounds=4, strategy="fedprox", proximal_mu=0.1, command='a "b"')
    assert FederatedSettings.from_run_config(settings.to_run_config()) == settings
    text = run_config_arg({"epsilon": 3.0, "secagg": True, "out-dir": "/x y", "rounds": 2})
    assert text == 'epsilon=3.0 secagg=true out-dir="/x y" rounds=2'
    with pytest.raises(ConfigError, match="strategy"):
        FederatedSettings(strategy="fedsgd")
    with pytest.raises(ConfigError, match="unknown key"):
        FederatedSettings.from_run_config({"epsilonn": 1.0})
    with pytest.raises(ConfigError, match="secagg"):
        FederatedSettings(secagg=True, server_noise=1.0, server_clip=1.0)


def test_the_app_bundle_declares_every_setting():
    import tomllib

    from training.federated.simulate import APP_DIR

    declared = tomllib.loads((APP_DIR / "pyproject.toml").read_text())["tool"]["flwr"]["app"]["config"]
    assert set(declared) == set(FederatedSettings().to_run_config())
    assert FederatedSettings.from_run_config(declared) == FederatedSettings()
