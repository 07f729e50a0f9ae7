"""The HTML risk report: one self-contained file (styles inline, charts as base64 PNG data URIs).

At the top a summary table, as released and after the suggested generalization, each figure coloured as
a traffic light against the settings; then the suggestions, the ladders, the charts and how to read them.
Like the JSON it shows counts, shares, risks and level names only.
"""

from __future__ import annotations

import base64
from fractions import Fraction
from html import escape

from eval.risk import plots
from eval.risk.analysis import Analysis
from eval.risk.measures import RiskProfile
from eval.risk.report import SAMPLE_AS_POPULATION

GOOD, WARN, BAD = "good", "warn", "bad"

_STYLE = """
body { font-family: system-ui, -apple-system, Segoe UI, sans-serif; margin: 2em auto; max-width: 980px;
       color: #222; line-height: 1.4; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; margin: 0.6em 0; } th, td { padding: 4px 10px; border: 1px solid #ddd; }
th { background: #f3f3f3; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.good { background: #d9f2d9; } td.warn { background: #fff0c2; } td.bad { background: #f8d0d0; }
.legend span { padding: 2px 8px; margin-right: 6px; border-radius: 3px; }
.note { color: #555; font-size: 0.92em; } img { max-width: 100%; display: block; margin: 0.8em 0; }
"""


def _pct(value: Fraction | float) -> str:
    return f"{float(value) * 100:.2f}%"


def _png(data: bytes, alt: str) -> str:
    return f'<img alt="{escape(alt)}" src="data:image/png;base64,{base64.b64encode(data).decode("ascii")}">'


