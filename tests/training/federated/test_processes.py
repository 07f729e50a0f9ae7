"""Processes and keys of a federation: stopping a child stops what it started, even in another session;
certificates name the address the sites dial; private keys are readable by their owner only."""

from __future__ import annotations

import stat
import sys
import time

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from training.federated.pki import make_node_keys, make_server_pki
from training.federated.processes import Children, _alive, _descendants


def test_stop_reaches_a_grandchild_that_left_the_childs_session(tmp_path):
    children = Children(tmp_path / "logs")
    script = ("import subprocess, sys, time; subprocess.Popen([sys.executable, '-c', 'import time; "
              "time.sleep(300)'], start_new_session=True); time.sleep(300)")
    child = children.start("parent", [sys.executable, "-c", script], {"PATH": "/usr/bin:/bin"})
    deadline = time.monotonic() + 10
    while not (tree := _descendants([child.pid])) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert tree, "the grandchild did not start"
    children.stop()
    assert child.poll() is not None
    assert not any(_alive(pid) for pid in tree)


def test_server_certificate_names_the_dialled_addresses_and_keys_are_private(tmp_path):
    pki = make_server_pki(tmp_path, ["127.0.0.1", "fl.example.org"])
    cert = x509.load_pem_x509_certificate(pki.server_cert.read_bytes())
    names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert [str(ip) for ip in names.get_values_for_type(x509.IPAddress)] == ["127.0.0.1"]
    assert names.get_values_for_type(x509.DNSName) == ["fl.example.org"]
    ca = x509.load_pem_x509_certificate(pki.ca_cert.read_bytes())
    cert.verify_directly_issued_by(ca)
    private, public = make_node_keys(tmp_path / "nodes", "site-a")
    for key in (pki.server_key, tmp_path / "ca.key", private):
        assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert public.read_text().startswith("ecdsa-sha2-nistp384 ")
    loaded = serialization.load_ssh_private_key(private.read_bytes(), password=None)
    assert loaded.curve.name == "secp384r1"
