"""Apply a policy to the spans of one text: the pure core of de-identification.

Given a text, its merged spans, a policy and a patient's surrogate context, produce the new text, the
spans of the replacements in it, and the (original, surrogate) pairs the vault may keep. No I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from phideid.errors import DeidentificationError
from phideid.policy import Action, Policy
from phideid.surrogates.base import SurrogateContext
from phideid.types import PhiType, Span


@dataclass(frozen=True)
class Replacement:
    """What happened to one span: ``span`` points into the output text."""

    span: Span
    action: Action
    surrogate: str
    original: str = field(repr=False)


def apply_policy(
    text: str, spans: Sequence[Span], policy: Policy, ctx: SurrogateContext
) -> tuple[str, list[Replacement]]:
    """Replace every span of ``text`` (sorted, non-overlapping) as ``policy`` says.

    Raises ``DeidentificationError`` if any transform fails: a text is never returned half done. The
    error names the transform and the type, never the value.
    """
    pieces: list[str] = []
    replacements: list[Replacement] = []
    cursor = 0
    out_len = 0
    for span in spans:
        if span.start < cursor:
            raise DeidentificationError("spans overlap; merge them before applying a policy")
        original = text[span.start : span.end]
        rule = policy.rule(span.phi_type)
        new = _run(rule.transform, rule.using, original, span.phi_type, ctx)
        gap = text[cursor : span.start]
        pieces.append(gap)
        pieces.append(new)
        out_start = out_len + len(gap)
        out_len = out_start + len(new)
        if new:
            out_span = Span(out_start, out_len, span.phi_type, span.score, span.source)
            replacements.append(Replacement(out_span, rule.action, new, original))
        cursor = span.end
    pieces.append(text[cursor:])
    return "".join(pieces), replacements


def _run(transform, using: str, value: str, phi_type: PhiType, ctx: SurrogateContext) -> str:
    try:
        out = transform(value, phi_type, ctx)
    except Exception as exc:  # any failure of a plug-in refuses the text; the value is never reported
        raise DeidentificationError(
            f"transform {using} failed on a {phi_type.value} span ({exc.__class__.__name__})"
        ) from None
    if not isinstance(out, str):
        raise DeidentificationError(f"transform {using} returned {type(out).__name__}, not text")
    return out
