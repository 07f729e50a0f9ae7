"""The catalog as data (``CatalogReport``), as a text table, and as JSON. Shapes and counts only.

Columns of the table, one row per field, grouped by format: the field, the records it occurs in, its
non-empty and distinct values, the HIPAA identifiers it holds (with the count of values and the evidence:
``rule``, ``content``, ``name``, ``repeats``), its three most common masked shapes, what the policy does
to it, and ``UNCOVERED`` when it holds PHI that the policy would pass through unchanged.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Category:
    """One HIPAA identifier a field holds: ``A.names``, with the values counted and who said so."""

    identifier: str
    count: int
    types: dict[str, int]
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class FieldReport:
    format: str
    path: str
    records: int
    values: int
    distinct: int
    categories: tuple[Category, ...]
    shapes: tuple[tuple[str, int], ...]
    actions: tuple[str, ...]
    uncovered: bool
    scanned: int = 0  # distinct values the detectors read (the most common ones)

    @property
    def phi(self) -> bool:
        return bool(self.categories)


@dataclass
class CatalogReport:
    fields: list[FieldReport]
    files: Counter[str] = field(default_factory=Counter)  # per format
    records: Counter[str] = field(default_factory=Counter)
    unreadable: Counter[str] = field(default_factory=Counter)  # per format ("unknown" when unread)
    skipped: int = 0
    policy: str = ""
    detectors: tuple[str, ...] = ()
    seconds: float = 0.0

    @property
    def phi_fields(self) -> list[FieldReport]:
        return [f for f in self.fields if f.phi]

    @property
    def uncovered(self) -> list[FieldReport]:
        return [f for f in self.fields if f.uncovered]

    def summary(self) -> str:
        files = sum(self.files.values())
        extra = []
        if self.skipped:
            extra.append(f"{self.skipped} skipped (not a supported format)")
        if self.unreadable:
            extra.append(f"{sum(self.unreadable.values())} unreadable")
        more = f" ({', '.join(extra)})" if extra else ""
        return (
            f"{files} files{more}, {len(self.fields)} fields: {len(self.phi_fields)} hold PHI, "
            f"{len(self.uncovered)} UNCOVERED (policy {self.policy}; detectors {', '.join(self.detectors)})"
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "policy": self.policy,
            "detectors": list(self.detectors),
            "files": dict(self.files),
            "records": dict(self.records),
            "unreadable": dict(self.unreadable),
            "skipped": self.skipped,
            "seconds": round(self.seconds, 2),
            "phi_fields": len(self.phi_fields),
            "uncovered_fields": len(self.uncovered),
            "fields": [_field_dict(f) for f in self.fields],
        }


def _field_dict(f: FieldReport) -> dict[str, object]:
    out = asdict(f)
    out["phi"] = f.phi
    out["categories"] = [asdict(c) | {"evidence": list(c.evidence)} for c in f.categories]
    out["shapes"] = [{"shape": s, "count": n} for s, n in f.shapes]
    out["actions"] = list(f.actions)
    return out


HEADERS = ("field", "records", "values", "distinct", "categories", "shapes", "policy action", "flag")


def render_text(report: CatalogReport, *, phi_only: bool = False) -> str:
    """The table, one block per format, then the summary line."""
    lines: list[str] = []
    for fmt in sorted({f.format for f in report.fields}):
        rows = [f for f in report.fields if f.format == fmt and (f.phi or not phi_only)]
        if not rows:
            continue
        lines.append(f"== {fmt}: {report.files[fmt]} files, {report.records[fmt]} records ==")
        cells = [HEADERS] + [_cells(f) for f in rows]
        widths = [min(max(len(c[i]) for c in cells), 60) for i in range(len(HEADERS))]
        for row in cells:
            lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        lines.append("")
    lines.append(report.summary())
    return "\n".join(lines) + "\n"


def _cells(f: FieldReport) -> tuple[str, ...]:
    categories = ", ".join(f"{c.identifier} {c.count} ({'+'.join(c.evidence)})" for c in f.categories) or "-"
    shapes = ", ".join(f"{s} x{n}" for s, n in f.shapes) or "-"
    return (
        f.path, str(f.records), str(f.values), str(f.distinct), categories, shapes, "; ".join(f.actions),
        "UNCOVERED" if f.uncovered else "",
    )
