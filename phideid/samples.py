"""Synthetic ICU nursing progress notes with fresh PHI, of a target size: the notes every benchmark sends.

One maker, so that ``phideid bench``, ``stream-bench``, ``api-bench`` and the batch figures in the README
measure the same kind of text (terse, about 840 characters, names, dates, phones, MRNs, hospitals, and
clinical hard negatives such as Swan-Ganz, Parkinson, foley). Nothing here is from a real record.
"""

from __future__ import annotations

import random

FIRST = ["Harold", "Maria", "Wei", "Fatima", "Olga", "Kwame", "Aiko", "Luis", "Siobhan", "Dmitri", "Priya",
         "Tomasz", "Grace", "Ahmed", "Ingrid", "Jamal"]
LAST = ["Bixby", "Garcia", "Chen", "Haddad", "Ivanova", "Mensah", "Tanaka", "Lopez", "O'Rourke", "Novak",
        "Okafor", "Lindqvist", "Fernandez-Ortiz", "Nakamura", "Pollard", "Abernathy"]
HOSPITALS = ["St. Brigid's", "Mercy General", "Lakeside Regional", "Harborview", "Baystate"]
CITIES = ["Worcester", "Quincy", "Springfield", "Fall River", "Lowell", "Salem"]
SENTENCES = [
    "NPN {h}p-{h2}a: Pt {first} {last} remains intubated/sedated on propofol {n}mcg/kg/min.",
    "Neuro: opens eyes to voice, MAE, follows commands intermittently; CAM-ICU positive.",
    "CV: NSR {hr}s, SBP {sbp}-{sbp2}s, neo weaned off at 0{h}00; K {k} repleted w/ 40 meq KCL.",
    "Resp: AC 500x14, PEEP {peep}, FiO2 {fio2}%, ABG 7.{ph}/42/96; sxn for thick tan secretions.",
    "GI: TF Nutren @ {n}cc/hr, residuals <50; BM x1 guaiac neg. GU: foley draining clear yellow urine.",
    "ID: Tmax 100.{t}, vanco/zosyn cont, WBC {wbc}. Skin: coccyx stage 2, duoderm intact.",
    "Social: wife {rel} called x2 ({area}) 555-{line:04d}, updated by RN; HCP paperwork on chart.",
    "Pt transferred from {hosp} on {m}/{d} for cath; lives in {city} w/ daughter.",
    "Plan: wean vent as tol, SBT in am per Dr. {doc}; f/u cx, MRN {mrn}, repeat lytes at 0400.",
    "Swan-Ganz placed by Dr. {doc}, CVP {cvp}, CO {co}.{co2}; heparin gtt @ {hep} U/hr, PTT due 1400.",
    "{age} yo M w/ CHF, AF, CKD; BUN {bun}, Cr 1.{cr}, INR 1.{inr}; Parkinson dz on sinemet.",
]


def make_notes(count: int, chars: int = 840, seed: int = 7) -> list[str]:
    """``count`` synthetic ICU nursing notes of about ``chars`` characters each, deterministic by seed."""
    rng = random.Random(seed)
    notes = []
    for _ in range(count):
        parts: list[str] = []
        length = 0
        while length < chars:
            sentence = rng.choice(SENTENCES).format(
                h=rng.randint(1, 9), h2=rng.randint(1, 9), first=rng.choice(FIRST), last=rng.choice(LAST),
                n=rng.randint(20, 80), hr=rng.randint(6, 11) * 10, sbp=rng.randint(9, 12) * 10,
                sbp2=rng.randint(13, 16) * 10, k=f"3.{rng.randint(0, 9)}", peep=rng.randint(5, 12),
                fio2=rng.choice([30, 40, 50, 60]), ph=rng.randint(28, 45), t=rng.randint(0, 9),
                wbc=rng.randint(4, 22), rel=rng.choice(FIRST), area=rng.randint(201, 989),
                line=rng.randint(0, 9999), hosp=rng.choice(HOSPITALS), m=rng.randint(1, 12),
                d=rng.randint(1, 28), city=rng.choice(CITIES), doc=rng.choice(LAST),
                mrn=rng.randint(10**6, 10**8), cvp=rng.randint(4, 18), co=rng.randint(2, 7),
                co2=rng.randint(0, 9), hep=rng.randint(6, 14) * 100, age=rng.randint(40, 99),
                bun=rng.randint(10, 80), cr=rng.randint(0, 9), inr=rng.randint(0, 9),
            )
            parts.append(sentence)
            length += len(sentence) + 1
        note = " ".join(parts)
        if len(note) > chars:  # cut at the last space before the target, so words stay whole
            cut = note.rfind(" ", 0, chars)
            note = note[: cut if cut > chars // 2 else chars]
        notes.append(note)
    return notes


__all__ = ["make_notes"]
