"""Flower's processes on this machine: a SuperLink, SuperNodes and the ``flwr`` CLI, all on 127.0.0.1.

Every child gets the same hardened environment (``flower_env``): telemetry and update checks off,
per-run dependency installation off, Hugging Face offline, this interpreter's ``bin`` first on ``PATH``
(the SuperLink and SuperNodes start ``flwr-serverapp``/``flwr-clientapp`` by name) and its own
``FLWR_HOME``. Children run in their own session (so stopping one also stops the app processes it
spawned, by its process group) and get SIGTERM from Linux should the parent die (``PR_SET_PDEATHSIG``).
``Children.stop`` stops them newest first: SIGTERM to the group, wait, then SIGKILL.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from phideid.errors import ConfigError

HOST = "127.0.0.1"
FLOWER_ENV = {
    "FLWR_TELEMETRY_ENABLED": "0",
    "FLWR_DISABLE_UPDATE_CHECK": "1",
    "FLWR_DISABLE_RUNTIME_DEPENDENCY_INSTALLATION": "1",
    "HF_HUB_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "TOKENIZERS_PARALLELISM": "false",
}


def bin_dir() -> Path:
    return Path(sys.executable).parent


def flower_env(flwr_home: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLWR_INTERNAL_")}
    env.update(FLOWER_ENV)
    env["PATH"] = f"{bin_dir()}{os.pathsep}{env.get('PATH', '')}"
    env["FLWR_HOME"] = str(flwr_home)
    # the app bundle is unpacked, not installed: its modules import the phideid packages from here
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.update(extra or {})
    flwr_home.mkdir(parents=True, exist_ok=True)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ConfigError(f"{what} exited at start-up with status {process.returncode} (see its log)")
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise ConfigError(f"{what} did not listen on {HOST}:{port} within {timeout:.0f}s")


def _preexec() -> None:
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def write_cli_config(flwr_home: Path, address: str, ca_cert: Path, name: str = "phideid") -> str:
    """The ``flwr`` CLI's connection named ``name`` (TLS with ``ca_cert``); returns the name."""
    flwr_home.mkdir(parents=True, exist_ok=True)
    (flwr_home / "config.toml").write_text(
        f'[superlink]\ndefault = "{name}"\n\n[superlink.{name}]\naddress = "{address}"\n'
        f'root-certificates = "{Path(ca_cert).resolve()}"\n', encoding="utf-8")
    return name


class Children:
    """Processes started here, each in its own session, stopped newest first by PID."""

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        logs.mkdir(parents=True, exist_ok=True)
        self.named: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, argv: Sequence[str], env: Mapping[str, str]) -> subprocess.Popen:
        with open(self.logs / f"{name}.log", "ab") as log:
            process = subprocess.Popen(list(argv), stdout=log, stderr=subprocess.STDOUT, env=dict(env),
                                       start_new_session=True, preexec_fn=_preexec, cwd=self.logs)
        self.named.append((name, process))
        return process

    def dead(self) -> str | None:
        for name, process in self.named:
            if process.poll() is not None:
                return name
        return None

    def stop(self, timeout: float = 20.0) -> None:
        # the SuperLink starts its SuperExec (and that the ServerApp) in a session of its own: find every
        # descendant by PID before anything exits and its children are handed to init
        tree = _descendants([p.pid for _, p in self.named if p.poll() is None])
        for _, process in reversed(self.named):
            _signal_group(process, signal.SIGTERM)
        for pid in tree:
            _signal_pid(pid, signal.SIGTERM)
        for _, process in reversed(self.named):
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)
                process.wait(10)
            # the group may outlive its leader (an app process it spawned): make sure it is gone
            _signal_group(process, signal.SIGKILL)
            _wait_gone(lambda pgid=process.pid: _live_members(pgid))
        _wait_gone(lambda: [pid for pid in tree if _alive(pid)], timeout=5.0)
        for pid in tree:
            _signal_pid(pid, signal.SIGKILL)
        _wait_gone(lambda: [pid for pid in tree if _alive(pid)])
        self.named.clear()


def _live_members(pgid: int) -> list[int]:
    """PIDs in process group ``pgid`` that are still running (zombies do not count)."""
    if not Path("/proc/self/stat").is_file():
        return []
    return [int(e.name) for e in Path("/proc").iterdir()
            if e.name.isdigit() and (f := _stat(e.name)) is not None and int(f[2]) == pgid and f[0] != "Z"]


def _stat(pid: int | str) -> list[str] | None:
    """Fields of /proc/PID/stat after the command name: state, ppid, pgrp, ..."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat[stat.rfind(")") + 2 :].split()


def _alive(pid: int) -> bool:
    fields = _stat(pid)
    return fields is not None and fields[0] != "Z"


def _descendants(roots: Sequence[int]) -> list[int]:
    """Every process below ``roots`` (by parent PID), whatever their session or group."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir() if Path("/proc/self/stat").is_file() else ():
        if entry.name.isdigit() and (fields := _stat(entry.name)) is not None:
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    out, todo = [], list(roots)
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def _wait_gone(remaining, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while remaining() and time.monotonic() < deadline:
        time.sleep(0.1)


def _signal_pid(pid: int, sig: int) -> None:
    if _alive(pid):
        try:
            os.kill(pid, sig)
        except (ProcessLookupError, PermissionError):
            pass


def _signal_group(process: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(process.pid, sig)  # the group this child leads (start_new_session), nothing else
    except (ProcessLookupError, PermissionError):
        pass
