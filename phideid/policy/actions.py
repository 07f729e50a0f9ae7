"""The two transforms that need no surrogate: keep the value, or replace it by a type tag."""

from __future__ import annotations

from phideid.errors import PolicyError
from phideid.surrogates.base import SurrogateContext, transforms
from phideid.types import PhiType


@transforms.register("keep.v1")
class Keep:
    """Leaves the value as it is (for types a policy may release, such as STATE under Safe Harbor)."""

    def __call__(self, value: str, phi_type: PhiType, ctx: SurrogateContext) -> str:
        return value


@transforms.register("redact.tag.v1")
class RedactTag:
    """Replaces the value by a tag: ``tag`` if given, else ``template`` filled with the type name."""

    def __init__(self, *, tag: str | None = None, template: str = "[{type}]") -> None:
        if tag is None and "{type}" not in template:
            raise PolicyError("redact.tag.v1: template must contain {type} when no fixed tag is given")
        self.tag = tag
        self.template = template

    def __call__(self, value: str, phi_type: PhiType, ctx: SurrogateContext) -> str:
        return self.tag if self.tag is not None else self.template.format(type=phi_type.value)
