"""An offline presidio NLP engine: spaCy's blank English tokenizer, no model, no download.

Presidio's ``SpacyNlpEngine`` loads (and, when missing, *downloads*) a trained spaCy pipeline such as
``en_core_web_lg``. The pattern detector needs none of that: its recognizers are regular expressions,
and the only thing they want from the NLP engine is tokens and lemmas, so that presidio's context-word
enhancement can look at the words before a match ("MRN", "acct", "fax"...).

``OfflineNlpEngine`` builds ``spacy.blank(lang)`` (a rule-based tokenizer shipped inside spaCy) and
reports the lower-cased token text as each token's lemma, since a blank pipeline has no lemmatizer and
would otherwise give empty lemmas, which silently disables context enhancement. It finds no named
entities: names come from the NER model (``models``) and from the titled-name recognizers.

Example
-------
>>> engine = OfflineNlpEngine()
>>> engine.load()
>>> engine.process_text("MRN: 1234567", "en").lemmas
['mrn', ':', '1234567']
"""

from __future__ import annotations

from collections.abc import Sequence

import spacy
from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine
from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc


class OfflineNlpEngine(SpacyNlpEngine):
    """A ``SpacyNlpEngine`` whose ``load()`` uses ``spacy.blank`` and never reaches the network.

    Parameters
    ----------
    languages:
        Language codes to tokenize (``spacy.blank`` accepts any language spaCy ships rules for).
    """

    engine_name = "spacy_blank"

    def __init__(self, languages: Sequence[str] = ("en",)) -> None:
        if not languages:
            raise ValueError("OfflineNlpEngine needs at least one language code, e.g. ('en',)")
        super().__init__(
            models=[{"lang_code": lang, "model_name": f"blank:{lang}"} for lang in languages],
            ner_model_configuration=NerModelConfiguration(model_to_presidio_entity_mapping={}),
        )
        self.languages = tuple(languages)

    def load(self) -> None:
        """Build one blank tokenizer per language; nothing is looked up, installed or downloaded."""
        self.nlp = {lang: spacy.blank(lang) for lang in self.languages}

    def get_supported_entities(self) -> list[str]:
        """A tokenizer finds no entities."""
        return []

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        return self._artifact(text, self._nlp(language)(text), language)

    def process_batch(self, texts, language: str, batch_size: int = 1, n_process: int = 1,
                      as_tuples: bool = False):
        """As presidio's, but the artifacts are built from the texts given: ``Doc.text`` rebuilds the text
        from a Token object per token, twice per note (a quarter of the pattern detector's time)."""
        items = [(str(t), c) for t, c in texts] if as_tuples else [(str(t), None) for t in texts]
        docs = self._nlp(language).pipe((t for t, _ in items), batch_size=batch_size, n_process=n_process)
        for (text, context), doc in zip(items, docs, strict=True):
            artifact = self._artifact(text, doc, language)
            yield (text, artifact, context) if as_tuples else (text, artifact)

    def _nlp(self, language: str):
        if not self.nlp:
            raise ValueError("NLP engine is not loaded. Consider calling .load()")
        return self.nlp[language]

    def _doc_to_nlp_artifact(self, doc: Doc, language: str) -> NlpArtifacts:
        return self._artifact(doc.text, doc, language)

    def _artifact(self, text: str, doc: Doc, language: str) -> NlpArtifacts:
        # A blank pipeline has no lemmatizer: token.lemma_ is "" and presidio's context enhancer would
        # see no words at all. The lower-cased text is a good enough lemma for label words ("MRN:").
        # The tokens go in as plain strings: the context enhancer only measures them, and walking a
        # spaCy Doc builds a Token object per step, once per match (a fifth of the detector's time).
        # A token's text is its slice of the document, as spaCy itself defines it.
        spans = doc.to_array([IDX, LENGTH]).tolist()  # no Token objects at all
        texts = [text[start:start + length] for start, length in spans]
        return NlpArtifacts(
            entities=[],
            tokens=texts,
            tokens_indices=[start for start, _ in spans],
            lemmas=[word.lower() for word in texts],
            nlp_engine=self,
            language=language,
            scores=[],
        )
