"""``phideid federated simulate``: a whole federation on this machine, as real processes on 127.0.0.1.

1. Split the data into one folder per site (synthetic, non-IID by note kind, unless ``--data``).
2. Generate a CA and the SuperLink's certificate (SAN 127.0.0.1) and one key pair per SuperNode.
3. Start the SuperLink (TLS, SuperNode authentication, no per-run dependency installation), register
   the SuperNodes' public keys, start the SuperNodes (each with its folder in its node config).
4. ``flwr run`` the app bundle with the run's settings; the ServerApp writes the model and reports.
5. Stop every process started here, by PID (also when anything fails or on Ctrl-C).

Success is judged by ``federated_result.json`` in the output folder, which the ServerApp writes last:
``flwr run --stream`` exits 0 even when the ServerApp fails.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from phideid.errors import ConfigError
from training.federated.coordinator import RESULT
from training.federated.processes import (
    HOST,
    Children,
    bin_dir,
    flower_env,
    free_port,
    wait_for_port,
    write_cli_config,
)
from training.federated.settings import FederatedSettings, run_config_arg
from training.federated.sites import synthetic_sites, write_site

APP_DIR = Path(__file__).parent / "app"


@dataclass(frozen=True)
class SimulateResult:
    out: Path
    seconds: float
    result: dict


def prepare_sites(sites: int, work: Path, *, data: Path | None, notes_per_site: int, seed: int) -> list[Path]:
    """One folder per site under ``work/sites``: synthetic notes, or ``data`` split by patient.

    ``data`` is a folder with exactly ``sites`` site folders (used as they are), or a gold JSONL file
    whose notes are dealt to the sites by a hash of their patient (or id).
    """
    if data is not None and data.is_dir():
        folders = sorted(p for p in data.iterdir() if p.is_dir())
        if len(folders) != sites:
            raise ConfigError(f"--data {data} holds {len(folders)} site folders, not --sites {sites}")
        return folders
    root = work / "sites"
    if data is None:
        records = synthetic_sites(sites, notes_per_site, seed)
    else:
        if not data.is_file():
            raise ConfigError(f"--data {data} is neither a folder of site folders nor a JSONL file")
        records = [[] for _ in range(sites)]
        for line in data.read_text(encoding="utf-8-sig").split("\n"):
            if line.strip():
                record = json.loads(line)
                key = str(record.get("patient") or record.get("id"))
                records[int(hashlib.sha256(key.encode()).hexdigest(), 16) % sites].append(record)
    folders = [root / f"site{i}" for i in range(sites)]
    for site_records, folder in zip(records, folders, strict=True):
        if len(site_records) < 2:
            raise ConfigError("a site got fewer than 2 notes from the split; give more notes or fewer sites")
        write_site(site_records, folder)
    return folders


def simulate(settings: FederatedSettings, sites: int, out: Path, *, data: Path | None = None,
             notes_per_site: int = 60, auth: bool = True, timeout: float = 3600.0,
             log=print) -> SimulateResult:
    """Run a federation of ``sites`` SuperNodes and one SuperLink; return the ServerApp's result."""
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    settings = _with(settings, out_dir=str(out), min_sites=sites)
    result_file = out / RESULT
    result_file.unlink(missing_ok=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="phideid-federation-") as tmp:
        work = Path(tmp)
        folders = prepare_sites(sites, work, data=data, notes_per_site=notes_per_site, seed=settings.seed)
        from training.federated.pki import make_node_keys, make_server_pki

        pki = make_server_pki(work / "pki")
        children = Children(out / "logs")
        try:
            port = free_port()
            superlink_argv = [
                str(bin_dir() / "flower-superlink"), "--host", HOST, "--port", str(port),
                "--ssl-ca-certfile", str(pki.ca_cert), "--ssl-certfile", str(pki.server_cert),
                "--ssl-keyfile", str(pki.server_key), "--disable-runtime-dependency-installation",
            ]
            if auth:
                superlink_argv.append("--enable-supernode-auth")
            superlink = children.start("superlink", superlink_argv, flower_env(work / "home" / "superlink"))
            wait_for_port(port, superlink, "the SuperLink")
            address = f"{HOST}:{port}"
            cli_home = work / "home" / "cli"
            cli_env = flower_env(cli_home)
            connection = write_cli_config(cli_home, address, pki.ca_cert)
            log(f"SuperLink on {address} (TLS{', SuperNode authentication' if auth else ''})")
            for i, folder in enumerate(folders):
                argv = [str(bin_dir() / "flower-supernode"), "--superlink", address,
                        "--root-certificates", str(pki.ca_cert), "--host", HOST, "--port", str(free_port()),
                        "--node-config", f'data-dir="{Path(folder).resolve()}"']
                if auth:
                    private, public = make_node_keys(work / "pki" / "nodes", f"site{i}")
                    _flwr(["supernode", "register", str(public), connection], cli_env, out / "logs",
                          f"register-site{i}", timeout=60)
                    argv += ["--auth-supernode-private-key", str(private)]
                children.start(f"supernode{i}", argv, flower_env(work / "home" / f"site{i}"))
            log(f"{sites} SuperNodes started; running {settings.rounds} rounds")
            code = _flwr(["run", str(APP_DIR), connection, "--stream", "--run-config",
                          run_config_arg(settings.to_run_config())], cli_env, out / "logs", "run",
                         timeout=timeout)
            dead = children.dead()
            if not result_file.is_file():
                raise ConfigError(f"the federated run did not finish (flwr run exit {code}"
                                  f"{f', {dead} exited early' if dead else ''}); see {out / 'logs'}")
        finally:
            children.stop()
    return SimulateResult(out, time.perf_counter() - started, json.loads(result_file.read_text()))


def _flwr(args: Sequence[str], env: dict, logs: Path, name: str, *, timeout: float) -> int:
    logs.mkdir(parents=True, exist_ok=True)
    with open(logs / f"{name}.log", "ab") as log:
        for attempt in range(5):
            try:
                process = subprocess.run([str(bin_dir() / "flwr"), *args], stdout=log,
                                         stderr=subprocess.STDOUT, env=env, timeout=timeout, cwd=logs)
            except subprocess.TimeoutExpired:
                raise ConfigError(f"flwr {args[0]} did not finish within {timeout:.0f}s") from None
            if process.returncode == 0 or args[0] == "run":
                return process.returncode
            time.sleep(1 + attempt)  # the Control API may still be starting
    raise ConfigError(f"flwr {' '.join(args[:2])} failed with status {process.returncode}; see {logs}")


def _with(settings: FederatedSettings, **changes) -> FederatedSettings:
    from dataclasses import replace

    return replace(settings, **changes)