def _rows(analysis: Analysis, after: RiskProfile | None) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(measure, target, [(text, light) for as released, suggested])."""
    s = analysis.settings
    t = s.threshold

    def k_light(p: RiskProfile) -> str:
        return GOOD if p.k >= s.k else WARN if p.k >= 2 else BAD

    def highest(r: Fraction) -> str:
        return GOOD if r <= t else WARN if r < 1 else BAD

    def at_risk(share: Fraction) -> str:
        return GOOD if share == 0 else WARN if share <= s.max_suppression else BAD

    def below(r: Fraction) -> str:
        return GOOD if r <= t else BAD

    measures = [
        ("records", "", lambda p: (str(p.records), "")),
        ("equivalence classes", "", lambda p: (str(p.classes), "")),
        ("k-anonymity (smallest class)", f"&ge; {s.k}", lambda p: (str(p.k), k_light(p))),
    ]
    if s.sensitive:
        measures += [
            (
                "distinct l-diversity",
                "&ge; 2",
                lambda p: (str(p.l_distinct), GOOD if (p.l_distinct or 0) >= 2 else BAD),
            ),
            (
                "entropy l-diversity",
                "&ge; 2",
                lambda p: (f"{p.l_entropy:.3f}", GOOD if (p.l_entropy or 0) >= 2 - 1e-9 else BAD),
            ),
        ]
    for model in ("prosecutor", "journalist"):
        measures += _attacker_rows(model, t, highest, below, at_risk)
    measures += [
        ("marketer risk", f"&le; {_pct(t)}", lambda p: (_pct(p.marketer), below(p.marketer))),
    ]
    rows = []
    for name, target, get in measures:
        cells = [get(analysis.original)] + ([get(after)] if after is not None else [("no suggestion", BAD)])
        rows.append((name, target, cells))
    return rows


def _attacker_rows(model: str, t: Fraction, highest, below, at_risk) -> list:
    """The three rows of one attacker model (highest, average, records at risk)."""

    def risk(p: RiskProfile):
        return getattr(p, model)

    return [
        (f"{model} risk, highest", f"&le; {_pct(t)}",
         lambda p: (_pct(risk(p).highest), highest(risk(p).highest))),
        (f"{model} risk, average", f"&le; {_pct(t)}",
         lambda p: (_pct(risk(p).average), below(risk(p).average))),
        (f"records at risk ({model} &gt; {_pct(t)})", "0",
         lambda p: (f"{risk(p).records_at_risk} ({_pct(risk(p).share_at_risk)})",
                    at_risk(risk(p).share_at_risk))),
    ]


def report_html(analysis: Analysis) -> str:
    """The whole report as one HTML page (draws the charts: needs the ``report`` extra)."""
    s = analysis.settings
    best = analysis.suggestions[0] if analysis.suggestions else None
    after = best.profile if best else None
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8"><title>Re-identification risk report</title>',
        f"<style>{_STYLE}</style></head><body>",
        "<h1>Re-identification risk report</h1>",
        f'<p class="note">{analysis.original.records} records ({escape(analysis.input_format)}, '
        f"{analysis.files} file(s)); quasi-identifiers: <b>{escape(', '.join(s.quasi_identifiers))}</b>"
        + (f"; sensitive attribute: <b>{escape(s.sensitive)}</b>" if s.sensitive else "")
        + f"; risk threshold {_pct(s.threshold)}, target k={s.k}, "
        + f"suppression at most {_pct(s.max_suppression)}."
        + "</p>",
    ]
    if analysis.population_records is None:
        out.append(f'<p class="note">{escape(SAMPLE_AS_POPULATION)}.</p>')
    else:
        out.append(f'<p class="note">Population table: {analysis.population_records} records.</p>')
    out += [
        "<h2>Summary</h2>",
        '<p class="legend"><span style="background:#d9f2d9">meets the target</span>'
        '<span style="background:#fff0c2">close</span><span style="background:#f8d0d0">fails</span></p>',
        "<table><tr><th>measure</th><th>target</th><th>as released</th>"
        "<th>suggested generalization</th></tr>",
    ]
    for name, target, cells in _rows(analysis, after):
        tds = "".join(f'<td class="num {light}">{escape(text)}</td>' for text, light in cells)
        out.append(f"<tr><td>{name}</td><td>{target}</td>{tds}</tr>")
    out.append("</table>")
    out.append("<h2>Suggested generalizations</h2>")
    if not analysis.suggestions:
        out.append(
            f"<p><b>No generalization reaches k={s.k}</b> with at most {_pct(s.max_suppression)} "
            "of the records "
            "suppressed. Allow more suppression, lower k, or name fewer quasi-identifiers.</p>"
        )
    else:
        head = "".join(f"<th>{escape(q)}</th>" for q in s.quasi_identifiers)
        out.append(
            f"<table><tr><th></th>{head}<th>records suppressed</th><th>values generalized</th>"
            "<th>information loss</th><th>k after</th><th>prosecutor highest after</th></tr>"
        )
        n = analysis.original.records
        for rank, sug in enumerate(analysis.suggestions, 1):
            c = sug.candidate
            levels = "".join(f"<td>{escape(name)}</td>" for name in sug.level_names)
            out.append(
                f"<tr><td>{'best' if rank == 1 else f'alternative {rank - 1}'}</td>{levels}"
                f'<td class="num">{c.suppressed} ({_pct(Fraction(c.suppressed, n))})</td>'
                f'<td class="num">{_pct(c.generalized)}</td><td class="num">{c.loss:.3f}</td>'
                f'<td class="num">{sug.profile.k}</td>'
                f'<td class="num">{_pct(sug.profile.prosecutor.highest)}</td></tr>'
            )
        out.append("</table>")
        out.append(
            f'<p class="note">Searched {analysis.lattice_nodes} combinations of levels; '
            f"{analysis.nodes_reaching_k} reach k={s.k} within the suppression limit. "
            "Information loss is ARX's "
            "non-uniform entropy, normalized per quasi-identifier (0: unchanged, 1: all removed) and "
            "averaged.</p>"
        )
    out.append(
        "<h2>Generalization ladders</h2><table><tr><th>quasi-identifier</th><th>kind</th><th>levels</th></tr>"
    )
    for q, ladder in zip(s.quasi_identifiers, analysis.ladders, strict=True):
        out.append(
            f"<tr><td>{escape(q)}</td><td>{escape(ladder.kind)}</td>"
            f"<td>{escape(' → '.join(ladder.levels))}</td></tr>"
        )
    out.append("</table>")
    out += [
        "<h2>Charts</h2>",
        _png(plots.class_size_chart(analysis.original, after), "records by equivalence class size"),
        '<p class="note">How many records sit in classes of each size: records in classes of 1 are unique '
        "on the quasi-identifiers; classes smaller than k are what the suggestion generalizes or "
        "suppresses.</p>",
        _png(plots.risk_band_chart(analysis.original, after), "share of records by prosecutor risk"),
        '<p class="note">Prosecutor risk of a record is 1 / its class size: an attacker who knows the person '
        "is in the data and knows their quasi-identifiers picks one record of the class.</p>",
        _png(plots.comparison_chart(analysis.original, after, float(s.threshold)), "risk before and after"),
        "<h2>How to read this</h2><ul>",
        "<li><b>k-anonymity</b>: every combination of quasi-identifier values is shared by at least k "
        "records.</li>",
        "<li><b>l-diversity</b>: within each class there are at least l distinct sensitive values (entropy "
        "l: the values are also evenly spread).</li>",
        "<li><b>Prosecutor</b> risk assumes the attacker knows the person is in the data; <b>journalist</b> "
        "risk that the person is in a larger population table; <b>marketer</b> risk is the expected share "
        "of all records re-identified when an attacker matches every record.</li>",
        "<li>The suggested release applies the levels above and removes the records of classes still "
        "smaller than k (written with <code>--generalized</code>).</li></ul>",
        "</body></html>",
    ]
    return "\n".join(out) + "\n"
