"""The charts of the HTML report as PNG bytes: class sizes, prosecutor risk bands, before and after.

matplotlib is the ``report`` extra; it is imported only here, when a chart is drawn, with the Agg backend.
Charts show counts and shares only.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from eval.risk.measures import RiskProfile
from phideid.errors import InputError

#: class-size buckets of the distribution chart: (label, smallest size, largest size)
SIZE_BUCKETS = (
    ("1", 1, 1), ("2", 2, 2), ("3", 3, 3), ("4", 4, 4), ("5-9", 5, 9), ("10-19", 10, 19),
    ("20-49", 20, 49), ("50-99", 50, 99), ("100+", 100, None),
)  # fmt: skip
BEFORE, AFTER = "#c0504d", "#4f81bd"


def pyplot():
    try:
        import matplotlib
    except ImportError:
        raise InputError(
            "the HTML report draws charts with matplotlib: pip install 'phideid[report]'"
        ) from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def size_buckets(profile: RiskProfile) -> list[int]:
    """Records per ``SIZE_BUCKETS`` bucket."""
    out = []
    for _, low, high in SIZE_BUCKETS:
        out.append(
            sum(c.records for c in profile.class_sizes if c.size >= low and (high is None or c.size <= high))
        )
    return out


def _bars(
    title: str,
    ylabel: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, str, Sequence[float]]],
    *,
    percent: bool = False,
    line: tuple[str, float] | None = None,
) -> bytes:
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(8.5, 3.6), dpi=100)
    width = 0.8 / max(len(series), 1)
    for i, (name, color, values) in enumerate(series):
        xs = [x + (i - (len(series) - 1) / 2) * width for x in range(len(labels))]
        ax.bar(xs, values, width=width, label=name, color=color)
    ax.set_xticks(range(len(labels)))
    ax.set_xticklabels(labels, fontsize=8)
    ax.set_title(title, fontsize=11)
    ax.set_ylabel(ylabel)
    if percent:
        ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.grid(axis="y", alpha=0.3)
    if line is not None:
        ax.axhline(line[1], color="#555", linestyle="--", linewidth=1, label=line[0])
    if len(series) > 1 or line is not None:
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()


def _series(before: RiskProfile, after: RiskProfile | None, get) -> list[tuple[str, str, Sequence[float]]]:
    series = [("as released", BEFORE, get(before))]
    if after is not None:
        series.append(("suggested", AFTER, get(after)))
    return series


def class_size_chart(before: RiskProfile, after: RiskProfile | None) -> bytes:
    return _bars(
        "Records by equivalence class size",
        "records",
        [b[0] for b in SIZE_BUCKETS],
        _series(before, after, size_buckets),
    )


def risk_band_chart(before: RiskProfile, after: RiskProfile | None) -> bytes:
    return _bars(
        "Share of records by prosecutor re-identification risk",
        "share of records",
        [b.label for b in before.prosecutor_bands],
        _series(before, after, lambda p: [float(b.share) for b in p.prosecutor_bands]),
        percent=True,
    )


COMPARED = (
    ("prosecutor\nhighest", lambda p: p.prosecutor.highest),
    ("prosecutor\naverage", lambda p: p.prosecutor.average),
    ("records\nat risk", lambda p: p.prosecutor.share_at_risk),
    ("journalist\nhighest", lambda p: p.journalist.highest),
    ("marketer", lambda p: p.marketer),
)


def comparison_chart(before: RiskProfile, after: RiskProfile | None, threshold: float | None = None) -> bytes:
    return _bars(
        "Risk before and after the suggested generalization",
        "risk / share",
        [name for name, _ in COMPARED],
        _series(before, after, lambda p: [float(get(p)) for _, get in COMPARED]),
        percent=True,
        line=None if threshold is None else (f"threshold {threshold:.0%}", threshold),
    )
