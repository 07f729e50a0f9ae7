"""The NER model at run time: ONNX Runtime + the fast tokenizer + numpy. Never imports torch.

``OnnxNerDetector(model_dir)`` is a phideid ``Detector``: ``detect(texts)`` encodes every note once, cuts
long notes into overlapping windows of ``max_length`` tokens (``stride`` tokens of overlap), runs all the
windows of all the notes through one ONNX Runtime session in batches sorted by length (little padding),
keeps for every token the prediction of the window where it sits most centrally, and decodes words and
spans (``models.decode``) with the model's recall-biased threshold.

Execution providers are chosen from what the installed ONNX Runtime offers, best first (TensorRT, CUDA,
CPU); ``providers=`` overrides. On a CPU the session uses one thread per physical core.

Examples
--------
>>> detector = OnnxNerDetector(default_model_dir())  # doctest: +SKIP
>>> detector.detect(["Seen by Dr. Alvarez on 3/4."])  # doctest: +SKIP
[[Span(start=12, end=19, phi_type=<PhiType.DOCTOR: 'DOCTOR'>, score=0.99, source='ner'), ...]]
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import onnxruntime as ort

from models.decode import LabelScheme, decode_spans
from models.encoding import EncodedText, NoteTokenizer, Window, plan_windows, window_inputs
from models.model_info import MODEL_ONNX, TOKENIZER_JSON, ModelInfo
from phideid.detect.clinical import ClinicalVeto
from phideid.errors import ConfigError, DetectionError
from phideid.types import Span

#: best first; only those the installed onnxruntime offers are used
PREFERRED_PROVIDERS = ("TensorrtExecutionProvider", "CUDAExecutionProvider", "CPUExecutionProvider")


def default_model_dir() -> Path:
    """The model shipped with phideid: ``models/default/`` beside this file."""
    return Path(__file__).resolve().parent / "default"


def physical_cores() -> int:
    """Physical cores this process may run on (hyper-threads do not speed up the model)."""
    try:
        allowed = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        allowed = os.cpu_count() or 1
    cores = None
    try:
        import psutil  # optional

        cores = psutil.cpu_count(logical=False)
    except ImportError:
        try:
            seen = set()
            phys = core = None
            with open("/proc/cpuinfo", encoding="ascii", errors="replace") as f:
                for line in f:
                    if line.startswith("physical id"):
                        phys = line.split(":")[1].strip()
                    elif line.startswith("core id"):
                        core = line.split(":")[1].strip()
                        seen.add((phys, core))
            cores = len(seen) or None
        except OSError:
            pass
    return max(1, min(allowed, cores or allowed))


def choose_providers(available: Sequence[str] | None = None) -> list[str]:
    """The preferred execution providers among ``available`` (default: what onnxruntime offers)."""
    offered = set(ort.get_available_providers() if available is None else available)
    return [p for p in PREFERRED_PROVIDERS if p in offered] or ["CPUExecutionProvider"]


def check_model_dir(model_dir: str | Path) -> Path:
    """``model_dir`` if it holds a complete model, else ``ConfigError`` naming what is missing."""
    path = Path(model_dir)
    if not path.is_dir():
        raise ConfigError(
            f"NER model directory {path} does not exist; train and export one (`phideid train`, then "
            "`python -m models.export --checkpoint DIR --out DIR`) or choose another with --model DIR"
        )
    missing = [name for name in (MODEL_ONNX, TOKENIZER_JSON) if not (path / name).is_file()]
    if missing:
        raise ConfigError(f"NER model directory {path} lacks {', '.join(missing)}; re-export the model")
    return path


def softmax(logits: np.ndarray) -> np.ndarray:
    z = logits - logits.max(axis=-1, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=-1, keepdims=True)
    return z


class OnnxNerDetector:
    """PHI detector over an exported model directory (see ``models/__init__.py`` for its contents).

    Parameters
    ----------
    model_dir
        The model directory.
    threshold
        Overrides the model's recall-biased threshold: a word is PHI when ``1 - P(O) >= threshold``.
    batch_size
        Windows per model call. Default: 1 for a dynamically quantized (int8) model, whose activation
        scale is computed over the whole call, so that a note's spans never depend on the other notes of
        its batch (13 of 336 dev notes differed at 32, at the same speed on a CPU); 32 otherwise.
    providers
        ONNX Runtime execution providers, best first; default ``choose_providers()``.
    intra_op_threads
        Threads per operator on the CPU; default: the physical cores.
    veto
        Drops spans that are clinical text (``phideid.detect.clinical``); default: the shipped lists.
    """

    name = "ner"

    def __init__(self, model_dir: str | Path, *, threshold: float | None = None,
                 batch_size: int | None = None, providers: Sequence[str | tuple[str, dict]] | None = None,
                 intra_op_threads: int | None = None, veto: ClinicalVeto | None = None) -> None:
        path = check_model_dir(model_dir)
        self.veto = veto if veto is not None else ClinicalVeto.load()
        self.model_dir = path
        self.info = ModelInfo.read(path)
        if threshold is not None and not 0.0 < threshold <= 1.0:
            raise ConfigError(f"NER threshold must be in (0, 1], got {threshold}")
        if batch_size is None:
            batch_size = 1 if self.info.quantized == "int8" else 32
        if batch_size < 1:
            raise ConfigError(f"NER batch size must be at least 1, got {batch_size}")
        self.threshold = self.info.threshold if threshold is None else float(threshold)
        self.batch_size = batch_size
        self.scheme = LabelScheme.from_labels(self.info.labels)
        self.tokenizer = NoteTokenizer(path / TOKENIZER_JSON)
        if self.info.max_length <= self.tokenizer.n_special + 2 * self.info.stride:
            raise ConfigError(f"max_length {self.info.max_length} leaves no room beside the stride")

        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.intra_op_num_threads = intra_op_threads or physical_cores()
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.log_severity_level = 3
        try:
            self.session = ort.InferenceSession(str(path / MODEL_ONNX), sess_options=options,
                                                providers=list(providers or choose_providers()))
        except Exception as exc:  # onnxruntime raises its own untyped errors
            raise ConfigError(f"{path / MODEL_ONNX} cannot be loaded by ONNX Runtime "
                              f"({type(exc).__name__})") from None
        self.input_names = [i.name for i in self.session.get_inputs()]
        if self.info.casing and "case_ids" not in self.input_names:
            raise ConfigError(f"{path}: phideid_model.json says casing but model.onnx takes no case_ids")
        n_out = self.session.get_outputs()[0].shape[-1]
        if isinstance(n_out, int) and n_out != len(self.info.labels):
            raise ConfigError(f"{path}: model.onnx has {n_out} outputs for {len(self.info.labels)} labels")

    @property
    def providers(self) -> list[str]:
        """The execution providers the session actually uses."""
        return self.session.get_providers()

    def token_probabilities(self, notes: Sequence[EncodedText]) -> list[np.ndarray]:
        """Label probabilities ``[tokens, labels]`` per note, merged over its windows."""
        size = self.info.max_length - self.tokenizer.n_special
        windows = [Window(i, s, e) for i, note in enumerate(notes)
                   for s, e in plan_windows(len(note), size, self.info.stride)]
        n_labels = len(self.info.labels)
        probs = [np.zeros((len(note), n_labels), dtype=np.float32) for note in notes]
        centrality = [np.full(len(note), -1, dtype=np.int64) for note in notes]
        windows.sort(key=lambda w: w.end - w.start)
        p = len(self.tokenizer.prefix)
        for b in range(0, len(windows), self.batch_size):
            batch = windows[b:b + self.batch_size]
            feed = window_inputs(notes, batch, self.tokenizer)
            inputs = {name: feed.get(name, np.zeros_like(feed["input_ids"])) for name in self.input_names}
            try:
                logits = self.session.run(None, inputs)[0]
            except Exception as exc:  # never echo the input: the message may quote it
                raise DetectionError(f"the NER model failed on a batch of {len(batch)} windows "
                                     f"({type(exc).__name__})") from None
            batch_probs = softmax(logits.astype(np.float32, copy=False))
            for row, w in enumerate(batch):
                n = w.end - w.start
                j = np.arange(n)
                central = np.minimum(j, n - 1 - j)
                better = central > centrality[w.text_index][w.start:w.end]
                target = probs[w.text_index][w.start:w.end]
                target[better] = batch_probs[row, p:p + n][better]
                centrality[w.text_index][w.start:w.end][better] = central[better]
        return probs

    def detect(self, texts: Sequence[str]) -> list[list[Span]]:
        results: list[list[Span]] = [[] for _ in texts]
        todo = [i for i, text in enumerate(texts) if text and not text.isspace()]
        if not todo:
            return results
        notes = self.tokenizer.encode([texts[i] for i in todo])
        for i, note, probs in zip(todo, notes, self.token_probabilities(notes), strict=True):
            spans = decode_spans(texts[i], note.offsets, probs, self.scheme, self.threshold)
            results[i] = self.veto.filter(texts[i], spans)
        return results


__all__ = ["OnnxNerDetector", "check_model_dir", "choose_providers", "default_model_dir", "physical_cores"]
