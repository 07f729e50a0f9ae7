"""Resource ids and references replaced by keyed tokens, consistently, so every link still resolves.

- ``Resource.id``: a UUID-shaped id becomes a UUID-shaped token of the id alone (so ``urn:uuid:X`` and a
  resource whose id is ``X`` stay together); any other id a 16-hex-digit token of (type, id). Contained
  resources' ids are local: a token of the id alone, as ``#id`` references carry no type.
- References: ``Type/id[/_history/v]``, ``urn:uuid:X``, ``urn:oid:X`` (a keyed ``2.25.`` OID), ``#id``,
  absolute ``base/Type/id`` (the base becomes ``https://phideid.invalid/<token of base>``, alike for every
  reference to it) and conditional ``Type?identifier=system|value`` (mapped like the Identifier itself).
  Anything else is not resolvable and becomes an opaque token.

Tokens come from ``FieldContext.token``: keyed by the vault under a linkable policy (the same id maps
alike in every payload), by a per-payload key otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import parse_qsl, quote, urlencode

from phideid.formats.base import FieldContext

UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_TYPE = r"[A-Z][A-Za-z]{1,63}"
_ID = r"[A-Za-z0-9\-.]{1,64}"
RELATIVE = re.compile(rf"(?P<type>{_TYPE})/(?P<id>{_ID})(?P<history>/_history/{_ID})?")
ABSOLUTE = re.compile(rf"(?P<base>https?://\S+?)/(?P<rel>{_TYPE}/{_ID}(?:/_history/{_ID})?)")
CONDITIONAL = re.compile(rf"(?P<type>{_TYPE})\?(?P<query>.*)")
RESOURCE_TYPE = re.compile(_TYPE)
INVALID_BASE = "https://phideid.invalid/"

#: maps an identifier (system, value) to its pseudonymized (system, value)
IdentifierMap = Callable[[str | None, str], tuple[str | None, str]]


def target_type(reference: str, fulls: dict[str, str]) -> str | None:
    """The resource type a reference points at: from its form, or from the bundle's fullUrls."""
    if reference in fulls:
        return fulls[reference]
    m = RELATIVE.fullmatch(reference) or CONDITIONAL.fullmatch(reference)
    if m:
        return m.group("type")
    m = ABSOLUTE.fullmatch(reference)
    if m:
        return m.group("rel").split("/", 1)[0]
    return None


class ReferenceMapper:
    """Tokens for ids and references of one payload (cached: bundles repeat the same references)."""

    def __init__(self, fields: FieldContext, identifier: IdentifierMap) -> None:
        self.fields = fields
        self.identifier = identifier
        self._cache: dict[str, str] = {}

    def uuid(self, value: str) -> str:
        """A version-4-shaped UUID keyed from ``value`` (lower-cased: UUIDs compare case-insensitively)."""
        h = list(self.fields.token("uuid", value.lower(), length=32))
        h[12] = "4"
        h[16] = "89ab"[int(h[16], 16) % 4]
        s = "".join(h)
        return f"{s[:8]}-{s[8:12]}-{s[12:16]}-{s[16:20]}-{s[20:]}"

    def resource_id(self, resource_type: str, value: str, *, contained: bool = False) -> str:
        if contained:
            return self.fields.token("contained", value)
        if UUID.fullmatch(value):
            return self.uuid(value)
        return self.fields.token("id", resource_type, value)

    def reference(self, ref: str) -> str:
        if ref not in self._cache:
            self._cache[ref] = self._reference(ref)
        return self._cache[ref]

    def _reference(self, ref: str) -> str:
        if ref == "#":  # the container itself
            return ref
        if ref.startswith("#"):
            return "#" + self.fields.token("contained", ref[1:])
        if ref[:9].lower() == "urn:uuid:":
            return ref[:9] + self.uuid(ref[9:])
        if ref[:8].lower() == "urn:oid:":
            return ref[:8] + self.fields.uid(ref[8:])
        if RESOURCE_TYPE.fullmatch(ref):  # a bare type, as in a transaction's POST url
            return ref
        m = RELATIVE.fullmatch(ref)
        if m:
            return self._relative(m)
        m = ABSOLUTE.fullmatch(ref)
        if m:
            rel = RELATIVE.fullmatch(m.group("rel"))
            assert rel is not None  # ABSOLUTE's rel group is a RELATIVE reference
            base = INVALID_BASE + self.fields.token("base", m.group("base").rstrip("/"))
            return f"{base}/{self._relative(rel)}"
        m = CONDITIONAL.fullmatch(ref)
        if m:
            return m.group("type") + "?" + self.query(m.group("query"), m.group("type"))
        return self.fields.token("reference", ref)

    def _relative(self, m: re.Match[str]) -> str:
        rtype = m.group("type")
        return f"{rtype}/{self.resource_id(rtype, m.group('id'))}{m.group('history') or ''}"

    def query(self, query: str, resource_type: str = "") -> str:
        """A search query with every parameter value pseudonymized (identifiers alike with Identifier)."""
        out = []
        for name, value in parse_qsl(query, keep_blank_values=True):
            if name == "identifier" or name.endswith(":identifier") or name.endswith(".identifier"):
                system, sep, code = value.rpartition("|")
                new_system, new_value = self.identifier(system if sep else None, code)
                value = f"{new_system or ''}|{new_value}" if sep else new_value
            elif name == "_id":
                value = self.resource_id(resource_type, value)
            elif name in ("_count", "_format", "_summary", "_elements", "_sort"):
                pass  # paging and layout, not data
            else:
                value = self.fields.token("query", name, value)
            out.append((name, value))
        return urlencode(out, quote_via=quote, safe="|:/")
