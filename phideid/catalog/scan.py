"""The catalog builder: records in, one ``FieldReport`` per field out.

``Cataloger.add`` takes one file's records and counts, per (format, field): the records it occurs in,
its values, its distinct values (as keyed digests: the values themselves are kept only for the most
common ones, which the detectors read), its shapes, the rules the handler gave it, the PHI types its rules
and column name say it holds, and the identifying values of the same record it repeats. ``report`` runs
the detectors once over the most common distinct values of every field that has no PHI meaning by rule,
then classifies each field and says what the policy does to it.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from dataclasses import dataclass, field

from phideid.catalog import coverage
from phideid.catalog.classify import (
    CONTENT,
    NAME,
    REPEATS,
    RULE,
    ContentDetector,
    Repeats,
    hint,
    is_phi,
    over_89,
)
from phideid.catalog.fields import FieldRule, Record, Treatment
from phideid.catalog.report import CatalogReport, Category, FieldReport
from phideid.catalog.shapes import shape
from phideid.policy import Policy
from phideid.types import PhiType

MAX_SAMPLE = 200  # distinct values remembered per field (the most common are scanned)
MAX_SCANNED = 50  # distinct values per field the detectors read
HINT_FORMATS = frozenset({"csv", "jsonl"})


@dataclass
class _Field:
    records: int = 0
    values: int = 0
    digests: set[bytes] = field(default_factory=set)
    sample: Counter[str] = field(default_factory=Counter)
    sample_rules: dict[str, set[FieldRule]] = field(default_factory=dict)
    shapes: Counter[str] = field(default_factory=Counter)
    rules: Counter[FieldRule] = field(default_factory=Counter)
    #: per rule the values had: type -> evidence -> values (a field may be kept in one record and
    #: replaced in another: an HL7 authority code is kept, a name with spaces replaced)
    found: dict[FieldRule, dict[PhiType, Counter[str]]] = field(default_factory=dict)

    def saw(self, rule: FieldRule, phi: PhiType, evidence: str, count: int = 1) -> None:
        self.found.setdefault(rule, {}).setdefault(phi, Counter())[evidence] += count

    def evidence(self) -> dict[PhiType, Counter[str]]:
        """Per type, evidence kind -> values, over every rule."""
        out: dict[PhiType, Counter[str]] = {}
        for per_type in self.found.values():
            for phi, counts in per_type.items():
                out.setdefault(phi, Counter()).update(counts)
        return out


class Cataloger:
    def __init__(self, detector: ContentDetector, policy: Policy, *, max_scanned: int = MAX_SCANNED) -> None:
        self.detector = detector
        self.policy = policy
        self.max_scanned = max_scanned
        self.fields: dict[tuple[str, str], _Field] = {}
        self.report_data = CatalogReport([], policy=policy.name, detectors=detector.names)
        self._started = time.perf_counter()

    def add(self, fmt: str, records: list[Record]) -> None:
        self.report_data.files[fmt] += 1
        self.report_data.records[fmt] += len(records)
        for record in records:
            self._add_record(fmt, record)

    def _add_record(self, fmt: str, record: Record) -> None:
        identifying: dict[int, PhiType] = {}
        for i, leaf in enumerate(record):
            phi = leaf.rule.phi_type
            if phi is None and fmt in HINT_FORMATS:
                phi = hint(leaf.path)
                if phi is PhiType.AGE and not over_89(leaf.value):
                    phi = None
            if phi is not None and is_phi(phi):
                identifying[i] = phi
        repeats = Repeats.of(record, identifying)
        seen: set[str] = set()
        for i, leaf in enumerate(record):
            entry = self.fields.get((fmt, leaf.path))
            if entry is None:
                entry = self.fields[(fmt, leaf.path)] = _Field()
            if leaf.path not in seen:
                seen.add(leaf.path)
                entry.records += 1
            entry.values += 1
            entry.digests.add(hashlib.blake2b(leaf.value.encode("utf-8", "replace"), digest_size=12).digest())
            if leaf.value in entry.sample or len(entry.sample) < MAX_SAMPLE:
                entry.sample[leaf.value] += 1
                entry.sample_rules.setdefault(leaf.value, set()).add(leaf.rule)
            entry.shapes[shape(leaf.value)] += 1
            entry.rules[leaf.rule] += 1
            if i in identifying:
                entry.saw(leaf.rule, identifying[i], RULE if leaf.rule.phi_type is not None else NAME)
            else:
                for phi in repeats.find(leaf.value):
                    entry.saw(leaf.rule, phi, REPEATS)

    def _scan(self) -> None:
        """The detectors over the most common values of every field without a PHI meaning by rule."""
        wanted: dict[str, list[tuple[_Field, int]]] = {}
        for entry in self.fields.values():
            if any(r.phi_type is not None and is_phi(r.phi_type) for r in entry.rules):
                continue
            if all(r.routing for r in entry.rules):
                continue
            for value, count in entry.sample.most_common(self.max_scanned):
                wanted.setdefault(value, []).append((entry, count))
        texts = list(wanted)
        free = [
            any(r.treatment is Treatment.SCAN for e, _ in wanted[t] for r in e.sample_rules[t]) for t in texts
        ]
        for text, types in zip(texts, self.detector.types(texts, free), strict=True):
            for entry, count in wanted[text]:
                rules = entry.sample_rules[text]
                for phi in types:
                    for rule in rules:  # the count goes to one rule only: it counts values, not rules
                        entry.saw(rule, phi, CONTENT, count if rule is next(iter(rules)) else 0)

    def report(self) -> CatalogReport:
        self._scan()
        out = self.report_data
        out.fields = [self._field_report(fmt, path, e) for (fmt, path), e in sorted(self.fields.items())]
        out.seconds = time.perf_counter() - self._started
        return out

    def _field_report(self, fmt: str, path: str, entry: _Field) -> FieldReport:
        by_identifier: dict[str, dict[str, object]] = {}
        for phi, evidence in entry.evidence().items():
            if not is_phi(phi):
                continue
            item = by_identifier.setdefault(str(phi.hipaa), {"types": Counter(), "evidence": set()})
            item["types"][phi.value] += max(evidence.values())  # type: ignore[index]
            item["evidence"] |= set(evidence)  # type: ignore[operator]
        categories = tuple(
            Category(ident, min(sum(item["types"].values()), entry.values), dict(item["types"]),  # type: ignore[union-attr, arg-type]
                     tuple(sorted(item["evidence"], key=[RULE, NAME, CONTENT, REPEATS].index)))  # type: ignore[arg-type]
            for ident, item in sorted(by_identifier.items())
        )
        actions = tuple(dict.fromkeys(coverage.action(r, self.policy) for r, _ in entry.rules.most_common()))
        uncovered = any(
            coverage.passes_phi(r, self.policy, {t: set(ev) for t, ev in found.items()})
            for r, found in entry.found.items()
        )
        by_rule = any(r.phi_type is not None and is_phi(r.phi_type) for r in entry.rules)
        routing = all(r.routing for r in entry.rules)
        scanned = 0 if by_rule or routing else min(len(entry.sample), self.max_scanned)
        return FieldReport(
            fmt, path, entry.records, entry.values, len(entry.digests), categories,
            tuple(entry.shapes.most_common(3)), actions, uncovered, scanned,
        )
