"""``phideid federated``: retrain the PHI NER model across hospital sites (Flower, DP-SGD).

On one machine::

    phideid federated simulate --sites 3 --rounds 3 --out runs/fed --epsilon 8

For a real deployment (see README, "Federated retraining"): the coordinator makes the certificates and
runs the SuperLink; each site makes its key pair and runs a SuperNode that connects outwards; the
coordinator registers the sites' public keys and starts the run::

    phideid federated certs --out pki --host fl.example.org       # coordinator: CA + server cert
    phideid federated node-key --out keys --name site-a           # each site: key pair
    phideid federated superlink --certs pki                       # coordinator
    phideid federated register --superlink fl.example.org:9093 --ca pki/ca.crt keys/site-a.pub
    phideid federated supernode --superlink fl.example.org:9093 --ca ca.crt --key keys/site-a.key \
        --data /srv/notes
    phideid federated run --superlink fl.example.org:9093 --ca pki/ca.crt --sites 2 --out /srv/fed-model
"""

from __future__ import annotations

import argparse
import json
import logging
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

from phideid.errors import ConfigError
from training.federated.settings import FederatedSettings, run_config_arg


def _training_options(p: argparse.ArgumentParser) -> None:
    d = FederatedSettings()
    p.add_argument("--rounds", type=int, default=d.rounds)
    p.add_argument("--epsilon", type=float, default=0.0,
                   help="DP-SGD budget per site (0: no DP-SGD); the run stops before exceeding it")
    p.add_argument("--delta", type=float, default=d.delta)
    p.add_argument("--noise-multiplier", type=float, default=0.0,
                   help="fixed DP-SGD noise (default: calibrated from --epsilon over --rounds)")
    p.add_argument("--max-grad-norm", type=float, default=d.max_grad_norm)
    p.add_argument("--privacy-unit", choices=("note", "patient"), default=d.privacy_unit)
    p.add_argument("--max-notes-per-patient", type=int, default=0)
    p.add_argument("--strategy", choices=("fedavg", "fedprox"), default=d.strategy)
    p.add_argument("--proximal-mu", type=float, default=d.proximal_mu)
    p.add_argument("--server-noise", type=float, default=0.0, help="server-side DP noise multiplier (0: off)")
    p.add_argument("--server-clip", type=float, default=0.0, help="server-side clipping norm of site updates")
    p.add_argument("--secagg", action="store_true",
                   help="aggregate with SecAgg+ (the coordinator sees sums only)")
    p.add_argument("--base", default="", help="local HF encoder directory (default: all-MiniLM-L6-v2)")
    p.add_argument("--layers", type=int, default=d.layers,
                   help="keep the first N encoder layers (default %(default)s, as the shipped model; 0: all)")
    p.add_argument("--freeze", choices=("embeddings", "encoder", "none"), default=d.freeze,
                   help="what does not train (and never travels): embeddings (default), the whole encoder "
                        "(head and case embedding only), or none")
    p.add_argument("--local-epochs", type=float, default=d.local_epochs)
    p.add_argument("--batch-size", type=int, default=d.batch_size)
    p.add_argument("--lr", type=float, default=d.lr)
    p.add_argument("--max-length", type=int, default=d.max_length)
    p.add_argument("--stride", type=int, default=d.stride)
    p.add_argument("--holdout", type=float, default=d.holdout)
    p.add_argument("--seed", type=int, default=d.seed)
    p.add_argument("--no-quantize", dest="quantize", action="store_false")


