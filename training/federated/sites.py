"""A site's notes: read from its local folder, capped per patient, split into training and held-back notes.

A site folder holds, read in name order:

``*.jsonl``
    Gold notes in the format of ``phideid eval`` (``{"id", "text", "spans": [{"start", "end",
    "label"}]}`` a line, read by ``phideid.gold.read_jsonl``), optionally with a ``"patient"`` key naming
    the patient (needed for per-patient privacy and the per-patient cap).
``*.txt``
    Plain notes, one per file (id: the file name without ``.txt``), pre-labelled by the current model
    (``prelabel``: an exported model directory, ``models.runtime.OnnxNerDetector``) when the site
    allows it.
``corrections.jsonl``
    Reviewed labels for pre-labelled notes: ``{"id", "spans"}`` a line; a correction replaces the
    model's spans of that note entirely.

Nothing here logs or raises with note text: errors name files, lines and ids only.

``synthetic_sites`` makes the default non-IID split of ``phideid federated simulate``: each site draws
its notes from ``training.synth.generate`` with its own favoured note kinds.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from phideid.errors import ConfigError, InputError
from training.data import LabelledText

CORRECTIONS = "corrections.jsonl"

#: the note kinds each synthetic site favours (site i takes entry i modulo the list)
SITE_KINDS: tuple[tuple[str, ...], ...] = (
    ("icu_nursing", "handoff", "telephone"),
    ("discharge", "clinic_letter", "ed_triage"),
    ("radiology", "pathology", "hl7_obx"),
)


@dataclass(frozen=True)
class SiteNote:
    """A labelled note of a site; ``patient`` is its privacy unit under per-patient DP."""

    id: str
    text: LabelledText
    patient: str


@dataclass(frozen=True)
class SiteData:
    train: tuple[SiteNote, ...]
    holdout: tuple[SiteNote, ...]


def read_site(folder: str | Path, *, prelabel: str | Path | None = None) -> list[SiteNote]:
    """Every note of a site folder, gold and pre-labelled, in file then line order."""
    from phideid.gold import read_jsonl

    folder = Path(folder)
    if not folder.is_dir():
        raise ConfigError(f"site data folder {folder} does not exist")
    notes: list[SiteNote] = []
    for path in sorted(folder.glob("*.jsonl")):
        if path.name == CORRECTIONS:
            continue
        patients = _patients(path)
        for gold in read_jsonl(path):
            spans = tuple((s.start, s.end, _label(s.label, path)) for s in gold.spans)
            notes.append(SiteNote(gold.id, LabelledText(gold.text, spans), patients.get(gold.id, gold.id)))
    plain = sorted(folder.glob("*.txt"))
    if plain:
        notes.extend(_prelabelled(plain, folder / CORRECTIONS, prelabel))
    if not notes:
        raise ConfigError(f"site data folder {folder} holds no *.jsonl gold notes and no *.txt notes")
    ids = [n.id for n in notes]
    if len(set(ids)) != len(ids):
        raise InputError(f"site data folder {folder}: note ids repeat across files")
    return notes


def _label(label: str, path: Path) -> str:
    from phideid.types import PhiType

    try:
        return PhiType(label).value
    except ValueError:
        raise InputError(f"{path.name}: label {label!r} is not a phideid PHI type") from None


def _patients(path: Path) -> dict[str, str]:
    out = {}
    for line in path.read_text(encoding="utf-8-sig").split("\n"):
        if line.strip():
            record = json.loads(line)
            if isinstance(record, dict) and record.get("patient") not in (None, ""):
                out[str(record.get("id"))] = str(record["patient"])
    return out


def _prelabelled(paths: Sequence[Path], corrections: Path, prelabel: str | Path | None) -> list[SiteNote]:
    if prelabel is None:
        raise ConfigError("the site folder holds plain *.txt notes but no model to pre-label them "
                          "(set the node config prelabel-model=DIR)")
    from models.runtime import OnnxNerDetector

    fixed = _read_corrections(corrections)
    texts = [p.read_text(encoding="utf-8") for p in paths]
    detector = OnnxNerDetector(prelabel)
    found = detector.detect(texts)
    out = []
    for path, text, spans in zip(paths, texts, found, strict=True):
        note_id = path.stem
        labelled = fixed.get(note_id)
        if labelled is None:
            labelled = tuple((s.start, s.end, s.phi_type.value) for s in spans)
        if any(not 0 <= s < e <= len(text) for s, e, _ in labelled):
            raise InputError(f"{CORRECTIONS}: a span of note {note_id!r} is out of its text's bounds")
        out.append(SiteNote(note_id, LabelledText(text, tuple(sorted(labelled))), note_id))
    return out


def _read_corrections(path: Path) -> dict[str, tuple[tuple[int, int, str], ...]]:
    if not path.is_file():
        return {}
    out = {}
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            spans = tuple((int(s["start"]), int(s["end"]), _label(str(s["label"]), path))
                          for s in record["spans"])
            out[str(record["id"])] = spans
        except (json.JSONDecodeError, KeyError, TypeError, ValueError):
            raise InputError(f"{path.name} line {number}: expected {{'id', 'spans': [{{'start', 'end', "
                             "'label'}]}") from None
    return out


def cap_per_patient(notes: Sequence[SiteNote], cap: int) -> list[SiteNote]:
    """At most ``cap`` notes per patient (the first by id); ``cap`` 0 keeps all."""
    if cap <= 0:
        return list(notes)
    kept: dict[str, int] = {}
    out = []
    for note in sorted(notes, key=lambda n: n.id):
        if kept.get(note.patient, 0) < cap:
            kept[note.patient] = kept.get(note.patient, 0) + 1
            out.append(note)
    return out


def split_site(notes: Sequence[SiteNote], holdout: float, seed: int) -> SiteData:
    """Held-back notes chosen by a keyed hash of the patient (all of a patient's notes on one side).

    The split depends only on the ids and the seed, so every round (a new process) sees the same one.
    """
    def share(note: SiteNote) -> float:
        digest = hashlib.sha256(f"{seed}|{note.patient}".encode()).digest()
        return int.from_bytes(digest[:8], "big") / 2**64

    held = tuple(n for n in notes if share(n) < holdout)
    train = tuple(n for n in notes if share(n) >= holdout)
    if not train or not held:  # tiny sites: hold back the last note at least, train on the rest
        ordered = sorted(notes, key=share)
        if len(ordered) < 2:
            raise ConfigError("a site needs at least 2 notes (one to train on, one held back)")
        k = max(1, round(len(ordered) * holdout))
        held, train = tuple(ordered[:k]), tuple(ordered[k:])
    return SiteData(train=train, holdout=held)


def privacy_units(notes: Sequence[SiteNote], unit: str) -> list[list[SiteNote]]:
    """Group notes by privacy unit: one group per note, or one per patient."""
    if unit == "note":
        return [[n] for n in notes]
    groups: dict[str, list[SiteNote]] = {}
    for note in notes:
        groups.setdefault(note.patient, []).append(note)
    return list(groups.values())


def synthetic_sites(sites: int, notes_per_site: int, seed: int, *, majority: float = 0.8
                    ) -> list[list[dict[str, object]]]:
    """Non-IID synthetic gold records per site: ``majority`` of each site's notes come from its favoured
    kinds (``SITE_KINDS``), the rest from all kinds. Each synthetic note is its own patient."""
    from training.synth import generate

    if sites < 1 or notes_per_site < 2:
        raise ConfigError("synthetic sites need at least 1 site and 2 notes per site")
    out = []
    for i in range(sites):
        favoured = int(round(notes_per_site * majority))
        notes = generate(favoured, seed * 100 + i, kinds=SITE_KINDS[i % len(SITE_KINDS)])
        notes += generate(notes_per_site - favoured, seed * 100 + 50 + i)
        out.append([
            {"id": f"site{i}-{j:05d}", "kind": n.kind, "text": n.text, "patient": f"site{i}-p{j:05d}",
             "spans": [{"start": s.start, "end": s.end, "label": s.label} for s in n.spans]}
            for j, n in enumerate(notes)
        ])
    return out


def write_site(records: Sequence[dict[str, object]], folder: str | Path) -> Path:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "notes.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path
