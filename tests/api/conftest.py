"""The app served for real: uvicorn in a thread on 127.0.0.1 and a free port, around a small engine
(pattern recognizers only, a SQLite vault in a temporary folder), and log capture.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
import uvicorn

from api.app import create_app
from api.settings import ApiSettings
from phideid.deidentifier import Deidentifier
from phideid.detect.patterns import PatternDetector
from phideid.vault import open_vault

NOTE = ("Pt seen by Dr. Ottoline Brackwater on 3/11/2024. MRN 77881234. Call 617-555-0142. "
        "Plan: continue metoprolol 25 mg.")
NOTE_IDS = ["Ottoline", "Brackwater", "3/11/2024", "77881234", "617-555-0142"]
CLIENT_LOGGERS = ("httpx", "httpcore")
KEY = "test-key-0123456789abcdef"


@pytest.fixture(scope="session")
def engine(tmp_path_factory):
    vault = open_vault(f"sqlite:///{tmp_path_factory.mktemp('vault') / 'v.db'}", b"k" * 32)
    yield Deidentifier([PatternDetector()], vault, max_bytes=2_000_000)
    vault.close()


class Served:
    """A running server: ``url``, a ``client`` for it, and the app (its state holds metrics, batcher)."""

    def __init__(self, app, server: uvicorn.Server, thread: threading.Thread) -> None:
        self.app = app
        self.server = server
        self.thread = thread
        port = server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        self.client = httpx.Client(base_url=self.url, timeout=30)

    @property
    def state(self):
        return self.app.state.phideid


@contextmanager
def serve(engine: Deidentifier, trail=None, **settings) -> Iterator[Served]:
    app = create_app(engine, ApiSettings(**settings), trail=trail)
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_config=None, access_log=False, lifespan="on",
                            ws="none")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    served = Served(app, server, thread)
    try:
        yield served
    finally:
        served.client.close()
        server.should_exit = True
        thread.join(20)
        assert not thread.is_alive(), "the server did not stop"


@pytest.fixture(scope="module")
def api(engine) -> Iterator[Served]:
    with serve(engine, max_body_bytes=200_000, batch_wait_ms=20) as served:
        yield served


@pytest.fixture(scope="module")
def keyed(engine) -> Iterator[Served]:
    with serve(engine, api_keys=(KEY, "second-key-abcdefghijklmnop")) as served:
        yield served


class Captured(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if not record.name.startswith(CLIENT_LOGGERS):  # the test's own client logs the URLs it calls
            self.lines.append(self.format(record))


@pytest.fixture
def logs() -> Iterator[Captured]:
    """Every log line of every logger while the test runs (the server's included: same process)."""
    handler = Captured()
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    root = logging.getLogger()
    old = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(old)
