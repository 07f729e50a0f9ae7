"""The leak search of ``phideid eval-formats``: whole words, any case, inside FHIR attachments, masked."""

from __future__ import annotations

import base64
import json

from eval.formats import leaks, mask, searchable


def test_leaks_are_whole_words_in_any_case_and_short_values_are_ignored():
    text = "family: SMITHSON; seen by smith; state MA"
    assert leaks({"Smith", "MA", "Jones"}, text) == ["Smith"]
    assert leaks({"Smiths"}, text) == []


def test_fhir_attachments_are_searched_decoded():
    note = base64.b64encode(b"Patient Lindgren was seen.").decode()
    output = json.dumps({"resourceType": "DocumentReference", "content": [{"attachment": {"data": note}}]})
    assert leaks({"Lindgren"}, searchable("fhir", output.encode())) == ["Lindgren"]
    assert leaks({"Lindgren"}, searchable("hl7v2", output.encode())) == []


def test_mask_prints_shapes_not_values():
    assert mask("Smith 12/03/1980") == "Aaaaa DD/DD/DDDD"
