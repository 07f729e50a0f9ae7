"""Explicit registries of plug-ins, one per kind, filled by decorators under versioned names.

Configuration and policy files refer to plug-ins only by these names (``"surrogate.date_shift.v1"``), so
what exists never depends on import order or class discovery. Registering a name twice is an error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

from phideid.errors import ConfigError

T = TypeVar("T")


class Registry(Generic[T]):
    """A named table of plug-ins of one kind (detectors, transforms, format handlers)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._entries: dict[str, T] = {}

    def register(self, name: str) -> Callable[[T], T]:
        """Decorator: ``@transforms.register("surrogate.name.v1")``."""

        def add(obj: T) -> T:
            self.add(name, obj)
            return obj

        return add

    def add(self, name: str, obj: T) -> None:
        if not name or name != name.strip():
            raise ConfigError(f"{self.kind} name must be a non-empty string without surrounding spaces")
        if name in self._entries:
            raise ConfigError(f"{self.kind} {name!r} is registered twice")
        self._entries[name] = obj

    def get(self, name: str) -> T:
        try:
            return self._entries[name]
        except KeyError:
            known = ", ".join(sorted(self._entries)) or "none"
            raise ConfigError(f"unknown {self.kind} {name!r}; registered: {known}") from None

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._entries))

    def names(self) -> list[str]:
        return sorted(self._entries)
