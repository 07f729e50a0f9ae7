"""Every transform is registered under its versioned name, builds from its defaults, rejects bad params."""

from __future__ import annotations

import pytest

from phideid.errors import ConfigError, PolicyError
from phideid.surrogates import transforms
from phideid.types import PhiType

from .conftest import build

#: (name, a PHI type it serves, a sample value)
SAMPLES = [
    ("surrogate.name.v1", PhiType.PATIENT, "John Smith"),
    ("surrogate.date_shift.v1", PhiType.DATE, "07/22/2009"),
    ("surrogate.phone.v1", PhiType.PHONE, "(617) 726-2000"),
    ("surrogate.shape.v1", PhiType.MEDICALRECORD, "MRN-0012345"),
    ("surrogate.email.v1", PhiType.EMAIL, "john.smith@partners.org"),
    ("surrogate.url.v1", PhiType.URL, "https://www.smithfamily.net/blog"),
    ("surrogate.ip.v1", PhiType.IPADDR, "10.20.30.40"),
    ("surrogate.username.v1", PhiType.USERNAME, "jsmith42"),
    ("surrogate.location.v1", PhiType.CITY, "Boston"),
    ("surrogate.organization.v1", PhiType.HOSPITAL, "Massachusetts General Hospital"),
    ("surrogate.profession.v1", PhiType.PROFESSION, "carpenter"),
    ("generalize.year.v1", PhiType.DATE, "07/22/2009"),
    ("generalize.age_90plus.v1", PhiType.AGE, "93"),
    ("generalize.zip3.v1", PhiType.ZIP, "02114"),
]
NAMES = [name for name, _, _ in SAMPLES]


def test_every_transform_is_registered():
    assert set(NAMES) <= set(transforms.names())


@pytest.mark.parametrize(("name", "phi_type", "value"), SAMPLES)
def test_builds_from_defaults_and_replaces_the_value(name, phi_type, value, ctx):
    transform = build(name)
    out = transform(value, phi_type, ctx)
    assert isinstance(out, str) and out
    assert out != value


@pytest.mark.parametrize("name", NAMES)
def test_unknown_param_is_a_policy_error(name):
    with pytest.raises(PolicyError, match="unknown parameter"):
        build(name, colour="blue")


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("surrogate.shape.v1", {"prefix": 5}),
        ("surrogate.shape.v1", {"prefix": "X Y"}),
        ("surrogate.shape.v1", {"prefix": "X" * 17}),
        ("surrogate.phone.v1", {"fictional": "yes"}),
        ("surrogate.date_shift.v1", {"tag": ""}),
        ("surrogate.email.v1", {"domains": "example.com"}),
        ("surrogate.email.v1", {"domains": []}),
        ("surrogate.url.v1", {"domains": ["Not A Domain"]}),
        ("generalize.year.v1", {"label": 90}),
        ("generalize.age_90plus.v1", {"label": ""}),
        ("generalize.zip3.v1", {"table": "census1990"}),
        ("generalize.zip3.v1", {"table": "../../etc/passwd"}),
        ("generalize.zip3.v1", {"table": 2000}),
    ],
)
def test_bad_param_is_a_policy_error(name, params):
    with pytest.raises(PolicyError):
        build(name, **params)


def test_positional_params_are_refused():
    with pytest.raises(TypeError):
        transforms.get("surrogate.shape.v1")("X")


def test_unknown_name_is_a_config_error():
    with pytest.raises(ConfigError, match="surrogate.name.v1"):
        transforms.get("surrogate.nmae.v1")


def test_policy_error_message_carries_no_value():
    with pytest.raises(PolicyError) as info:
        build("generalize.zip3.v1", table="census1990")
    assert "census2000" in str(info.value)
