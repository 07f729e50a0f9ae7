"""Clinical vocabulary the generator swaps into PHI-free text, so the model meets thousands of drug names
and abbreviations as *not* PHI instead of the few dozen its templates hold.

- Drug names: every one-word generic and brand name in the drug lexicon of the PyPI package
  ``drug-named-entity-recognition`` (MIT; a training dependency, never needed at run time).
- Clinical abbreviations: ``data/clinical_abbreviations.txt``, derived by ``python -m
  training.synth.lexicon DATA_DIR`` from the Medical Abbreviation and Acronym Meta-Inventory files in
  ``shared/data/clinical-text/abbreviations`` (CC BY 4.0; Grossman Liu et al., Columbia DBMI: Vanderbilt
  clinic notes and discharge summaries, Stetson et al. 2002 sign-out notes, the Columbia obstetric
  inventory, Wikipedia). Only the surface forms are kept, without senses.

Words that are also names in the generator's name pools are left out of both lists: an abbreviation list
is a feature, not a veto ("Pearl", "Mae"), and a name must stay learnable as a name.
"""

from __future__ import annotations

import bz2
import csv
import gzip
import pickle
import re
import sys
from functools import lru_cache
from pathlib import Path

_DATA = Path(__file__).parent / "data"
ABBREVIATIONS_FILE = _DATA / "clinical_abbreviations.txt"
_WORD = re.compile(r"^[A-Za-z][A-Za-z0-9&/+.'-]{1,11}$")


def _name_words() -> frozenset[str]:
    from training.synth.pools import pools_for

    pools = pools_for(0)
    words = {n.lower() for s in pools.name_sets for group in (s.female, s.male, s.last) for n in group}
    return frozenset(words)


@lru_cache(maxsize=1)
def drug_names() -> tuple[str, ...]:
    """One-word drug names, lower case, sorted (generic and brand)."""
    import drug_named_entity_recognition as dner

    path = Path(dner.__file__).parent / "drug_ner_dictionary.pkl.bz2"
    with bz2.open(path) as f:
        variants = pickle.load(f)["drug_variant_to_canonical"]  # noqa: S301 (the package's own file)
    names = _name_words()
    return tuple(sorted(
        v for v in variants
        if v.isalpha() and 4 <= len(v) <= 16 and v.isascii() and v not in names
    ))


@lru_cache(maxsize=1)
def abbreviations() -> tuple[str, ...]:
    """Clinical abbreviations as clinicians write them (case kept), from the derived file."""
    lines = ABBREVIATIONS_FILE.read_text(encoding="utf-8").splitlines()
    return tuple(line for line in lines if line and not line.startswith("#"))


def derive_abbreviations(folder: Path) -> list[str]:
    """Surface forms from the meta-inventory files in ``folder`` (see the module docstring)."""
    forms: dict[str, float] = {}

    def add(form: str, weight: float) -> None:
        form = form.strip()
        if _WORD.match(form) and not form.isdigit():
            forms[form] = forms.get(form, 0.0) + weight

    for name in ("vanderbilt_clinic_notes.txt", "vanderbilt_discharge_sums.txt"):
        with (folder / name).open(encoding="utf-8", errors="replace") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                for variant in (row.get("variation") or "").split("|"):
                    form, _, count = variant.rpartition("_")
                    add(form, float(count) if count.isdigit() else 1.0)
    for line in (folder / "sense_distribution_448.txt").read_text(errors="replace").splitlines():
        if line.strip():
            add(line.split("\t")[0].upper(), 1.0)
    for line in (folder / "obgyn.txt").read_text(errors="replace").splitlines():
        if line.strip():
            add(line.split(" ")[0], 1.0)
    with (folder / "wikipedia_abbreviation_database.csv").open(encoding="utf-8", errors="replace") as f:
        for row in csv.DictReader(f):
            add(row.get("abr") or "", 1.0)
    names = _name_words()
    return sorted(f for f in forms if f.lower() not in names)


#: the run-time list of clinical words (``phideid.detect.clinical``), derived from the two lists above
CLINICAL_TERMS_FILE = Path(__file__).resolve().parents[2] / "phideid" / "data" / "clinical_terms.txt"


