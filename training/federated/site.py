"""A hospital site's side of a round: what its ``ClientApp`` does with a train or evaluate message.

``train(msg, context)``: score the global model it received on its held-back notes, fine-tune it locally
(DP-SGD when the run has a budget), and reply with the trainable parameters (``ArrayRecord``) and
numbers (``MetricRecord``): sizes, loss, the held-back counts, and the privacy spent. ``evaluate`` only
scores. Nothing else leaves the site: no text, no token ids, no labels, no note ids.

Every message runs in a fresh ``flwr-clientapp`` process; the DP accountant's history and the noise
multiplier live in ``context.state`` (kept by the SuperNode per run), so epsilon adds up across rounds.

The site's folder comes from the SuperNode's node config: ``data-dir=/path`` (and, for plain notes,
``prelabel-model=/path/to/model``).
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from functools import cache

from flwr.app import ArrayRecord, ConfigRecord, Context, Message, MetricRecord, RecordDict

from training.federated import privacy
from training.federated.settings import FederatedSettings
from training.federated.sites import SiteData, cap_per_patient, privacy_units, read_site, split_site

log = logging.getLogger(__name__)

STATE_KEY = "phideid-dp"
LEGACY_IN = "fitins.parameters"  # SecAgg+ drives training through the legacy fit messages


@cache
def _site_data(folder: str, prelabel: str, cap: int, holdout: float, seed: int) -> SiteData:
    notes = cap_per_patient(read_site(folder, prelabel=prelabel or None), cap)
    return split_site(notes, holdout, seed)


def _load(context: Context, settings: FederatedSettings) -> SiteData:
    folder = context.node_config.get("data-dir")
    if not folder:
        from phideid.errors import ConfigError

        raise ConfigError("this SuperNode has no data-dir in its node config (--node-config 'data-dir=...')")
    prelabel = str(context.node_config.get("prelabel-model", ""))
    return _site_data(str(folder), prelabel, settings.max_notes_per_patient, settings.holdout, settings.seed)


def _seed(settings: FederatedSettings, context: Context, server_round: int) -> int:
    return settings.seed * 1_000_003 + server_round * 1009 + int(context.node_id) % 1_000_003


def train(msg: Message, context: Context) -> Message:
    settings = FederatedSettings.from_run_config(context.run_config)
    legacy = LEGACY_IN in msg.content.array_records
    if legacy:
        import flwr.compat.common.recorddict_compat as compat
        from flwr.common import parameters_to_ndarrays

        fitins = compat.recorddict_to_fitins(msg.content, keep_input=True)
        incoming = parameters_to_ndarrays(fitins.parameters)
        config = dict(fitins.config)
    else:
        incoming = msg.content["arrays"].to_numpy_ndarrays()
        config = dict(msg.content["config"])
    server_round = int(config.get("server-round", 1))
    arrays, metrics = train_round(settings, context, incoming, server_round,
                                  float(config.get("proximal-mu", settings.proximal_mu)))
    if legacy:
        from flwr.common import Code, FitRes, Status, ndarrays_to_parameters

        res = FitRes(Status(Code.OK, ""), ndarrays_to_parameters(list(arrays.values())),
                     int(metrics["num-examples"]), dict(metrics))
        return Message(compat.fitres_to_recorddict(res, keep_input=False), reply_to=msg)
    record = ArrayRecord.from_torch_state_dict(arrays)
    return Message(RecordDict({"arrays": record, "metrics": MetricRecord(metrics)}), reply_to=msg)


def train_round(settings: FederatedSettings, context: Context, incoming, server_round: int,
                proximal_mu: float) -> tuple[OrderedDict, dict[str, float]]:
    """One round on this site: returns (trainable parameters by name, in model order; metrics)."""
    from training.federated.local import (
        build_model,
        load_trainable,
        score,
        train_plain,
        train_private,
        trainable_state,
        windows_by_unit,
    )

    data = _load(context, settings)
    model = build_model(settings)
    names = list(trainable_state(model))
    if len(incoming) != len(names):
        raise ValueError(f"received {len(incoming)} arrays for {len(names)} trainable parameters")
    load_trainable(model, dict(zip(names, incoming, strict=True)))
    held = [w for unit in windows_by_unit([[n] for n in data.holdout], settings) for w in unit]
    before = score(model, held)

    units = windows_by_unit(privacy_units(data.train, settings.privacy_unit), settings)
    seed = _seed(settings, context, server_round)
    metrics: dict[str, float] = {"num-examples": float(len(data.train)), "units": float(len(units)),
                                 "holdout-notes": float(len(data.holdout))}
    metrics.update(before.metrics())
    if settings.dp:
        state = _dp_state(context)
        rate = privacy.sample_rate(len(units), settings.batch_size)
        steps = privacy.steps_per_round(rate, settings.local_epochs)
        noise = state.get("noise")
        if noise is None:
            noise = settings.noise_multiplier or privacy.calibrate(settings.epsilon, settings.delta, rate,
                                                                   steps * settings.rounds)
        history = state["history"]
        if privacy.over_budget([privacy.projected(history, noise, rate, steps, settings.delta)],
                               settings.epsilon):
            raise RuntimeError("this round would exceed the site's privacy budget; the site refuses to train")
        result = train_private(model, units, settings, noise=noise, rate=rate, steps=steps, seed=seed,
                               proximal_mu=proximal_mu)
        history = privacy.extend(history, noise, rate, result.steps)
        _save_dp_state(context, noise, history)
        metrics.update({
            "epsilon": privacy.spent(history, settings.delta),
            "epsilon-next": privacy.projected(history, noise, rate, steps, settings.delta),
            "noise-multiplier": noise, "sample-rate": rate, "steps-total": float(sum(h[2] for h in history)),
        })
    else:
        result = train_plain(model, units, settings, seed, proximal_mu)
    metrics.update({"train-loss": result.loss, "steps": float(result.steps)})
    return trainable_state(model), metrics


def _dp_state(context: Context) -> dict:
    record = context.state.config_records.get(STATE_KEY)
    if record is None:
        return {"noise": None, "history": []}
    history = list(zip(record["noises"], record["rates"], record["steps"], strict=True))
    return {"noise": float(record["noise"]), "history": [(float(a), float(b), int(c)) for a, b, c in history]}


def _save_dp_state(context: Context, noise: float, history) -> None:
    context.state.config_records[STATE_KEY] = ConfigRecord({
        "noise": float(noise),
        "noises": [float(h[0]) for h in history],
        "rates": [float(h[1]) for h in history],
        "steps": [int(h[2]) for h in history],
    })


def evaluate(msg: Message, context: Context) -> Message:
    """Score the received model on the held-back notes: counts and loss only."""
    from training.federated.local import build_model, load_trainable, score, trainable_state, windows_by_unit

    settings = FederatedSettings.from_run_config(context.run_config)
    data = _load(context, settings)
    model = build_model(settings)
    names = list(trainable_state(model))
    load_trainable(model, dict(zip(names, msg.content["arrays"].to_numpy_ndarrays(), strict=True)))
    held = [w for unit in windows_by_unit([[n] for n in data.holdout], settings) for w in unit]
    metrics = {"num-examples": float(len(data.holdout)), **score(model, held).metrics()}
    return Message(RecordDict({"metrics": MetricRecord(metrics)}), reply_to=msg)
