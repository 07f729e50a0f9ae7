"""Many callers at once: each gets its own result back, and the micro-batcher served them in batches."""

from __future__ import annotations

import asyncio

import httpx

from eval.leaks import occurs

FIRST = ["Albrecht", "Benedikta", "Cosimo", "Dorotea", "Evander", "Filippa", "Gunnar", "Henrike", "Ignaz",
         "Jolanda", "Kasimir", "Leokadia", "Mauritz", "Notburga", "Ottokar", "Perpetua", "Quirin", "Roswitha",
         "Severin", "Theodora"]
LAST = ["Ashgrove", "Birchwood", "Cobblestone", "Dunmore", "Eldergate", "Fernsby", "Glenholt", "Hawksley",
        "Ironside", "Juniperly", "Kestrelton", "Larkspur", "Marrowby", "Nettlefield", "Oakhurst", "Pebbleton",
        "Quarrington", "Rookwood", "Stonebury", "Thornfield"]


def note(i: int) -> str:
    return (f"Seen by Dr. {FIRST[i]} {LAST[i]} on 4/{i + 1}/2024. MRN {90000000 + i}. "
            f"Plan {i}: continue lisinopril {i + 1} mg.")


async def send_all(url: str, notes: list[str]) -> list[httpx.Response]:
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        return await asyncio.gather(*(
            client.post("/deidentify", json={"text": n, "patient_id": f"MRN-{i}"})
            for i, n in enumerate(notes)
        ))


def test_twenty_callers_at_once_each_get_their_own_note_back(api):
    before = api.state.batcher.batches
    notes = [note(i) for i in range(20)]
    answers = asyncio.run(send_all(api.url, notes))
    for i, r in enumerate(answers):
        assert r.status_code == 200, r.text
        text = r.json()["text"]
        assert f"Plan {i}: continue lisinopril {i + 1} mg." in text  # its own note, not a neighbour's
        assert not occurs(FIRST[i], text) and not occurs(LAST[i], text)
        assert not occurs(str(90000000 + i), text)
        # nobody else's name leaked into it either
        assert not any(occurs(name, text) for name in FIRST + LAST)
    passes = api.state.batcher.batches - before
    assert passes < 20, "concurrent requests shared engine passes"
    assert api.state.batcher.largest > 1
    metrics = api.client.get("/metrics").text
    largest_bucket = [line for line in metrics.splitlines()
                      if line.startswith('phideid_api_micro_batch_documents_bucket{le="1.0"}')]
    count = [line for line in metrics.splitlines()
             if line.startswith("phideid_api_micro_batch_documents_count")]
    assert float(largest_bucket[0].split()[-1]) < float(count[0].split()[-1])  # some pass held more than one
