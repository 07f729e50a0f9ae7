"""The PHI NER model at run time (tokenizer + ONNX Runtime), plugged in behind ``phideid``'s ``Detector``.

Run time needs ONNX Runtime and ``tokenizers`` only, never torch. Imports ``phideid`` (for its types)
and nothing above it; ``training`` and ``eval`` import this package.

A model directory (the shipped default is ``models/default/``; any other is chosen with ``--model DIR``)
holds exactly:

``model.onnx``
    Inputs ``input_ids``, ``attention_mask`` and, when the model uses casing, ``case_ids`` (all int64,
    shape [batch, sequence]); output ``logits`` (float32, [batch, sequence, len(labels)]).
``tokenizer.json``
    The Hugging Face fast tokenizer (lower-cases internally; its offsets point into the original text).
``phideid_model.json``
    ``{"format": 1, "labels": ["O", "B-PATIENT", "I-PATIENT", ...], "casing": true, "max_length": 256,
    "stride": 64, "threshold": 0.35, "version": "...", "base": "...", "quantized": "int8"}``: BIO labels
    over ``PhiType`` values; ``threshold`` is the recall-biased cut: a word is PHI when
    ``1 - P(O) >= threshold``, typed by its most probable non-O label.
``MODEL_CARD.md``
    Labels, training data, metrics, threshold, and the exact command that reproduces the model.

Casing: the encoder is uncased, so a model with ``"casing": true`` also takes one case class per token
(``models.casing``: 0 special/padding, 1 lower, 2 Title, 3 UPPER, 4 mixed, 5 no letters), computed from
the original text under the token's offsets, and adds a learned embedding of it to the word embeddings.
"""
