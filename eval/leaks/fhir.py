"""Leak oracle for FHIR R4 JSON and NDJSON, written without the handler's rules file.

``identifiers`` walks the input's JSON by element name (HumanName family/given/text, identifier values,
birthDate, address line/city/postalCode, telecom values, Organization and Location names), so an element
the rules forget is still searched for. ``problems`` checks that the output is JSON with as many
resources as the input and that every reference that resolved in the input still resolves at the same
place in the output. Messages name JSON paths, never values.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from phideid.errors import FormatError

_PERSONS = frozenset({"Patient", "Practitioner", "RelatedPerson", "Person"})
_PLACES = frozenset({"Organization", "Location"})
_RELATIVE = re.compile(r"([A-Z][A-Za-z]+)/([A-Za-z0-9\-.]{1,64})(/_history/[A-Za-z0-9\-.]{1,64})?")


def _documents(data: bytes, what: str) -> list[object]:
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise FormatError(f"the {what} is not UTF-8") from None
    try:
        return [json.loads(text)]
    except json.JSONDecodeError as exc:
        if exc.msg != "Extra data":
            raise FormatError(f"the {what} is not JSON ({exc.msg} at line {exc.lineno})") from None
    docs = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                docs.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise FormatError(f"the {what}'s NDJSON line {number} is not JSON ({exc.msg})") from None
    return docs


# --- identifiers -----------------------------------------------------------------------------------------

def identifiers(data: bytes) -> set[str]:
    """The input's patient, clinician and institution identifiers, by element name."""
    found: set[str] = set()
    keys: set[str] = set()
    for doc in _documents(data, "input"):
        _collect(doc, None, found)
        _keys(doc, keys)
    # a placeholder name that is also an element name ("family": "Family") cannot be told from the key
    return {v.strip() for v in found if v.strip() and v.strip().lower() not in keys}


def _keys(node: object, keys: set[str]) -> None:
    if isinstance(node, list):
        for item in node:
            _keys(item, keys)
    elif isinstance(node, dict):
        keys.update(k.lower() for k in node)
        for value in node.values():
            _keys(value, keys)


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _objects(value: object) -> Iterator[dict]:
    if isinstance(value, dict):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _objects(item)


def _collect(node: object, rtype: str | None, found: set[str]) -> None:
    if isinstance(node, list):
        for item in node:
            _collect(item, rtype, found)
        return
    if not isinstance(node, dict):
        return
    if isinstance(node.get("resourceType"), str):
        rtype = node["resourceType"]
    for key, value in node.items():
        if key == "name":
            if rtype in _PLACES:
                found.update(_strings(value))
            for name in _objects(value):
                if rtype in _PERSONS or "family" in name or "given" in name:
                    for part in ("family", "given", "text"):
                        found.update(_strings(name.get(part)))
        elif key == "address" or key.endswith("Address"):
            for address in _objects(value):
                for part in ("line", "city", "postalCode"):
                    found.update(_strings(address.get(part)))
        elif key == "telecom":
            for point in _objects(value):
                found.update(_strings(point.get("value")))
        elif key == "identifier":
            for ident in _objects(value):
                found.update(_strings(ident.get("value")))
        elif key == "birthDate":
            found.update(_strings(value))
        _collect(value, rtype, found)


# --- validity --------------------------------------------------------------------------------------------

def problems(original: bytes, output: bytes) -> list[str]:
    """What makes ``output`` no faithful FHIR rendering of ``original`` (JSON paths only, no values)."""
    try:
        after = _documents(output, "output")
    except FormatError as exc:
        return [str(exc)]
    before = _documents(original, "input")
    out: list[str] = []
    if len(before) != len(after):
        out.append(f"{len(after)} documents for {len(before)}")
        return out
    for i, (doc_in, doc_out) in enumerate(zip(before, after, strict=True)):
        root = "$" if len(before) == 1 else f"line {i + 1}: $"
        if not isinstance(doc_out, dict) or not isinstance(doc_out.get("resourceType"), str):
            out.append(f"{root}: not a resource")
            continue
        n_in, n_out = _count(doc_in), _count(doc_out)
        if n_in != n_out:
            out.append(f"{root}: {n_out} resources for {n_in}")
        resolved_in = _references(doc_in, root)
        resolved_out = _references(doc_out, root)
        for path, ok in resolved_in.items():
            if ok and not resolved_out.get(path, False):
                out.append(f"{path}: the reference no longer resolves")
        out.extend(_full_urls(doc_in, doc_out, root))
    return out


