"""``phideid audit``: query the audit trail, verify its chain, or export it as FHIR AuditEvents.

Reading the trail is an administrator's act on the machine that holds it (file permissions or database
grants decide who can); over HTTP it needs the ``admin`` role (``GET /audit``).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime, timedelta

from phideid.audit.event import ACTIONS, CHANNELS, OUTCOMES, AuditEvent
from phideid.audit.fhir import audit_bundle
from phideid.audit.trail import AuditQuery
from phideid.errors import InputError


def parse_when(text: str) -> datetime:
    """An ISO date or date-time (UTC when no zone is given), or a span back from now: ``30m``, ``12h``,
    ``7d``."""
    text = text.strip()
    units = {"m": "minutes", "h": "hours", "d": "days"}
    if text[-1:] in units and text[:-1].isdigit():
        return datetime.now(UTC) - timedelta(**{units[text[-1]]: int(text[:-1])})
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise InputError(f"not a date, date-time or span (7d, 12h, 30m): {text[:40]!r}") from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="phideid audit", description="Query the audit trail (counts, names and versions; never PHI).")
    parser.add_argument("--config", help="engine config YAML (its audit_url); default: $PHIDEID_AUDIT_URL "
                        "or $PHIDEID_HOME/audit.jsonl")
    parser.add_argument("--since", type=parse_when, help="from this time (ISO date/time; or 7d, 12h, 30m)")
    parser.add_argument("--until", type=parse_when, help="before this time")
    parser.add_argument("--actor", help="only this actor (key:ID, user:NAME, stream:GROUP)")
    parser.add_argument("--action", choices=ACTIONS)
    parser.add_argument("--outcome", choices=OUTCOMES)
    parser.add_argument("--channel", choices=CHANNELS)
    parser.add_argument("--limit", type=int, default=50, help="newest first, at most this many (default 50)")
    parser.add_argument("--format", choices=("table", "json", "fhir"), default="table",
                        help="table; json: one record per line; fhir: a Bundle of FHIR R4 AuditEvents")
    parser.add_argument("--verify", action="store_true",
                        help="check the chain of every record instead: exit 1 if one was altered or removed")
    return parser


def main(argv: list[str]) -> int:
    from phideid.compose import build_audit_trail
    from phideid.config import load_config

    args = _parser().parse_args(argv)
    if args.limit < 1:
        raise InputError("--limit must be at least 1")
    trail = build_audit_trail(load_config(args.config))
    try:
        if args.verify:
            result = trail.verify()
            if result.ok:
                print(f"audit trail {trail.location}: {result.records} record(s), chain intact")
                return 0
            print(f"audit trail {trail.location}: record {result.broken_at} of {result.records}: "
                  f"{result.problem}", file=sys.stderr)
            return 1
        events = trail.query(AuditQuery(since=args.since, until=args.until, actor=args.actor,
                                        action=args.action, outcome=args.outcome, channel=args.channel,
                                        limit=args.limit))
    finally:
        trail.close()
    if args.format == "json":
        for event in events:
            print(event.to_json())
    elif args.format == "fhir":
        print(json.dumps(audit_bundle(events), indent=2))
    else:
        _table(events)
    return 0


def _table(events: list[AuditEvent]) -> None:
    print("time (UTC)           channel  actor                    action        outcome  docs failed "
          "PHI found                        policy / reason")
    for e in events:
        phi = ",".join(f"{name}:{n}" for name, n in sorted(e.phi.items(), key=lambda kv: -kv[1])[:4])
        if len(e.phi) > 4:
            phi += ",..."
        tail = e.policy if e.action != "reidentify" else f"{e.reason} -> {e.results} disclosed"
        print(f"{e.at.astimezone(UTC):%Y-%m-%d %H:%M:%S}  {e.channel:7}  {e.actor[:24]:24} {e.action:13} "
              f"{e.outcome:8} {e.documents:4} {e.failed:6} {phi[:32]:32} {tail}")


__all__ = ["main", "parse_when"]