#: countries whose most common names are kept out of the word lists, beside the US's
_NAME_COUNTRIES = ("GB", "CA", "IE", "MX", "PR", "DO", "CU", "CO", "BR", "PT", "ES", "IT", "FR", "DE", "PL",
                   "RU", "UA", "GR", "TR", "IL", "EG", "NG", "GH", "KE", "ET", "IN", "PK", "BD", "CN", "HK",
                   "TW", "KR", "JP", "VN", "PH", "ID", "HT", "IR", "IQ", "SA", "NL", "SE", "NO", "HU", "RO")


def _common_names(first_limit: int = 3000, last_limit: int = 8000, other_limit: int = 0) -> frozenset[str]:
    """The most common first and last names of the US (and, with ``other_limit``, of the countries
    above), lower case, from names-dataset."""
    from names_dataset import NameDataset

    data = NameDataset()
    out = set()
    plan = [("US", True, first_limit), ("US", False, last_limit)]
    plan += [(c, first, other_limit) for c in _NAME_COUNTRIES for first in (True, False) if other_limit]
    for country, first, limit in plan:
        table = data.get_top_names(n=limit, country_alpha2=country, use_first_names=first).get(country, [])
        for names in table.values() if isinstance(table, dict) else [table]:
            out.update(n.lower() for n in names)
    return frozenset(out)


#: clinical words kept in the list although they are also (rare) names: at run time a name cue
#: ("Dr. Bovie", "daughter Mae") still keeps them as names. ICU shorthand, then eponyms of surgical
#: instruments, sutures, dressings, drains, incisions and positions (not of diseases: those are names
#: a patient may carry and are on the allow-list where unambiguous)
CURATED_TERMS = frozenset("""
mae neo perrl perrla levo vanco vanc dilt amio precedex fent prop versed lopressor ativan haldol zosyn
aline a-line art-line dti carina morse
metzenbaum bovie kerlix esmarch ochsner denonvilliers kerrison balfour babcock deaver weitlaner gelpi
adson debakey satinsky finochietto bookwalter hemovac penrose malecot pezzer coude yankauer frazier
poole ligasure dermabond steri-strips tegaderm xeroform vicryl prolene monocryl ethibond nurolon maxon
lembert pfannenstiel trendelenburg mayfield bard-parker crowe-davis marshall-marchetti-krantz
o'connor-o'sullivan zaontz bougie hasson veress kittner ray-tec raytec jackson-pratt blakemore
sengstaken minnesota swan-ganz hickman groshong quinton mahurkar permcath portacath port-a-cath
""".split())


def derive_clinical_terms() -> list[str]:
    """Drug names and abbreviations of 3+ letters that are not common US first or last names, and the
    curated clinical words above."""
    common = _common_names() | _name_words()
    terms = {d for d in drug_names()}
    terms |= {a.lower().rstrip(".") for a in abbreviations() if len(a.rstrip(".")) >= 3}
    kept = {t for t in terms if t.isascii() and len(t) >= 3 and t not in common}
    return sorted(kept | CURATED_TERMS)


#: the run-time list of English words that are not names (``phideid.detect.clinical``), gzip-compressed
COMMON_WORDS_FILE = CLINICAL_TERMS_FILE.with_name("common_words.txt.gz")
#: SCOWL's largest American English list (Debian package ``wamerican-insane``): its lower-case entries
#: are common nouns, verbs and adjectives, thousands of them clinical ("rongeur", "carina", "oliguria")
SCOWL_FILE = Path("/usr/share/dict/american-english-insane")
#: countries where a dictionary word that is also a ranked first or last name stays out of the list
_SCOWL_NAME_COUNTRIES = frozenset({
    "United States", "United Kingdom", "Canada", "Australia", "Ireland", "India", "Philippines", "Nigeria",
    "Mexico", "Germany", "Italy", "Poland",
})


