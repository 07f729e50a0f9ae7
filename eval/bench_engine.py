"""End-to-end throughput of the text engine on synthetic notes (prints figures; not a test).

Run: ``python eval/bench_engine.py [--notes 500] [--batch 64] [--policy pseudonymize]``. Notes are
generated from templates with fresh PHI each, for a mix of patients, and de-identified through
``Deidentifier.deidentify_many`` with a SQLite vault in a temporary folder. It reports notes/s and
characters/s, and how the time splits between detection and the policy step (merge, surrogates, vault),
which is the Python work that must keep up with the NER model on a GPU.
"""

from __future__ import annotations

import argparse
import platform
import random
import tempfile
import time
from pathlib import Path

from phideid.deidentifier import Deidentifier, Document
from phideid.detect.patterns import PatternDetector
from phideid.vault import open_vault

TEMPLATE = (
    "{kind} NOTE\nPatient: Mr. {first} {last}, {age} yo M. MRN: {mrn}. Admitted {m}/{d}/20{y:02d}.\n"
    "Attending Dr. {doc}; call ({area}) 555-{line:04d} or page 4-{pager:04d}.\n"
    "Lives at {num} {street} Street, {city}, MA 0{zip:04d}. Email {first}.{last}@example.org.\n"
    "A/P: CHF exacerbation. BUN 42, Cr 1.8, K 5.1, INR 1.2. Foley in place. BP 128/76, HR 88.\n"
    "Diuresed with furosemide 40 mg IV; follow up with Dr. {doc} on {month} {d}th, 20{y:02d}.\n"
)
FIRST = ["John", "Maria", "Wei", "Fatima", "Olga", "Kwame", "Aiko", "Luis"]
LAST = ["Smith", "Garcia", "Chen", "Haddad", "Ivanova", "Mensah", "Tanaka", "Lopez"]
MONTHS = ["January", "March", "May", "July", "October", "December"]


def make_notes(n: int, rng: random.Random) -> list[Document]:
    docs = []
    for i in range(n):
        text = TEMPLATE.format(
            kind=rng.choice(["PROGRESS", "DISCHARGE", "RADIOLOGY"]), first=rng.choice(FIRST),
            last=rng.choice(LAST), age=rng.randint(40, 99), mrn=rng.randint(10**6, 10**8),
            m=rng.randint(1, 12), d=rng.randint(1, 28), y=rng.randint(5, 24), doc=rng.choice(LAST),
            area=rng.randint(201, 989), line=rng.randint(0, 9999), pager=rng.randint(0, 9999),
            num=rng.randint(1, 999), street=rng.choice(LAST), city=rng.choice(["Boston", "Salem", "Lowell"]),
            zip=rng.randint(1000, 2799), month=rng.choice(MONTHS),
        )
        docs.append(Document(text, patient_id=f"MRN-{i % max(1, n // 4)}"))
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=500)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--policy", default="pseudonymize")
    args = parser.parse_args()

    docs = make_notes(args.notes, random.Random(7))
    docs = [Document(d.text, d.patient_id, args.policy) for d in docs]
    chars = sum(len(d.text) for d in docs)
    with tempfile.TemporaryDirectory() as tmp:
        vault = open_vault(f"sqlite:///{Path(tmp) / 'vault.db'}", b"b" * 32)
        detector = PatternDetector()
        engine = Deidentifier([detector], vault)
        engine.deidentify_many(docs[:8])  # warm-up: caches, first vault writes

        detect_s = 0.0
        start = time.perf_counter()
        for i in range(0, len(docs), args.batch):
            batch = docs[i : i + args.batch]
            t0 = time.perf_counter()
            detector.detect([d.text for d in batch])
            detect_s += time.perf_counter() - t0
            engine.deidentify_many(batch)
        total = time.perf_counter() - start
        vault.close()
    # each batch was detected twice (once alone, once inside deidentify_many): subtract one
    engine_s = total - detect_s
    policy_s = max(engine_s - detect_s, 0.0)
    print(f"python {platform.python_version()} on {platform.machine()}, policy {args.policy}, "
          f"{args.notes} notes ({chars / args.notes:.0f} chars each), batch {args.batch}")
    print(f"end to end:        {args.notes / engine_s:8.1f} notes/s  {chars / engine_s / 1e3:8.1f} kchars/s")
    print(f"pattern detection: {args.notes / detect_s:8.1f} notes/s ({detect_s / engine_s:5.1%} of time)")
    print(f"merge+policy+vault:{args.notes / policy_s:8.1f} notes/s ({policy_s / engine_s:5.1%} of time)")


if __name__ == "__main__":
    main()
