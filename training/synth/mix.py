"""The training corpus at real PHI density: templates thinned, hand-written seeds, clinical word lists.

Real ICU nursing notes carry about 0.7 PHI mentions per note and 0.65% PHI tokens, and 70% of them have
no PHI at all; the template generator alone makes 10.7 mentions per note and 16% PHI tokens, which taught
the model that almost every slot of a note is PHI. ``realistic(n, seed)`` mixes, note by note:

- **thinned template notes** (``thin``): a generated note with most PHI-bearing lines removed, and all of
  them in about half the notes, so its clinical lines remain;
- **seed variants** and **seed collages** (``training.synth.seeds``): hand-written notes with fresh PHI;
- **clinical lists** (``clinical_list``): medication lists, problem lists and lab panels built from the
  drug lexicon and the clinical abbreviation inventory: thousands of clinical words that are never PHI.

Deterministic: note ``i`` depends only on ``(seed, i)`` and the seed files.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence

from training.synth import LabelledSpan, Note, generate, vocab
from training.synth.lexicon import abbreviations, drug_names
from training.synth.pools import pools_for
from training.synth.seeds import Seed, collage, load_seeds, variant

#: share of each source in the corpus (by note)
SHARES = {"template": 0.35, "variant": 0.33, "collage": 0.2, "list": 0.12}
_BOUNDARY = re.compile(r"\n|[.;] ")
_TITLES = frozenset({"dr", "mr", "mrs", "ms", "st", "mt", "jr", "sr", "pt", "fr", "sgt"})


def segments(text: str) -> list[tuple[int, int]]:
    """``text`` cut after each line break and after ``. `` or ``; `` that ends a sentence (not "Dr. ")."""
    cuts = []
    for m in _BOUNDARY.finditer(text):
        if m.group() != "\n":
            word = text[:m.start()].rsplit(None, 1)[-1] if text[:m.start()].strip() else ""
            if word.rstrip(".").lower() in _TITLES or len(word.strip(".")) == 1:
                continue
        cuts.append(m.end())
    bounds = [0, *cuts, len(text)]
    return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


def thin(note: Note, rng: random.Random, keep: float) -> Note:
    """``note`` without most of its PHI-bearing segments (a line or a sentence), offsets recomputed.

    A segment holding PHI is kept with probability ``keep``; PHI-free segments are all kept, and so is a
    segment that a span crosses out of (a name wrapped onto the next line).
    """
    parts: list[str] = []
    spans: list[LabelledSpan] = []
    length = 0
    for start, end in segments(note.text):
        inside = [s for s in note.spans if s.start < end and s.end > start]
        crosses = any(s.start < start or s.end > end for s in inside)
        if inside and not crosses and rng.random() >= keep:
            continue
        spans.extend(
            LabelledSpan(s.start - start + length, s.end - start + length, s.label)
            for s in inside if s.start >= start
        )
        parts.append(note.text[start:end])
        length += end - start
    text = "".join(parts)
    return Note(note.id, note.kind, text, tuple(spans))


def clinical_list(rng: random.Random) -> str:
    """A medication list, a problem list or a lab panel: PHI-free text dense with clinical words."""
    drugs = drug_names()
    common = [d for d in vocab.DRUGS if " " not in d]
    abbrs = abbreviations()
    kind = rng.random()
    if kind < 0.45:
        head = rng.choice(
            ("Meds:", "MEDS:", "Medications:", "Home meds:", "D/C meds:", "meds-", "Current meds:")
        )
        items = []
        for _ in range(rng.randint(3, 12)):
            drug = rng.choice(drugs) if rng.random() < 0.5 else rng.choice(common)
            drug = drug.title() if rng.random() < 0.4 else drug
            items.append(rng.choice(vocab.DOSE_FORMS).format(drug=drug))
        sep = rng.choice((", ", "; ", "\n", "\n- ", " "))
        text = head + (" " if sep != "\n" else "\n") + sep.join(items)
    elif kind < 0.8:
        head = rng.choice(("PMH:", "PMHx:", "Problems:", "Hx:", "PMH/PSH:", "Dx:", "Assessment:", "ROS:"))
        items = [rng.choice(abbrs) for _ in range(rng.randint(3, 14))]
        text = head + " " + rng.choice((", ", "; ", " ", "/")).join(items)
    else:
        labs = []
        for form in rng.sample(vocab.LABS, rng.randint(3, 9)):
            name = form.split(" ")[0]
            value = f"{rng.randint(1, 150)}" if rng.random() < 0.5 else f"{rng.uniform(0.1, 40):.1f}"
            if rng.random() < 0.8:
                labs.append(f"{name} {value}")
            else:
                labs.append(f"{name} {value}->{rng.uniform(0.1, 40):.1f}")
        head = rng.choice(("Labs:", "LABS:", "am labs", "Lytes:", "", "Chem:"))
        text = (head + " " if head else "") + rng.choice((", ", " ", "; ")).join(labs)
    case = rng.random()
    return text.upper() if case < 0.2 else text.lower() if case < 0.35 else text


def _seeds_by_kind(seeds: Sequence[Seed]) -> list[list[Seed]]:
    groups: dict[str, list[Seed]] = {}
    for seed in seeds:
        groups.setdefault(seed.kind, []).append(seed)
    return list(groups.values())


def realistic(n: int, seed: int, *, seeds: Sequence[Seed] | None = None) -> list[Note]:
    """``n`` notes at real PHI density from every source (see the module docstring)."""
    seeds = list(load_seeds() if seeds is None else seeds)
    pools = pools_for(seed)
    names = list(SHARES) if seeds else ["template", "list"]
    weights = [SHARES[k] for k in names]
    plan = [random.Random(f"phideid-mix|{seed}|{i}").choices(names, weights)[0] for i in range(n)]
    templates = iter(generate(plan.count("template"), seed))
    groups = _seeds_by_kind(seeds)
    notes: list[Note] = []
    for i, source in enumerate(plan):
        rng = random.Random(f"phideid-mix-note|{seed}|{i}")
        note_id = f"mix-{seed}-{i:06d}"
        if source == "template":
            note = next(templates)
            keep = 0.0 if rng.random() < 0.5 else rng.choice((0.1, 0.2, 0.35))
            thinned = thin(note, rng, keep)
            notes.append(Note(note_id, f"template:{note.kind}", thinned.text, thinned.spans))
            continue
        if source == "list":
            notes.append(Note(note_id, "list", clinical_list(rng), ()))
            continue
        if source == "variant":
            chosen = seeds[i % len(seeds)]
            text, spans = variant(chosen, rng, pools)
            kind = f"variant:{chosen.kind}"
        else:
            group = rng.choice(groups)
            text, spans = collage(rng.sample(group, min(len(group), rng.randint(2, 6))), rng, pools)
            kind = f"collage:{group[0].kind}"
        notes.append(Note(note_id, kind, text, tuple(LabelledSpan(s, e, lab) for s, e, lab in spans)))
    return notes