def _settings(args: argparse.Namespace, command: str, **extra) -> FederatedSettings:
    return FederatedSettings(
        rounds=args.rounds, epsilon=args.epsilon, delta=args.delta, noise_multiplier=args.noise_multiplier,
        max_grad_norm=args.max_grad_norm, privacy_unit=args.privacy_unit,
        max_notes_per_patient=args.max_notes_per_patient, strategy=args.strategy,
        proximal_mu=args.proximal_mu,
        server_noise=args.server_noise, server_clip=args.server_clip, secagg=args.secagg,
        base=str(Path(args.base).resolve()) if args.base else "", layers=args.layers, freeze=args.freeze,
        local_epochs=args.local_epochs, batch_size=args.batch_size, lr=args.lr, max_length=args.max_length,
        stride=args.stride, holdout=args.holdout, seed=args.seed, quantize=args.quantize, command=command,
        **extra,
    )


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="phideid federated", description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="action", required=True, metavar="ACTION")

    sim = sub.add_parser("simulate",
                         help="a SuperLink and N SuperNodes as processes on 127.0.0.1 (TLS, auth)")
    sim.add_argument("--sites", type=int, required=True)
    sim.add_argument("--out", type=Path, required=True, help="output folder (model/, reports, logs/)")
    sim.add_argument("--data", type=Path, help="a folder of site folders, or a gold JSONL file to split "
                                               "(default: synthetic notes, non-IID by note kind)")
    sim.add_argument("--notes-per-site", type=int, default=60, help="synthetic notes per site")
    sim.add_argument("--no-auth", dest="auth", action="store_false", help="no SuperNode authentication")
    sim.add_argument("--timeout", type=float, default=3600.0)
    _training_options(sim)

    certs = sub.add_parser("certs", help="coordinator: a CA and the SuperLink's TLS certificate")
    certs.add_argument("--out", type=Path, required=True)
    certs.add_argument("--host", action="append", required=True,
                       help="a name or IP address the sites dial (repeat for several)")
    certs.add_argument("--days", type=int, default=365)

    key = sub.add_parser("node-key", help="site: an EC P-384 key pair for SuperNode authentication")
    key.add_argument("--out", type=Path, required=True)
    key.add_argument("--name", required=True)

    link = sub.add_parser("superlink", help="coordinator: run the SuperLink (TLS, node auth)")
    link.add_argument("--certs", type=Path, required=True, help="folder from 'phideid federated certs'")
    link.add_argument("--host", default="0.0.0.0", help="address to listen on (sites must reach it)")
    link.add_argument("--port", type=int, default=9093)
    link.add_argument("--database", help="SuperLink state file (default: in memory)")

    reg = sub.add_parser("register", help="coordinator: allow a site's public key on the SuperLink")
    reg.add_argument("public_key", type=Path)
    _connection(reg)

    node = sub.add_parser("supernode", help="site: run a SuperNode that connects out to the SuperLink")
    node.add_argument("--superlink", required=True, help="HOST:PORT of the coordinator's SuperLink")
    node.add_argument("--ca", type=Path, required=True, help="the coordinator's ca.crt")
    node.add_argument("--key", type=Path, required=True, help="this site's private key (node-key)")
    node.add_argument("--data", type=Path, required=True, help="this site's folder of notes")
    node.add_argument("--prelabel-model", type=Path, help="model that labels plain *.txt notes")
    node.add_argument("--runtime-port", type=int, default=9094, help="local port for the app runtime API")

    run = sub.add_parser("run", help="coordinator: start a federated run on the SuperLink")
    _connection(run)
    run.add_argument("--sites", type=int, required=True, help="sites that must take part")
    run.add_argument("--out", type=Path, required=True, help="output folder on the coordinator's machine")
    _training_options(run)

    exp = sub.add_parser("experiment", help="central vs federated vs federated DP (epsilon 1, 3, 8): figures")
    exp.add_argument("--out", type=Path, required=True)
    exp.add_argument("--notes-per-site", type=int, default=100)
    exp.add_argument("--rounds", type=int, default=3)
    exp.add_argument("--layers", type=int, default=2)
    exp.add_argument("--epsilons", default="1,3,8")
    exp.add_argument("--seed", type=int, default=13)
    exp.add_argument("--local-epochs", type=float, default=1.0)
    exp.add_argument("--lr", type=float, default=1e-3)
    exp.add_argument("--head-lr", type=float, default=5e-3, help="learning rate of the head-only arms")
    exp.add_argument("--only-head", action="store_true", help="run the head-only arms only")
    return p


def _connection(p: argparse.ArgumentParser) -> None:
    p.add_argument("--superlink", required=True, help="HOST:PORT of the SuperLink")
    p.add_argument("--ca", type=Path, required=True, help="the CA certificate that signed the SuperLink's")


def main(argv: list[str] | None = None) -> int:
    given = list(sys.argv[1:] if argv is None else argv)
    args = parser().parse_args(given)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    command = "phideid federated " + " ".join(shlex.quote(a) for a in given)
    return ACTIONS[args.action](args, command)


