"""``phideid bench``: throughput of the text pipeline, the NER model and presidio's own recognizers.

A benchmark, not a test. On one set of generated ICU-note-sized notes (``--chars``, about 840 characters:
terse nursing progress notes with fresh synthetic PHI each), in one run, it measures:

- **pipeline**: ``Deidentifier.deidentify_many`` (pattern + NER detectors when a model is there, the
  default policy, a SQLite vault in a temporary folder), in batches of the largest ``--batch``;
- **model alone**: the NER detector's ``detect`` on the same batches (tokenize, windows, ONNX, offsets);
- **pattern detector alone**: phideid's ``PatternDetector.detect``;
- **presidio default**: presidio's ``AnalyzerEngine`` with its predefined recognizers and the offline
  blank-spaCy NLP engine (``OfflineNlpEngine``), one ``analyze`` per note. Its e-mail recognizer calls
  tldextract, whose default extractor fetches the public suffix list over the network: for the run it is
  swapped for one that reads tldextract's bundled snapshot only (``offline_tldextract``), so nothing is
  fetched and nothing is cached on disk;
- **model per 512-token window** at batch 1/8/32 (``--batch``): ONNX Runtime on synthetic ids, wall time
  per batch divided by the batch size;
- peak resident memory of the process (``getrusage`` maxrss) and the execution provider.

Where no NER model is available it reports the pattern figures and says that the model is missing.

::

    phideid bench --notes 200 --batch 1,8,32 --json /tmp/bench.json
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TypeVar

from eval.cli import DEFAULT_MODEL_DIR, NER, PATTERN, build_detectors, default_detector_names, ner_available
from phideid.errors import ConfigError, PhideidError
from phideid.samples import make_notes

T = TypeVar("T")



# ---- presidio offline -----------------------------------------------------------------------------


@contextlib.contextmanager
def offline_tldextract() -> Iterator[None]:
    """Within the block, ``tldextract.extract`` uses the bundled suffix-list snapshot: no fetch, no cache.

    presidio's ``EmailRecognizer.validate_result`` calls the module-level ``tldextract.extract``, whose
    default extractor downloads the public suffix list on first use. That extractor is a module global
    (``tldextract.tldextract.TLD_EXTRACTOR``), looked up at each call: it is swapped here and restored.
    """
    import tldextract.tldextract as tx

    saved = tx.TLD_EXTRACTOR
    tx.TLD_EXTRACTOR = tx.TLDExtract(cache_dir=None, suffix_list_urls=(), fallback_to_snapshot=True)
    try:
        yield
    finally:
        tx.TLD_EXTRACTOR = saved


#: presidio 2.2.366's default English recognizers (``conf/default_recognizers.yaml``, enabled ones), named
#: explicitly: presidio's own loader finds classes by ``__name__`` among every ``EntityRecognizer``
#: subclass, so once phideid's recognizers are imported its ``EmailRecognizer``, ``DateRecognizer``,
#: ``PhoneRecognizer`` and ``UrlRecognizer`` would be taken for presidio's.
PRESIDIO_DEFAULT_RECOGNIZERS = (
    "CreditCardRecognizer", "CryptoRecognizer", "DateRecognizer", "EmailRecognizer", "IbanRecognizer",
    "IpRecognizer", "MacAddressRecognizer", "MedicalLicenseRecognizer", "NhsRecognizer", "PhoneRecognizer",
    "SpacyRecognizer", "UrlRecognizer", "UsBankRecognizer", "UsItinRecognizer", "UsLicenseRecognizer",
    "UsPassportRecognizer", "UsSsnRecognizer", "UuidRecognizer",
)


def presidio_default_analyzer():
    """presidio's ``AnalyzerEngine`` with its default predefined recognizers over the offline NLP engine.

    Call it inside ``offline_tldextract()`` when analyzing: the e-mail recognizer consults tldextract.
    """
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry, predefined_recognizers

    from phideid.detect.nlp import OfflineNlpEngine
    from phideid.detect.patterns import _quiet_presidio_logger

    _quiet_presidio_logger()  # presidio logs context words at DEBUG: never let that reach a handler
    nlp = OfflineNlpEngine(languages=("en",))
    nlp.load()
    recognizers = [getattr(predefined_recognizers, name)() for name in PRESIDIO_DEFAULT_RECOGNIZERS]
    registry = RecognizerRegistry(recognizers=recognizers, supported_languages=["en"])
    return AnalyzerEngine(registry=registry, nlp_engine=nlp, supported_languages=["en"])


# ---- measuring ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Throughput:
    name: str
    notes: int
    chars: int
    seconds: float

    @property
    def notes_per_s(self) -> float:
        return self.notes / self.seconds if self.seconds else 0.0

    @property
    def chars_per_s(self) -> float:
        return self.chars / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "notes_per_s": self.notes_per_s, "chars_per_s": self.chars_per_s}


def time_batches(name: str, items: Sequence[T], chars: int, batch: int, run: Callable[[list[T]], object]
                 ) -> Throughput:
    """Wall time of ``run`` over ``items`` (notes of ``chars`` characters in all) in batches, after one
    warm-up batch."""
    run(list(items[:batch]))
    start = time.perf_counter()
    for i in range(0, len(items), batch):
        run(list(items[i : i + batch]))
    return Throughput(name, len(items), chars, time.perf_counter() - start)


def choose_providers(available: Sequence[str]) -> list[str]:
    """CUDA then CPU when present (TensorRT engines take minutes to build: not for a quick bench)."""
    wanted = [p for p in ("CUDAExecutionProvider", "CPUExecutionProvider") if p in available]
    return wanted or list(available)


def window_timings(model_dir: Path, batches: Sequence[int], window: int = 512, min_seconds: float = 0.5,
                   session=None) -> tuple[dict[int, float], str]:
    """Milliseconds per ``window``-token window at each batch size, and the execution provider used.

    Feeds synthetic ids (a full window, no padding) to ``model.onnx``: ``input_ids``, ``attention_mask``
    and, when the model takes it, ``case_ids``. ``session`` reuses the detector's own session if given.
    """
    import numpy as np
    import onnxruntime as ort

    if session is None:
        session = ort.InferenceSession(str(model_dir / "model.onnx"),
                                       providers=choose_providers(ort.get_available_providers()))
    provider = session.get_providers()[0]
    rng = np.random.default_rng(0)
    out: dict[int, float] = {}
    for size in batches:
        feed = {}
        for spec in session.get_inputs():
            if spec.name == "input_ids":
                feed[spec.name] = rng.integers(1000, 2000, size=(size, window), dtype=np.int64)
                feed[spec.name][:, 0], feed[spec.name][:, -1] = 101, 102  # [CLS] ... [SEP]
            elif spec.name == "case_ids":
                feed[spec.name] = rng.integers(1, 6, size=(size, window), dtype=np.int64)
            else:  # attention_mask, token_type_ids
                fill = 1 if spec.name == "attention_mask" else 0
                feed[spec.name] = np.full((size, window), fill, dtype=np.int64)
        session.run(None, feed)  # warm-up: allocations, kernel selection
        runs, start = 0, time.perf_counter()
        while runs < 3 or time.perf_counter() - start < min_seconds:
            session.run(None, feed)
            runs += 1
        out[size] = (time.perf_counter() - start) / runs / size * 1000
    return out, provider


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


# ---- the command ----------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="phideid bench", description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=200, help="number of generated notes (default 200)")
    parser.add_argument("--chars", type=int, default=840, help="characters per note (default 840)")
    parser.add_argument("--model", help="NER model directory (default: the shipped models/default)")
    parser.add_argument("--batch", default="1,8,32",
                        help="batch sizes for the per-window model timing; the largest is also the "
                        "pipeline's batch (default 1,8,32)")
    parser.add_argument("--no-presidio", action="store_true", help="skip presidio's default recognizers")
    parser.add_argument("--json", dest="json_out", help="write the figures as JSON here")
    return parser


def _batches(spec: str) -> list[int]:
    try:
        sizes = sorted({int(x) for x in spec.split(",") if x.strip()})
    except ValueError:
        raise ConfigError(f"--batch must be comma-separated integers, got {spec!r}") from None
    if not sizes or sizes[0] < 1:
        raise ConfigError("--batch needs at least one size, each at least 1")
    return sizes


def run(args: argparse.Namespace) -> dict[str, object]:
    from phideid.deidentifier import Deidentifier, Document
    from phideid.vault import open_vault

    if args.notes < 1 or args.chars < 50:
        raise ConfigError("--notes must be at least 1 and --chars at least 50")
    sizes = _batches(args.batch)
    batch = max(sizes)
    texts = make_notes(args.notes, args.chars)
    chars = sum(map(len, texts))
    names, missing = default_detector_names(args.model)
    model_dir = Path(args.model) if args.model else DEFAULT_MODEL_DIR
    built = build_detectors(names, args.model)
    by_name = dict(zip(names, built, strict=True))

    rows: list[Throughput] = []
    with tempfile.TemporaryDirectory() as tmp:
        vault = open_vault(f"sqlite:///{Path(tmp) / 'vault.db'}", os.urandom(32))
        try:
            engine = Deidentifier(built, vault)
            patients = max(1, len(texts) // 4)  # a few notes per patient, as in a real feed
            docs = [Document(t, patient_id=f"BENCH-{i % patients}") for i, t in enumerate(texts)]
            rows.append(time_batches(f"pipeline ({'+'.join(d.name for d in built)})", docs, chars, batch,
                                     engine.deidentify_many))
        finally:
            vault.close()
    if NER in by_name:
        rows.append(time_batches("model alone (NER detect)", texts, chars, batch, by_name[NER].detect))
    rows.append(time_batches("pattern detector alone", texts, chars, batch, by_name[PATTERN].detect))
    if not args.no_presidio:
        with offline_tldextract():
            analyzer = presidio_default_analyzer()
            rows.append(time_batches("presidio default recognizers", texts, chars, batch,
                                     lambda b: [analyzer.analyze(text=t, language="en") for t in b]))

    windows: dict[int, float] = {}
    provider = "none (no model)"
    if NER in by_name:
        session = getattr(by_name[NER], "session", None)
        windows, provider = window_timings(model_dir, sizes, session=session)

    return {
        "python": platform.python_version(), "machine": platform.machine(), "cpus": os.cpu_count(),
        "notes": len(texts), "chars_per_note": sum(map(len, texts)) / len(texts), "batch": batch,
        "detectors": names, "model": str(model_dir) if NER in by_name else None, "model_missing": missing,
        "throughput": [r.as_dict() for r in rows],
        "window_ms": {str(k): v for k, v in windows.items()}, "window_tokens": 512,
        "execution_provider": provider, "peak_rss_mib": peak_rss_mib(),
    }


def format_figures(fig: dict[str, object]) -> str:
    lines = [
        f"python {fig['python']} on {fig['machine']} ({fig['cpus']} CPUs); {fig['notes']} notes of "
        f"{fig['chars_per_note']:.0f} characters; batch {fig['batch']}",
        f"detectors: {', '.join(fig['detectors'])}; execution provider: {fig['execution_provider']}",
    ]
    if fig["model_missing"]:
        lines.append(f"model missing: {fig['model_missing']} (model figures not measured)")
    lines += ["", f"  {'what':40} {'notes/s':>10} {'kchars/s':>10} {'seconds':>9}"]
    for row in fig["throughput"]:
        lines.append(f"  {row['name']:40} {row['notes_per_s']:10.1f} {row['chars_per_s'] / 1e3:10.1f} "
                     f"{row['seconds']:9.2f}")
    rows = {r["name"].split(" (")[0]: r for r in fig["throughput"]}
    model = next((r for r in fig["throughput"] if r["name"].startswith("model alone")), None)
    if model and model["notes_per_s"]:
        ratio = rows["pipeline"]["notes_per_s"] / model["notes_per_s"]
        lines.append(f"  pipeline / model alone: {ratio:.0%}")
    if fig["window_ms"]:
        lines += ["", f"  model per {fig['window_tokens']}-token window:"]
        lines += [f"    batch {size:>3}: {ms:8.2f} ms/window" for size, ms in fig["window_ms"].items()]
    lines += ["", f"peak memory (maxrss): {fig['peak_rss_mib']:.0f} MiB"]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``phideid bench``; errors are one line on stderr and exit code 2."""
    args = _parser().parse_args(list(argv) if argv is not None else None)
    try:
        figures = run(args)
    except PhideidError as exc:
        print(f"phideid bench: error: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(format_figures(figures))
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


__all__ = ["main", "ner_available", "offline_tldextract", "presidio_default_analyzer",
           "window_timings"]


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
