"""Federated retraining of the PHI NER model across hospital sites (Flower, DP-SGD with Opacus).

Notes never leave a site: each site fine-tunes the global model on its own folder of notes with DP-SGD
and sends back only the trainable parameters and a few numbers; the coordinator aggregates (FedAvg or
FedProx; optionally server-side clipping and noise, or SecAgg+), keeps the privacy budget, and exports the
final model like ``phideid train`` does.

One job per module:

``settings``     the run's validated settings (Flower's run config)
``sites``        a site's notes: its folder, per-patient cap, held-back split; the synthetic non-IID split
``local``        the model skeleton, local DP-SGD / plain training, held-back scores (torch, Opacus)
``privacy``      RDP accounting: noise calibration, epsilon spent and projected, the budget stop
``site``         what a site's ClientApp does with a train or evaluate message
``mods``         SecAgg+ on the ClientApp, for SecAgg+ messages only
``coordinator``  what the ServerApp does: rounds, aggregation, budget, reports, export
``card``         the federated model card
``pki``          TLS certificates and SuperNode keys for a run
``processes``    SuperLink and SuperNode processes on 127.0.0.1, the flwr CLI, stopping by PID
``simulate``     ``phideid federated simulate``: a whole federation on one machine, real processes
``inprocess``    an in-process Grid (tests, the experiment sweep)
``experiment``   central vs federated vs federated DP: figures and the privacy-utility plot
``cli``          ``phideid federated ...``
``app/``         the Flower app bundle (pyproject.toml + two thin modules) that ``flwr run`` ships
"""
