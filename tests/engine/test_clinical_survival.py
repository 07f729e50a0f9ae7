"""Clinical text survives: sentences with no PHI at all come back byte for byte under every built-in policy.

``tests/data/clinical_sentences.txt`` holds terse clinical and nursing sentences (drugs, vitals, labs, vent
settings, times, shorthand, eponyms, devices, scores, units, ages 89 and under) that hold nothing the
annotation guideline (``eval/data/ANNOTATION.md``) calls PHI. Whatever a detector reports in them is a
false positive that damages the note, so the full default pipeline (pattern recognizers and the shipped
NER model, built from the default configuration as the CLI builds it) must change none of them. The
sentences are PHI-free, so a failure quotes them, with the line numbers and what each detector reported.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from phideid.compose import build_deidentifier
from phideid.config import load_config
from phideid.deidentifier import Deidentifier, Document, Result
from phideid.policy import BUILTIN

SENTENCES_FILE = Path(__file__).resolve().parents[1] / "data" / "clinical_sentences.txt"
MIN_SENTENCES, MIN_PER_GROUP = 220, 20


def load_sentences(path: Path = SENTENCES_FILE) -> list[tuple[int, str, str]]:
    """(line number, group, sentence) of every sentence; a '#' line names the group of the lines below."""
    sentences, group = [], ""
    # split on "\n" only: the sentences are checked byte for byte, so nothing else may be stripped
    for number, line in enumerate(path.read_bytes().decode("utf-8").split("\n"), start=1):
        if line.startswith("#"):
            group = line.lstrip("#").strip()
        elif line.strip():
            sentences.append((number, group, line))
    return sentences


SENTENCES = load_sentences()


def test_the_sentence_set_is_large_and_every_group_is_full():
    assert len(SENTENCES) >= MIN_SENTENCES, f"only {len(SENTENCES)} sentences"
    per_group = Counter(group for _, group, _ in SENTENCES)
    assert len(per_group) >= 10, sorted(per_group)
    thin = {g: n for g, n in per_group.items() if n < MIN_PER_GROUP}
    assert not thin, f"groups with fewer than {MIN_PER_GROUP} sentences: {thin}"
    texts = [s for _, _, s in SENTENCES]
    duplicates = sorted({s for s in texts if texts.count(s) > 1})
    assert not duplicates, f"duplicate sentences: {duplicates}"
    for number, _, sentence in SENTENCES:
        assert sentence == sentence.strip() and "\r" not in sentence and "\t" not in sentence, (
            f"line {number}: stray whitespace"
        )


@pytest.fixture(scope="module")
def full_engine(tmp_path_factory) -> Iterator[Deidentifier]:
    """The default pipeline with the shipped model, built as the CLI builds it; vault and key under a
    temporary home, nothing read from the caller's environment."""
    home = tmp_path_factory.mktemp("clinical-survival-home")
    env = {"PHIDEID_HOME": str(home)}
    engine = build_deidentifier(load_config(env=env), env=env)
    yield engine
    engine.vault.close()


def _explain(engine: Deidentifier, failing: list[tuple[int, str, str, Result]], policy: str) -> str:
    """Each failing line, its output, the types the engine replaced and what each detector reported in it
    (the text is PHI-free, so it is quoted). The detectors run again over the whole batch, as the engine
    ran them: a model's output may depend on the other texts of its batch."""
    texts = [sentence for _, _, sentence in SENTENCES]
    index = {number: i for i, (number, _, _) in enumerate(SENTENCES)}
    found = {detector.name: detector.detect(texts) for detector in engine.detectors}
    lines, by_group, by_type = [], Counter(), Counter()
    for number, group, sentence, result in failing:
        by_group[group] += 1
        out = result.text
        replaced = []
        for span in result.spans:
            by_type[span.phi_type.value] += 1
            replaced.append(f"{span.phi_type.value} -> {out[span.start:span.end]!r} ({span.source})")
        reported = [
            f"{span.phi_type.value}"
            f" {sentence[span.start:span.end]!r} ({span.source or name}, {span.score:.2f})"
            for name, batch in found.items()
            for span in sorted(batch[index[number]], key=lambda s: s.start)
        ]
        lines.append(
            f"  line {number} [{group}] {sentence!r}\n      -> {out!r}\n"
            f"      replaced: {'; '.join(replaced) or '(none)'}\n"
            f"      reported: {'; '.join(reported) or '(none)'}"
        )
    return (
        f"{len(failing)} of {len(SENTENCES)} PHI-free sentences changed under policy {policy!r}\n"
        f"  by group: {dict(by_group.most_common())}\n"
        f"  by replaced type: {dict(by_type.most_common())}\n"
        f"  failing lines: {[number for number, *_ in failing]}\n" + "\n".join(lines)
    )


@pytest.mark.parametrize("policy", BUILTIN)
def test_clinical_text_without_phi_survives_byte_for_byte(full_engine, policy):
    # one batch for all sentences, as the API and the stream worker hand texts to the engine
    results = full_engine.deidentify_many([Document(sentence, policy=policy) for _, _, sentence in SENTENCES])

    errors = [
        (number, r.error.__class__.__name__)
        for (number, _, _), r in zip(SENTENCES, results, strict=True)
        if not r.ok
    ]
    assert not errors, f"sentences refused under policy {policy!r}: {errors}"
    failing = [
        (number, group, sentence, r)
        for (number, group, sentence), r in zip(SENTENCES, results, strict=True)
        if r.text.encode("utf-8") != sentence.encode("utf-8")
    ]
    if failing:
        pytest.fail(_explain(full_engine, failing, policy), pytrace=False)