def derive_common_words(min_zipf: float = 2.5, dictionary: Path = SCOWL_FILE) -> list[str]:
    """English words that are not names: a person-name span made only of such words, with no name cue,
    is a word the model took for a name ("DANGLE", "Chaplain", "CARINA").

    Two sources: wordfreq words at least as frequent as ``min_zipf`` that are not among the common first
    and last names of the US and 45 other countries; and the lower-case entries of the SCOWL dictionary
    (rare clinical words, which wordfreq ranks too low) that names-dataset knows as no first or last name
    at all in the countries above."""
    import wordfreq
    from names_dataset import NameDataset

    if not dictionary.is_file():
        raise SystemExit(f"{dictionary} is missing: apt-get install wamerican-insane")
    names = _common_names(5000, 20000, 1000) | _name_words()
    words = (w for w in wordfreq.top_n_list("en", 60000) if wordfreq.zipf_frequency(w, "en") >= min_zipf)
    out = {w for w in words if w.isascii() and w.isalpha() and len(w) >= 3 and w not in names}
    data = NameDataset()

    def ranked(word: str) -> bool:
        found = data.search(word)
        return any(set((found.get(kind) or {}).get("rank") or {}) & _SCOWL_NAME_COUNTRIES
                   for kind in ("first_name", "last_name"))

    entries = {w.strip() for w in dictionary.read_text(encoding="latin-1").splitlines()}
    out |= {w for w in entries - out - names
            if w.isascii() and w.isalpha() and w.islower() and len(w) >= 3 and not ranked(w)}
    return sorted(out)


_HEADERS = {
    "--common-words": (
        "# English words that are not names, for phideid.detect.clinical, derived by `python -m\n"
        "# training.synth.lexicon --common-words`: wordfreq (Apache-2.0) words of Zipf frequency >= 2.5\n"
        "# without the common first and last names of the US and 45 other countries (names-dataset, MIT)\n"
        "# and of the generator's name pools; and the lower-case entries of SCOWL's american-english-insane\n"
        "# (Copyright 2000-2011 Kevin Atkinson, permissive: use, copy, modify, distribute with this\n"
        "# notice; Debian package wamerican-insane) that names-dataset ranks as no first or last name in\n"
        "# 12 English-speaking and large immigrant countries.\n"
    ),
    "--clinical-terms": (
        "# Clinical words for phideid.detect.clinical, derived by `python -m training.synth.lexicon\n"
        "# --clinical-terms`: one-word drug names of the drug-named-entity-recognition lexicon (MIT)\n"
        "# and the abbreviations of training/synth/data/clinical_abbreviations.txt (CC BY 4.0, Medical\n"
        "# Abbreviation and Acronym Meta-Inventory), without the common US first and last names of\n"
        "# names-dataset; and curated ICU shorthand and eponyms.\n"
    ),
    "abbreviations": (
        "# Clinical abbreviations (surface forms only), derived by `python -m training.synth.lexicon`\n"
        "# from the Medical Abbreviation and Acronym Meta-Inventory (Grossman Liu et al., Columbia DBMI),\n"
        "# CC BY 4.0: Vanderbilt clinic notes and discharge summaries, Stetson et al. 2002, Columbia obgyn,\n"
        "# Wikipedia. Names of the generator's name pools are left out.\n"
    ),
}


def _write(path: Path, header: str, lines: list[str], what: str) -> int:
    data = (header + "\n".join(lines) + "\n").encode("utf-8")
    # mtime 0: the same words give the same bytes, so a rerun changes nothing in git
    path.write_bytes(gzip.compress(data, mtime=0) if path.suffix == ".gz" else data)
    print(f"wrote {len(lines)} {what} to {path}")
    return 0


def main(argv: list[str]) -> int:
    if argv == ["--common-words"]:
        return _write(COMMON_WORDS_FILE, _HEADERS[argv[0]], derive_common_words(), "common words")
    if argv == ["--clinical-terms"]:
        return _write(CLINICAL_TERMS_FILE, _HEADERS[argv[0]], derive_clinical_terms(), "clinical terms")
    if len(argv) != 1:
        print("usage: python -m training.synth.lexicon SHARED_DATA/clinical-text/abbreviations\n"
              "       python -m training.synth.lexicon --clinical-terms | --common-words", file=sys.stderr)
        return 2
    forms = derive_abbreviations(Path(argv[0]))
    return _write(ABBREVIATIONS_FILE, _HEADERS["abbreviations"], forms, "abbreviations")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
