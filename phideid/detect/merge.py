"""Resolve what several detectors found into one clean, non-overlapping list of spans per text.

Three steps, in order:

1. widen: a span that stops inside a word is widened to the whole word (subword pieces of a model,
   "Smit" of "Smith"), but only across characters of the same class, so "93" in "93F" stays "93";
2. resolve overlaps: the span with the higher type priority (then score, then length) wins its range; a
   loser keeps whatever part the winner does not cover, so the union of what was found stays covered
   (when in doubt, more is removed, never less);
3. join fragments: touching spans of one type, and name or place fragments of one type separated only
   by a space, hyphen, apostrophe or period ("Mary" + "Anne", "St." + "Mary's"), become one span.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from phideid.types import PhiType, Span

#: higher wins an overlap: specific, validated shapes beat broad ones, and any identifier beats a name
DEFAULT_PRIORITY: Mapping[PhiType, int] = {
    PhiType.SSN: 100,
    PhiType.EMAIL: 95,
    PhiType.URL: 94,
    PhiType.IPADDR: 93,
    PhiType.MEDICALRECORD: 90,
    PhiType.HEALTHPLAN: 89,
    PhiType.ACCOUNT: 88,
    PhiType.LICENSE: 87,
    PhiType.VEHICLE: 86,
    PhiType.DEVICE: 85,
    PhiType.BIOID: 84,
    PhiType.FAX: 81,
    PhiType.PHONE: 80,
    PhiType.IDNUM: 75,
    PhiType.DATE: 70,
    PhiType.AGE: 65,
    PhiType.ZIP: 60,
    PhiType.STREET: 55,
    PhiType.USERNAME: 52,
    PhiType.PATIENT: 50,
    PhiType.RELATIVE: 49,
    PhiType.DOCTOR: 48,
    PhiType.NAME: 47,
    PhiType.HOSPITAL: 45,
    PhiType.ORGANIZATION: 44,
    PhiType.CITY: 40,
    PhiType.STATE: 39,
    PhiType.COUNTRY: 38,
    PhiType.LOCATION: 37,
    PhiType.PROFESSION: 30,
}

#: types whose fragments are joined across a single separator
_FRAGMENT_TYPES = frozenset(
    {
        PhiType.PATIENT, PhiType.DOCTOR, PhiType.RELATIVE, PhiType.NAME, PhiType.HOSPITAL,
        PhiType.ORGANIZATION, PhiType.STREET, PhiType.CITY, PhiType.LOCATION, PhiType.PROFESSION,
    }
)
_JOINERS = frozenset(" -'.")


def merge_spans(
    text: str, spans: Sequence[Span], priority: Mapping[PhiType, int] = DEFAULT_PRIORITY
) -> list[Span]:
    """Widen, resolve and join ``spans`` of ``text``; the result is sorted and non-overlapping."""
    widened = [_widen(text, s) for s in spans if s.end <= len(text)]
    resolved = _resolve(widened, priority)
    return _join(text, resolved)


def _char_class(ch: str) -> str:
    if ch.isalpha():
        return "a"
    if ch.isdigit():
        return "d"
    return ""


def _widen(text: str, span: Span) -> Span:
    start, end = span.start, span.end
    edge = _char_class(text[start])
    while edge and start > 0 and _char_class(text[start - 1]) == edge:
        start -= 1
    edge = _char_class(text[end - 1])
    while edge and end < len(text) and _char_class(text[end]) == edge:
        end += 1
    if (start, end) == (span.start, span.end):
        return span
    return Span(start, end, span.phi_type, span.score, span.source)


def _rank(span: Span, priority: Mapping[PhiType, int]) -> tuple[int, float, int]:
    return (priority.get(span.phi_type, 0), span.score, len(span))


def _resolve(spans: list[Span], priority: Mapping[PhiType, int]) -> list[Span]:
    # Greedy by rank: each span claims the characters no better span has claimed yet; unclaimed
    # remainders of a loser survive as their own spans so nothing found is ever dropped.
    taken: list[tuple[int, int]] = []
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: _rank(s, priority), reverse=True):
        for start, end in _free_parts(span.start, span.end, taken):
            kept.append(Span(start, end, span.phi_type, span.score, span.source))
            taken.append((start, end))
    return sorted(kept, key=lambda s: (s.start, s.end))


def _free_parts(start: int, end: int, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    parts = [(start, end)]
    for t_start, t_end in taken:
        next_parts = []
        for p_start, p_end in parts:
            if t_end <= p_start or p_end <= t_start:
                next_parts.append((p_start, p_end))
                continue
            if p_start < t_start:
                next_parts.append((p_start, t_start))
            if t_end < p_end:
                next_parts.append((t_end, p_end))
        parts = next_parts
    return parts


def _join(text: str, spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for span in spans:
        if out and _joinable(text, out[-1], span):
            prev = out.pop()
            span = Span(prev.start, span.end, prev.phi_type, max(prev.score, span.score), prev.source)
        out.append(span)
    return out


def _joinable(text: str, left: Span, right: Span) -> bool:
    if left.phi_type is not right.phi_type:
        return False
    gap = text[left.end : right.start]
    if gap == "":
        return True
    return left.phi_type in _FRAGMENT_TYPES and len(gap) == 1 and gap in _JOINERS