def _count(node: object) -> int:
    if isinstance(node, list):
        return sum(_count(v) for v in node)
    if isinstance(node, dict):
        return int(isinstance(node.get("resourceType"), str)) + sum(_count(v) for v in node.values())
    return 0


class _Scope:
    """What references can resolve to: a bundle's entries (fullUrl; type/id), a resource's contained."""

    def __init__(self, bundles: list[dict], contained: set[str]) -> None:
        self.full_urls: set[str] = set()
        self.ids: set[tuple[str, str]] = set()
        for bundle in bundles:
            for entry in _objects(bundle.get("entry")):
                if isinstance(entry.get("fullUrl"), str):
                    self.full_urls.add(entry["fullUrl"])
                res = entry.get("resource")
                if isinstance(res, dict) and isinstance(res.get("id"), str):
                    self.ids.add((str(res.get("resourceType")), res["id"]))
        self.contained = contained

    def resolves(self, ref: str) -> bool:
        if ref == "#":
            return True
        if ref.startswith("#"):
            return ref[1:] in self.contained
        if ref in self.full_urls:
            return True
        m = _RELATIVE.fullmatch(ref)
        if m:
            return (m.group(1), m.group(2)) in self.ids
        m = re.search(r"/([A-Z][A-Za-z]+/[A-Za-z0-9\-.]{1,64})(/_history/[^/]+)?$", ref)
        if m and "://" in ref:
            rel = _RELATIVE.fullmatch(m.group(1))
            return rel is not None and (rel.group(1), rel.group(2)) in self.ids
        return False


def _references(doc: object, root: str) -> dict[str, bool]:
    """Every Reference.reference by JSON path, and whether it resolves where it stands."""
    found: dict[str, bool] = {}

    def walk(node: object, path: str, bundles: list[dict], scope: _Scope | None) -> None:
        if isinstance(node, list):
            for i, item in enumerate(node):
                walk(item, f"{path}[{i}]", bundles, scope)
            return
        if not isinstance(node, dict):
            return
        if isinstance(node.get("resourceType"), str):
            if node["resourceType"] == "Bundle":
                bundles = [*bundles, node]
            contained = {c["id"] for c in _objects(node.get("contained")) if isinstance(c.get("id"), str)}
            if scope is not None and path.endswith("]") and ".contained[" in path:
                contained |= scope.contained  # a contained resource may point at its siblings
            scope = _Scope(bundles, contained)
        if isinstance(node.get("reference"), str) and scope is not None:
            found[f"{path}.reference"] = scope.resolves(node["reference"])
        for key, value in node.items():
            walk(value, f"{path}.{key}", bundles, scope)

    walk(doc, root, [], None)
    return found


def _full_urls(doc_in: object, doc_out: object, root: str) -> list[str]:
    """An entry whose fullUrl named its resource's id must still do so."""
    out = []
    bundles = isinstance(doc_in, dict) and isinstance(doc_out, dict)
    bundles = bundles and doc_in.get("resourceType") == "Bundle"
    if not bundles:
        return out
    entries_in, entries_out = doc_in.get("entry") or [], doc_out.get("entry") or []
    if len(entries_in) != len(entries_out):
        return [f"{root}.entry: {len(entries_out)} entries for {len(entries_in)}"]
    for i, (a, b) in enumerate(zip(entries_in, entries_out, strict=True)):
        if _names_id(a) and not _names_id(b):
            out.append(f"{root}.entry[{i}].fullUrl: no longer names the resource's id")
    return out


def _names_id(entry: object) -> bool:
    if not isinstance(entry, dict) or not isinstance(entry.get("fullUrl"), str):
        return False
    res = entry.get("resource")
    rid = res.get("id") if isinstance(res, dict) else None
    return isinstance(rid, str) and bool(rid) and entry["fullUrl"].rstrip("/").endswith(rid)
