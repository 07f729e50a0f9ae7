"""The risk report as a JSON document, and the short text summary printed without ``--json``/``--html``.

Both carry counts, class sizes, shares, risks and the names of ladder levels; never a record's values.
Shares and risks are rounded to 6 decimal places.
"""

from __future__ import annotations

from fractions import Fraction

from eval.risk.analysis import Analysis, Suggestion
from eval.risk.measures import AttackerRisk, RiskProfile

REPORT_VERSION = 1
SAMPLE_AS_POPULATION = (
    "no population table was given: the sample is taken as the population (as ARX does), so journalist "
    "risk equals prosecutor risk and marketer risk is classes/records"
)


def _num(value: Fraction | float) -> float:
    return round(float(value), 6)


def _attacker(risk: AttackerRisk) -> dict:
    return {
        "highest": _num(risk.highest),
        "average": _num(risk.average),
        "records_at_risk": risk.records_at_risk,
        "share_at_risk": _num(risk.share_at_risk),
    }


def profile_json(profile: RiskProfile) -> dict:
    """The figures of one release (see ``eval.risk.measures``)."""
    return {
        "records": profile.records,
        "classes": profile.classes,
        "k": profile.k,
        "class_sizes": [
            {"size": c.size, "classes": c.classes, "records": c.records} for c in profile.class_sizes
        ],
        "l_diversity": None
        if profile.l_distinct is None
        else {
            "distinct": profile.l_distinct,
            "entropy": _num(profile.l_entropy or 0.0),
        },
        "prosecutor": _attacker(profile.prosecutor),
        "journalist": _attacker(profile.journalist),
        "marketer": _num(profile.marketer),
        "population_records": profile.population_records,
        "population_classes_raised": profile.population_raised,
        "prosecutor_risk_bands": [
            {"band": b.label, "records": b.records, "share": _num(b.share)} for b in profile.prosecutor_bands
        ],
    }


def _suggestion_json(analysis: Analysis, rank: int, suggestion: Suggestion) -> dict:
    c = suggestion.candidate
    qis = analysis.settings.quasi_identifiers
    n = analysis.original.records
    return {
        "rank": rank,
        "levels": dict(zip(qis, suggestion.level_names, strict=True)),
        "level_numbers": dict(zip(qis, c.levels, strict=True)),
        "records_suppressed": c.suppressed,
        "share_suppressed": _num(Fraction(c.suppressed, n)),
        "share_values_generalized": _num(c.generalized),
        "share_values_generalized_per_qi": {
            q: _num(v) for q, v in zip(qis, c.generalized_per_qi, strict=True)
        },
        "information_loss": _num(c.loss),
        "information_loss_per_qi": {q: _num(v) for q, v in zip(qis, c.loss_per_qi, strict=True)},
        "generalization_intensity": _num(c.intensity),
        "risk": profile_json(suggestion.profile),
    }


def report_json(analysis: Analysis) -> dict:
    """The whole report as plain JSON-ready data."""
    s = analysis.settings
    notes = []
    if analysis.population_records is None:
        notes.append(SAMPLE_AS_POPULATION)
    if not analysis.suggestions:
        notes.append(
            f"no generalization reaches k={s.k} with at most {_num(s.max_suppression)} of the records "
            "suppressed: allow more suppression, lower k, or name fewer quasi-identifiers"
        )
    if analysis.original.population_raised:
        notes.append(
            f"{analysis.original.population_raised} class(es) held more records in the sample than in the "
            "population; their population size was raised to the sample's (the population should contain "
            "the sample)"
        )
    return {
        "report": "phideid risk",
        "version": REPORT_VERSION,
        "input": {
            "format": analysis.input_format,
            "files": analysis.files,
            "records": analysis.original.records,
        },
        "quasi_identifiers": list(s.quasi_identifiers),
        "sensitive": s.sensitive,
        "settings": {
            "threshold": _num(s.threshold),
            "k": s.k,
            "max_suppression": _num(s.max_suppression),
        },
        "population": {
            "given": analysis.population_records is not None,
            "records": analysis.population_records,
        },
        "ladders": {
            q: {"kind": ladder.kind, "levels": list(ladder.levels)}
            for q, ladder in zip(s.quasi_identifiers, analysis.ladders, strict=True)
        },
        "original": profile_json(analysis.original),
        "lattice": {"nodes": analysis.lattice_nodes, "nodes_reaching_k": analysis.nodes_reaching_k},
        "information_loss_measure": "non-uniform entropy (ARX), normalized per quasi-identifier, averaged",
        "suggestions": [_suggestion_json(analysis, i, sug) for i, sug in enumerate(analysis.suggestions, 1)],
        "notes": notes,
    }


def _pct(value: Fraction | float) -> str:
    return f"{float(value) * 100:.1f}%"


def summary_text(analysis: Analysis) -> str:
    """A few lines for a terminal."""
    s, o = analysis.settings, analysis.original
    lines = [
        f"records: {o.records} ({analysis.input_format}, {analysis.files} file(s)); "
        f"quasi-identifiers: {', '.join(s.quasi_identifiers)}",
        f"as released: {o.classes} classes, k={o.k}"
        + (f", distinct l={o.l_distinct}, entropy l={o.l_entropy:.2f}" if o.l_distinct is not None else ""),
        f"  prosecutor risk: highest {_pct(o.prosecutor.highest)}, average {_pct(o.prosecutor.average)}, "
        f"records above {_pct(s.threshold)}: {o.prosecutor.records_at_risk} "
        f"({_pct(o.prosecutor.share_at_risk)})",
        f"  journalist risk: highest {_pct(o.journalist.highest)}, average {_pct(o.journalist.average)}; "
        f"marketer risk: {_pct(o.marketer)}",
    ]
    if analysis.population_records is None:
        lines.append("  (no --population: the sample is taken as the population)")
    if not analysis.suggestions:
        lines.append(f"no generalization reaches k={s.k} within {_pct(s.max_suppression)} suppression")
    for rank, sug in enumerate(analysis.suggestions, 1):
        c, p = sug.candidate, sug.profile
        levels = ", ".join(f"{q}: {n}" for q, n in zip(s.quasi_identifiers, sug.level_names, strict=True))
        lines.append(
            f"{'suggested' if rank == 1 else 'alternative'} (k={s.k}): {levels}; suppressed {c.suppressed} "
            f"({_pct(Fraction(c.suppressed, o.records))}), loss {c.loss:.3f}; then k={p.k}, "
            f"prosecutor highest {_pct(p.prosecutor.highest)}, average {_pct(p.prosecutor.average)}"
        )
    return "\n".join(lines) + "\n"