def _simulate(args, command: str) -> int:
    from training.federated.simulate import simulate

    if args.sites < 1:
        raise ConfigError("--sites must be at least 1")
    settings = _settings(args, command)
    result = simulate(settings, args.sites, args.out, data=args.data, notes_per_site=args.notes_per_site,
                      auth=args.auth, timeout=args.timeout, log=lambda line: print(line, file=sys.stderr))
    print(json.dumps({"seconds": round(result.seconds, 1), **result.result}, indent=2))
    return 0


def _certs(args, command: str) -> int:
    from training.federated.pki import make_server_pki

    pki = make_server_pki(args.out, args.host, days=args.days)
    print(f"wrote {pki.ca_cert} (give to the sites), {pki.server_cert} and {pki.server_key} "
          f"(SuperLink only); move {args.out / 'ca.key'} offline")
    return 0


def _node_key(args, command: str) -> int:
    from training.federated.pki import make_node_keys

    private, public = make_node_keys(args.out, args.name)
    print(f"wrote {private} (stays on this site) and {public} (send to the coordinator)")
    return 0


def _exec(argv: list[str], env: dict) -> int:
    process = subprocess.Popen(argv, env=env)
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        return process.wait()


def _superlink(args, command: str) -> int:
    from training.federated.processes import bin_dir, flower_env

    certs = args.certs
    argv = [str(bin_dir() / "flower-superlink"), "--host", args.host, "--port", str(args.port),
            "--ssl-ca-certfile", str(certs / "ca.crt"), "--ssl-certfile", str(certs / "server.pem"),
            "--ssl-keyfile", str(certs / "server.key"), "--enable-supernode-auth",
            "--disable-runtime-dependency-installation"]
    if args.database:
        argv += ["--database", args.database]
    home = Path(tempfile.mkdtemp(prefix="phideid-superlink-"))
    return _exec(argv, flower_env(home))


def _supernode(args, command: str) -> int:
    from training.federated.processes import HOST, bin_dir, flower_env

    config = f'data-dir="{args.data.resolve()}"'
    if args.prelabel_model:
        config += f' prelabel-model="{args.prelabel_model.resolve()}"'
    argv = [str(bin_dir() / "flower-supernode"), "--superlink", args.superlink, "--root-certificates",
            str(args.ca), "--auth-supernode-private-key", str(args.key), "--host", HOST,
            "--port", str(args.runtime_port), "--node-config", config]
    home = Path(tempfile.mkdtemp(prefix="phideid-supernode-"))
    return _exec(argv, flower_env(home))


def _cli_env(args):
    from training.federated.processes import flower_env, write_cli_config

    home = Path(tempfile.mkdtemp(prefix="phideid-flwr-"))
    name = write_cli_config(home, args.superlink, args.ca)
    return name, flower_env(home)


def _register(args, command: str) -> int:
    from training.federated.processes import bin_dir

    name, env = _cli_env(args)
    return subprocess.run([str(bin_dir() / "flwr"), "supernode", "register", str(args.public_key), name],
                          env=env).returncode


def _run(args, command: str) -> int:
    from training.federated.coordinator import RESULT
    from training.federated.processes import bin_dir
    from training.federated.simulate import APP_DIR

    out = args.out.resolve()
    settings = _settings(args, command, out_dir=str(out), min_sites=args.sites)
    name, env = _cli_env(args)
    code = subprocess.run([str(bin_dir() / "flwr"), "run", str(APP_DIR), name, "--stream", "--run-config",
                           run_config_arg(settings.to_run_config())], env=env).returncode
    if code != 0 or not (out / RESULT).is_file():
        # the ServerApp runs beside the SuperLink: with a remote SuperLink the result is on that machine
        print(f"phideid: error: no {RESULT} in {out} (flwr run exit {code}); see the SuperLink's log",
              file=sys.stderr)
        return 2
    print((out / RESULT).read_text())
    return 0


def _experiment(args, command: str) -> int:
    from training.federated.experiment import run_experiment

    epsilons = [float(e) for e in args.epsilons.split(",") if e.strip()]
    figures = run_experiment(args.out, notes_per_site=args.notes_per_site, rounds=args.rounds,
                             layers=args.layers, epsilons=epsilons, seed=args.seed, lr=args.lr,
                             head_lr=args.head_lr, local_epochs=args.local_epochs, only_head=args.only_head,
                             command=command)
    print(json.dumps(figures["table"], indent=2))
    return 0


ACTIONS = {"simulate": _simulate, "certs": _certs, "node-key": _node_key, "superlink": _superlink,
           "register": _register, "supernode": _supernode, "run": _run, "experiment": _experiment}
