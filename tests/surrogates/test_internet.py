"""E-mail, URL, IP and user-name surrogates land in documentation domains and networks."""

from __future__ import annotations

import ipaddress
import re

import pytest

from phideid.surrogates.internet import DOCUMENTATION_NET_V6, DOCUMENTATION_NETS_V4
from phideid.types import PhiType

from .conftest import build

email = build("surrogate.email.v1")
url = build("surrogate.url.v1")
ip = build("surrogate.ip.v1")
username = build("surrogate.username.v1")


@pytest.mark.parametrize(
    "value", ["john.smith@partners.org", "jsmith42@gmail.com", "J_SMITH@MGH.HARVARD.EDU"]
)
def test_email_goes_to_a_documentation_domain(value, ctx):
    out = email(value, PhiType.EMAIL, ctx)
    local, _, domain = out.partition("@")
    assert domain.lower() in {"example.com", "example.org", "example.net"}
    assert local and out.lower() != value.lower()
    assert "smith" not in out.lower() or email(value, PhiType.EMAIL, ctx) == out


def test_email_keeps_its_form_and_is_keyed(ctx, other_key_ctx):
    assert re.fullmatch(
        r"[a-z]+\.[a-z]+@example\.(com|org|net)", email("john.smith@partners.org", PhiType.EMAIL, ctx)
    )
    assert re.fullmatch(r"[a-z]+\d\d@example\.(com|org|net)", email("jsmith42@gmail.com", PhiType.EMAIL, ctx))
    assert email("a.b@c.org", PhiType.EMAIL, ctx) != email("a.b@c.org", PhiType.EMAIL, other_key_ctx)


def test_email_domains_param(ctx):
    out = build("surrogate.email.v1", domains=["mail.invalid"])("x@y.org", PhiType.EMAIL, ctx)
    assert out.endswith("@mail.invalid")


@pytest.mark.parametrize(
    "value",
    [
        "https://www.smithclinic.com/patients/123?id=9",
        "http://smithfamily.net",
        "www.smithfamily.net/photos",
        "ftp://jsmith@files.example.edu:21/x",
    ],
)
def test_url_host_goes_to_a_documentation_domain(value, ctx):
    out = url(value, PhiType.URL, ctx)
    assert out != value
    m = re.match(r"(?:[a-z]+://)?(?:[^@/]+@)?(?P<host>[^/:?]+)", out)
    assert m and re.search(r"\.example\.(com|org|net)$", m.group("host"))
    if "://" in value:
        assert out.split("://")[0] == value.split("://")[0]


@pytest.mark.parametrize("value", ["10.1.2.3", "192.168.0.1", "8.8.8.8", "192.0.2.7", "203.0.113.200"])
def test_ipv4_goes_to_a_documentation_network(value, ctx):
    out = ip(value, PhiType.IPADDR, ctx)
    assert out != value
    assert any(ipaddress.ip_address(out) in net for net in DOCUMENTATION_NETS_V4)


@pytest.mark.parametrize("value", ["fe80::1", "2600:1f18:abcd::42", "2001:DB8::1"])
def test_ipv6_goes_to_2001_db8(value, ctx):
    out = ip(value, PhiType.IPADDR, ctx)
    assert out.lower() != value.lower()
    assert ipaddress.ip_address(out) in DOCUMENTATION_NET_V6


def test_ip_suffixes_are_kept_and_bad_values_tagged(ctx):
    assert ip("10.0.0.1/24", PhiType.IPADDR, ctx).endswith("/24")
    assert ip("10.0.0.1:8080", PhiType.IPADDR, ctx).endswith(":8080")
    assert ip("999.1.1.1", PhiType.IPADDR, ctx) == "[IPADDR]"
    assert ip("10.1.2.3", PhiType.IPADDR, ctx) == ip("10.1.2.3", PhiType.IPADDR, ctx)


@pytest.mark.parametrize(
    ("value", "pattern"),
    [
        ("jsmith42", r"[a-z]+\d\d"),
        ("john.smith", r"[a-z]+\.[a-z]+"),
        ("JSMITH", r"[A-Z]+"),
        ("j_smith", r"[a-z]+_[a-z]+"),
    ],
)
def test_username_keeps_its_form(value, pattern, ctx):
    out = username(value, PhiType.USERNAME, ctx)
    assert out != value and re.fullmatch(pattern, out)
