"""Hand-written seed notes (``training/seeds/*.notes``) turned into many training notes.

Seeds are real-looking notes written by hand in the voice of nurses, residents, radiologists and case
managers, annotated as the gold sets are (``eval/data/ANNOTATION.md``). The generator uses them two ways:

- ``variant``: the same note with every PHI value drawn afresh (same type, same shape: a surname for a
  surname, ``3/14`` for ``3/14``, ALL-CAPS for ALL-CAPS), its drug names swapped for others of the drug
  lexicon, and a surface style (case, typos, wrapping) on top;
- ``collage``: a new note made of lines from several seeds of a kind, which multiplies the sentence-level
  combinations the model sees.

Labels stay exact: a seed is kept as pieces ``(text, label)`` and styled by ``build.assemble``.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from phideid.gold import read_inline
from phideid.surrogates._support import match_case
from training.synth import vocab
from training.synth.build import Piece, assemble, draw_style
from training.synth.lexicon import drug_names
from training.synth.phi import make_hospital, make_person
from training.synth.pools import Pools

SEED_DIR = Path(__file__).resolve().parents[1] / "seeds"
_DIGIT_RUN = re.compile(r"\d+")
_WORD = re.compile(r"[A-Za-z]{4,}")
_MONTH_WORD = re.compile(
    r"\b(" + "|".join(sorted(vocab.MONTHS + vocab.MONTHS_SHORT, key=len, reverse=True)) + r")\b", re.I
)


@dataclass(frozen=True, slots=True)
class Seed:
    id: str
    kind: str
    pieces: tuple[Piece, ...]


@lru_cache(maxsize=4)
def load_seeds(folder: Path = SEED_DIR) -> tuple[Seed, ...]:
    """Every seed note of ``folder/*.notes``, as pieces, in file and note order."""
    seeds: list[Seed] = []
    for path in sorted(Path(folder).glob("*.notes")):
        kinds = _kinds(path)
        for note in read_inline(path):
            pieces: list[Piece] = []
            pos = 0
            for s in note.spans:
                if s.start > pos:
                    pieces.append((note.text[pos:s.start], None))
                pieces.append((note.text[s.start:s.end], s.label))
                pos = s.end
            if pos < len(note.text):
                pieces.append((note.text[pos:], None))
            seeds.append(Seed(note.id, kinds.get(note.id, ""), tuple(pieces)))
    return tuple(seeds)


def _kinds(path: Path) -> dict[str, str]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("### "):
            parts = line[4:].split()
            if parts:
                out[parts[0]] = parts[1] if len(parts) > 1 else ""
    return out


# --- drawing PHI afresh, in the shape of the original ----------------------------------------------------


def _reshape(original: str, rng: random.Random) -> str:
    """Same characters classes in the same places: digits for digits, letters for letters."""
    out = []
    for c in original:
        if c.isdigit():
            out.append(str(rng.randrange(10)))
        elif c.isalpha():
            letter = rng.choice("ABCDEFGHJKLMNPRSTVWXYZ")
            out.append(letter if c.isupper() else letter.lower())
        else:
            out.append(c)
    return "".join(out)


def _person(original: str, label: str, rng: random.Random, pools: Pools) -> str:
    person = make_person(rng, pools)
    words = original.split()
    if len(words) == 1:
        word = words[0]
        if len(word.rstrip(".")) == 1:
            value = person.first[0] + ("." if word.endswith(".") else "")
        elif label in ("DOCTOR", "PATIENT") and rng.random() < 0.7 or rng.random() < 0.3:
            value = person.last
        else:
            value = person.first
    elif len(words[0].rstrip(".")) == 1:
        value = f"{person.first[0]}. {person.last}"
    elif len(words) >= 3:
        value = f"{person.first} {person.middle}. {person.last}"
    elif "," in original:
        value = f"{person.last}, {person.first}"
    else:
        value = f"{person.first} {person.last}"
    return value


def _date(original: str, rng: random.Random) -> str:
    if original in vocab.HOLIDAYS or original.title() in vocab.HOLIDAYS:
        return rng.choice(vocab.HOLIDAYS)

    def month_word(m: re.Match[str]) -> str:
        word = m.group(1)
        table = vocab.MONTHS if len(word) > 3 and word.title() in vocab.MONTHS else vocab.MONTHS_SHORT
        return rng.choice(table)

    text = _MONTH_WORD.sub(month_word, original)
    runs = list(_DIGIT_RUN.finditer(text))
    out, pos = [], 0
    for i, m in enumerate(runs):
        out.append(text[pos:m.start()])
        width = len(m.group())
        if width == 4:
            value = str(rng.randint(1950, 2026))
        elif width == 2 and i == len(runs) - 1 and len(runs) == 3:
            value = f"{rng.randint(0, 99):02d}"
        elif i == 0 and len(runs) >= 2 and not _MONTH_WORD.search(text):
            value = str(rng.randint(1, 12))
        else:
            value = str(rng.randint(1, 28))
        if width == 2 and len(value) == 1 and m.group().startswith("0"):
            value = "0" + value
        out.append(value)
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def redraw(original: str, label: str, rng: random.Random, pools: Pools) -> str:
    """A fresh value of ``label`` shaped like ``original`` (case, word count, digit layout)."""
    if label in ("PATIENT", "DOCTOR", "RELATIVE", "NAME"):
        value = _person(original, label, rng, pools)
    elif label == "HOSPITAL":
        hospital = make_hospital(rng, pools)
        value = hospital.name if len(original.split()) > 2 else rng.choice(hospital.short)
    elif label == "ORGANIZATION":
        value = rng.choice(pools.companies)
    elif label == "CITY":
        value = rng.choice(vocab.US_CITIES)[0] if rng.random() < 0.7 else rng.choice(pools.fake_cities)
    elif label == "STATE":
        name, abbr = rng.choice(vocab.US_STATES)
        value = abbr if len(original) == 2 else name
    elif label == "COUNTRY":
        value = rng.choice(vocab.COUNTRIES)
    elif label == "LOCATION":
        value = rng.choice(vocab.REGIONS)
    elif label == "PROFESSION":
        value = rng.choice(vocab.PROFESSIONS)
    elif label == "STREET":
        value = rng.choice(pools.streets)
    elif label == "DATE":
        value = _date(original, rng)
    elif label == "AGE":
        value = _reshape(original, rng) if not original.isdigit() else str(rng.randint(90, 104))
    elif label == "EMAIL":
        value = f"{rng.choice(pools.usernames)}@{rng.choice(vocab.EMAIL_DOMAINS)}"
    else:  # numbers and codes: phones, ids, ZIPs, URLs
        value = _reshape(original, rng)
    value = " ".join(value.split()) or original
    return match_case(original, value)


@lru_cache(maxsize=1)
def _drug_set() -> frozenset[str]:
    return frozenset(drug_names()) | {d.lower() for d in vocab.DRUGS if d.isalpha()}


def swap_drugs(text: str, rng: random.Random, rate: float = 0.35) -> str:
    """Replace some drug names of PHI-free text with other drugs of the lexicon, keeping their case."""
    drugs, pool = _drug_set(), drug_names()

    def one(m: re.Match[str]) -> str:
        word = m.group()
        if word.lower() not in drugs or rng.random() >= rate:
            return word
        other = rng.choice(pool)
        if word.isupper():
            return other.upper()
        return other.title() if word[0].isupper() else other

    return _WORD.sub(one, text)


def variant(seed: Seed, rng: random.Random, pools: Pools) -> tuple[str, list[tuple[int, int, str]]]:
    """One styled copy of a seed with fresh PHI values and some drugs swapped."""
    pieces = [
        (redraw(text, label, rng, pools), label) if label else (swap_drugs(text, rng), None)
        for text, label in seed.pieces
    ]
    return assemble([pieces], draw_style(rng, seed.kind or "icu_nursing"), rng)


def seed_lines(seed: Seed) -> list[list[Piece]]:
    """A seed's lines as pieces (PHI never crosses a line break), blank lines dropped."""
    lines: list[list[Piece]] = [[]]
    for text, label in seed.pieces:
        if label:
            lines[-1].append((text, label))
            continue
        parts = text.split("\n")
        for i, part in enumerate(parts):
            if i:
                lines.append([])
            if part:
                lines[-1].append((part, None))
    return [line for line in lines if any(t.strip() for t, _ in line)]


def collage(seeds: list[Seed], rng: random.Random, pools: Pools) -> tuple[str, list[tuple[int, int, str]]]:
    """A new note from lines of several seeds, PHI redrawn, drugs swapped, one style over all of it."""
    kind = seeds[0].kind or "icu_nursing"
    lines = [line for seed in seeds for line in seed_lines(seed)]
    chosen = rng.sample(lines, min(len(lines), rng.randint(4, 16)))
    sep = rng.choice(("\n", "\n", " ", ". ", "\n\n"))
    pieces: list[Piece] = []
    for i, line in enumerate(chosen):
        if i:
            pieces.append((sep, None))
        pieces.extend(
            (redraw(text, label, rng, pools), label) if label else (swap_drugs(text, rng), None)
            for text, label in line
        )
    return assemble([pieces], draw_style(rng, kind), rng)
