"""Leak oracles for ``phideid eval-formats``: per format, what identifies the patient in an input, and
whether an output is still valid in its format.

Each module ``eval.leaks.<format>`` has ``identifiers(data) -> set[str]`` (the input's patient
identifiers, read independently of the handler's rule tables, so a field the rules forget is caught) and
``problems(original, output) -> list[str]`` (validity problems of the output; messages name places, never
values).
"""

import re


def occurs(value: str, text: str) -> bool:
    """Whether ``value`` occurs in ``text`` as a whole word (not inside a longer one), in any case."""
    return re.search(rf"(?<![A-Za-z0-9]){re.escape(value)}(?![A-Za-z0-9])", text, re.IGNORECASE) is not None
