"""``phideid stream`` as real processes against the local broker: a crash and a restart lose nothing, two
workers in one group share the partitions and process each record once, SIGTERM stops cleanly.

The workers run on the pattern detectors only, so they start in seconds; the model path is covered by
test_worker.py. This broker still delivers aborted transactional records to read_committed consumers (a
known limit of Tansu, not of Kafka): after a crash the batch that was open is seen twice, and the crash
test counts those duplicates and holds them to that one batch.
"""

from __future__ import annotations

import signal
import urllib.request
from collections import Counter

from eval.leaks import occurs
from tests.stream.conftest import PARTITIONS, committed_offsets, produce, read_topics, wait_until

TEXT = {"content-type": b"text/plain"}
NAMES = ["Rosalind Hartigan", "Ottoline Brackwater", "Mirela Szczepanik", "Tobias Quennell"]


def note(i: int) -> bytes:
    name = NAMES[i % len(NAMES)]
    return (f"Patient: {name}. Seen on 3/{1 + i % 28}/2024, MRN {4400000 + i}. "
            f"Call 617-555-{1000 + i:04d}. Plan: metoprolol 25 mg.").encode()


def stream_of(n: int, junk_every: int = 0) -> list[tuple[bytes, bytes, dict[str, bytes]]]:
    items = []
    for i in range(n):
        if junk_every and i % junk_every == junk_every - 1:
            items.append((f"k{i}".encode(), b"\xff\xfe" + note(i), TEXT))  # not UTF-8: dead-lettered
        else:
            items.append((f"k{i}".encode(), note(i), TEXT))
    return items


def committed_batches(worker) -> int:
    return sum(e.get("event") == "batch committed" for e in worker.events())


def owned_partitions(worker) -> set[str]:
    owned: set[str] = set()
    for e in worker.events():
        if e.get("event") == "partitions assigned":
            owned |= set(e["partitions"])
        elif e.get("event") in ("partitions revoked", "partitions lost"):
            owned -= set(e["partitions"])
    return owned


def end_offsets(sources: list[str]) -> dict[int, int]:
    ends: dict[int, int] = {}
    for s in sources:
        _, partition, offset = s.rsplit("/", 2)
        ends[int(partition)] = max(ends.get(int(partition), 0), int(offset) + 1)
    return ends


def test_a_worker_killed_mid_stream_and_restarted_loses_nothing(broker, topics, workers):
    n, batch = 200, 5
    sources = produce(broker.bootstrap, topics.input, stream_of(n, junk_every=25))
    first = workers(broker.bootstrap, topics, transactional_id=f"crash-{topics.group}", batch_size=batch)
    assert wait_until(lambda: committed_batches(first) >= 4, timeout=90), first.log_text()[-3000:]
    first.signal(signal.SIGKILL)
    first.wait()
    done_before = committed_batches(first)
    assert done_before * batch < n, "the first worker finished before it was killed: nothing was tested"

    second = workers(broker.bootstrap, topics, transactional_id=f"crash-{topics.group}", batch_size=batch)
    got = read_topics(broker.bootstrap, [topics.output, topics.dlq], n, timeout=120, settle=2.0)

    # no loss: every input is on the output or the dead-letter topic
    seen = Counter(r.source for r in got)
    assert set(seen) == set(sources), f"missing: {sorted(set(sources) - set(seen))[:10]}"
    assert sum(r.topic == topics.dlq for r in {r.source: r for r in got}.values()) == n // 25
    # duplicates: only the batch the killed worker had open, whose aborted records this broker still shows
    duplicated = [s for s, c in seen.items() if c > 1]
    assert all(c == 2 for c in seen.values() if c > 1)
    assert len(duplicated) <= batch, duplicated
    print(f"crash test: {done_before} batches before the kill, {len(duplicated)} records seen twice")
    # the restarted worker committed every input offset
    assert wait_until(lambda: committed_offsets(broker.bootstrap, topics.group, topics.input)
                      == [end_offsets(sources).get(p, 0) for p in range(PARTITIONS)], timeout=30)
    assert committed_batches(second) >= 1
    parts = [part for name in NAMES for part in name.split()]
    for r in got:
        assert not [p for p in parts if occurs(p, (r.value or b"").decode())]


def test_two_workers_in_one_group_share_the_partitions_and_process_each_record_once(broker, topics, workers):
    a = workers(broker.bootstrap, topics, transactional_id=f"a-{topics.group}")
    b = workers(broker.bootstrap, topics, transactional_id=f"b-{topics.group}")

    def split() -> bool:
        mine, theirs = owned_partitions(a), owned_partitions(b)
        return bool(mine) and bool(theirs) and not mine & theirs and len(mine | theirs) == PARTITIONS

    assert wait_until(split, timeout=90), (a.log_text()[-2000:], b.log_text()[-2000:])
    n = 120
    sources = produce(broker.bootstrap, topics.input, stream_of(n))
    got = read_topics(broker.bootstrap, [topics.output, topics.dlq], n, timeout=90, settle=2.0)

    assert sorted(r.source for r in got) == sorted(sources)  # every record, once
    assert all(r.topic == topics.output for r in got)
    assert committed_batches(a) >= 1 and committed_batches(b) >= 1
    assert committed_offsets(broker.bootstrap, topics.group, topics.input) == [
        end_offsets(sources).get(p, 0) for p in range(PARTITIONS)]


def test_sigterm_stops_a_worker_cleanly_and_its_logs_and_metrics_hold_no_phi(broker, topics, workers):
    worker = workers(broker.bootstrap, topics, transactional_id=f"t-{topics.group}",
                     extra=["--metrics-port", "0"])
    n = 30
    produce(broker.bootstrap, topics.input, stream_of(n, junk_every=10))
    got = read_topics(broker.bootstrap, [topics.output, topics.dlq], n, timeout=90, settle=0.5)
    assert len(got) == n

    served = [e for e in worker.events() if e.get("event") == "metrics served"]
    assert served and served[0]["url"].startswith("http://127.0.0.1:")
    metrics = urllib.request.urlopen(served[0]["url"], timeout=10).read().decode()
    assert f'phideid_stream_messages_in_total{{topic="{topics.input}"}} {float(n)}' in metrics
    assert 'phideid_stream_messages_out_total{format="text"} 27.0' in metrics
    assert 'phideid_stream_dead_letters_total{reason="input_error"} 3.0' in metrics

    worker.signal(signal.SIGTERM)
    assert worker.wait(30) == 0
    events = [e.get("event") for e in worker.events()]
    assert "stopping after the batch in flight" in events
    assert events[-1] == "worker stopped"
    text = worker.log_text() + metrics
    leaked = [part for name in NAMES for part in name.split() if occurs(part, text)]
    leaked += [m for m in ("4400001", "617-555-1001") if m in text]
    assert not leaked
