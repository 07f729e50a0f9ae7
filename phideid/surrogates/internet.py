"""Internet identifiers: ``surrogate.email.v1``, ``surrogate.url.v1``, ``surrogate.ip.v1``,
``surrogate.username.v1``.

E-mail addresses and URLs move to domains reserved for documentation (RFC 2606: example.com/.org/.net),
IPv4 addresses into the documentation networks 192.0.2.0/24, 198.51.100.0/24 and 203.0.113.0/24
(RFC 5737) and IPv6 addresses into 2001:db8::/32 (RFC 3849), so no surrogate ever reaches a real
mailbox, site or host. Everything is keyed by the (lower-cased) value alone.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence

from phideid.errors import PolicyError
from phideid.surrogates._support import (
    DIGITS,
    bump,
    first_distinct,
    keyed_bytes,
    keyed_int,
    match_case,
    reject_unknown,
    reshape,
    salted,
    tag,
)
from phideid.surrogates.base import SurrogateContext, transforms
from phideid.surrogates.names import FEMALE_FIRST, MALE_FIRST, SURNAMES
from phideid.types import PhiType

EMAIL = "surrogate.email.v1"
URL = "surrogate.url.v1"
IP = "surrogate.ip.v1"
USERNAME = "surrogate.username.v1"

DOCUMENTATION_DOMAINS = ("example.com", "example.org", "example.net")
DOCUMENTATION_NETS_V4 = tuple(
    ipaddress.ip_network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24")
)
DOCUMENTATION_NET_V6 = ipaddress.ip_network("2001:db8::/32")

_FIRST_NAMES = tuple(sorted(FEMALE_FIRST | MALE_FIRST))
_DOMAIN = re.compile(r"(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")
_EMAIL = re.compile(r"(?P<local>[^@\s]+)@(?P<domain>[^@\s]+\.[^@\s]+)")
_HANDLE = re.compile(r"(?P<a>[A-Za-z]+)(?P<sep>[._-]?)(?P<b>[A-Za-z]*)(?P<digits>\d*)")
_URL = re.compile(
    r"(?P<scheme>[a-z][a-z0-9+.-]*://)?(?P<user>[^@/\s]+@)?(?P<host>[^/:?#\s\[\]]+|\[[0-9a-f:.]+\])"
    r"(?P<port>:\d{1,5})?(?P<rest>[/?#]\S*)?",
    re.IGNORECASE,
)


def _check_domains(transform: str, domains: object) -> tuple[str, ...]:
    if isinstance(domains, str) or not isinstance(domains, Sequence) or not domains:
        raise PolicyError(f"{transform}: parameter 'domains' must be a non-empty list of domain names")
    for d in domains:
        if not isinstance(d, str) or not _DOMAIN.fullmatch(d):
            raise PolicyError(
                f"{transform}: parameter 'domains' holds an entry that is not a lower-case domain"
            )
    return tuple(domains)


def person_handle(
    ctx: SurrogateContext, parts: tuple[str, ...], sep: str, two_words: bool, digits: int
) -> str:
    """A realistic lower-case handle drawn from the name tables: "mjones", "mark.jones", "jones42"."""
    first = _FIRST_NAMES[keyed_int(ctx, *parts, "first") % len(_FIRST_NAMES)].lower()
    last = SURNAMES[keyed_int(ctx, *parts, "last") % len(SURNAMES)].lower()
    stem = f"{first}{sep}{last}" if two_words else f"{first[0]}{last}"
    stream = keyed_bytes(ctx, digits, *parts, "digits") if digits else b""
    return stem + "".join(DIGITS[b % 10] for b in stream)


def _handle_like(original: str, ctx: SurrogateContext, parts: tuple[str, ...]) -> str:
    """A handle shaped like ``original`` (one or two words, separator, trailing digit count), same case."""
    m = _HANDLE.fullmatch(original)
    if m is None:
        return reshape(original, keyed_bytes(ctx, len(original), *parts))
    two = bool(m.group("sep") or m.group("b"))
    handle = person_handle(ctx, parts, m.group("sep"), two, len(m.group("digits")))
    return match_case(original, handle)


@transforms.register(EMAIL)
class EmailSurrogate:
    """Replace an e-mail address with a realistic one at a documentation domain.

    Parameters
    ----------
    domains : list of str, default ["example.com", "example.org", "example.net"]
        Domains the surrogate addresses use; keep them to domains that deliver nowhere.

    Example: "John.Smith@partners.org" -> "Mark.Jones@example.org" (keyed).
    """

    name = EMAIL

    def __init__(self, *, domains: Sequence[str] = DOCUMENTATION_DOMAINS, **unknown: object) -> None:
        reject_unknown(EMAIL, unknown)
        self.domains = _check_domains(EMAIL, domains)

    def __call__(self, value: str, phi_type: PhiType, ctx: SurrogateContext) -> str:
        m = _EMAIL.fullmatch(value.strip())
        if m is None:
            return tag(phi_type)

        def draw(salt: int) -> str:
            parts = salted(("email", value.strip().lower()), salt)
            local = _handle_like(m.group("local"), ctx, parts)
            domain = self.domains[keyed_int(ctx, *parts, "domain") % len(self.domains)]
            return f"{local}@{match_case(m.group('domain'), domain)}"

        surrogate = first_distinct(value.strip(), draw)
        return surrogate if surrogate is not None else f"{bump(m.group('local'))}@{self.domains[0]}"


@transforms.register(URL)
class UrlSurrogate:
    """Replace a URL: scheme and port kept, the host moved under a documentation domain, and every
    letter and digit of the user, path, query and fragment replaced in the same shape.

    Parameters
    ----------
    domains : list of str, default ["example.com", "example.org", "example.net"]

    Example: "https://www.smithclinic.com/pt/123" -> "https://www.brown.example.com/qk/480" (keyed).
    """

    name = URL

    def __init__(self, *, domains: Sequence[str] = DOCUMENTATION_DOMAINS, **unknown: object) -> None:
        reject_unknown(URL, unknown)
        self.domains = _check_domains(URL, domains)

    def __call__(self, value: str, phi_type: PhiType, ctx: SurrogateContext) -> str:
        text = value.strip()
        m = _URL.fullmatch(text)
        if m is None or not (m.group("scheme") or "." in m.group("host")):
            return tag(phi_type)

        def draw(salt: int) -> str:
            parts = salted(("url", text.lower()), salt)
            host = m.group("host")
            try:
                new_host = _ip_surrogate(host.strip("[]"), ctx, parts)
                if host.startswith("["):
                    new_host = f"[{new_host}]"
            except ValueError:
                www = "www." if host.lower().startswith("www.") else ""
                word = SURNAMES[keyed_int(ctx, *parts, "host") % len(SURNAMES)].lower()
                domain = self.domains[keyed_int(ctx, *parts, "domain") % len(self.domains)]
                new_host = match_case(host, f"{www}{word}.{domain}")
            user = m.group("user") or ""
            rest = m.group("rest") or ""
            stream = keyed_bytes(ctx, len(user) + len(rest), *parts, "path")
            return (
                (m.group("scheme") or "")
                + reshape(user, stream[: len(user)])
                + new_host
                + (m.group("port") or "")
                + reshape(rest, stream[len(user) :])
            )

        surrogate = first_distinct(text, draw)
        return surrogate if surrogate is not None else tag(phi_type)


def _ip_surrogate(text: str, ctx: SurrogateContext, parts: tuple[str, ...]) -> str:
    """A documentation address of the same family as ``text``; ValueError when it is no IP address."""
    address = ipaddress.ip_address(text)
    n = keyed_int(ctx, *parts, "ip")
    if address.version == 4:
        net = DOCUMENTATION_NETS_V4[n % 3]
        return str(net.network_address + 1 + (n >> 8) % 254)
    host_bits = n % (1 << 96)
    new = str(ipaddress.IPv6Address(int(DOCUMENTATION_NET_V6.network_address) + host_bits))
    return new.upper() if any(c in "ABCDEF" for c in text) else new


_IP_SUFFIX = re.compile(r"(?P<addr>\[?[0-9A-Fa-f:.]+?\]?)(?P<suffix>/\d{1,3}|:\d{1,5})?")


@transforms.register(IP)
class IpSurrogate:
    """Replace an IPv4 address by one in 192.0.2.0/24, 198.51.100.0/24 or 203.0.113.0/24, an IPv6 address by
    one in 2001:db8::/32. A prefix length ("/24") or an IPv4 port (":8080") is kept. Parameters: none.
    """

    name = IP

    def __init__(self, **unknown: object) -> None:
        reject_unknown(IP, unknown)

    def __call__(self, value: str, phi_type: PhiType, ctx: SurrogateContext) -> str:
        text = value.strip()
        addr, suffix = text, ""
        try:
            ipaddress.ip_address(text.strip("[]"))
        except ValueError:
            m = _IP_SUFFIX.fullmatch(text)
            if m is None:
                return tag(phi_type)
            addr, suffix = m.group("addr"), m.group("suffix") or ""
        bare = addr.strip("[]")
        key = bare.lower()

        def draw(salt: int) -> str:
            new = _ip_surrogate(bare, ctx, salted(("ip", key), salt))
            return (f"[{new}]" if addr.startswith("[") else new) + suffix

        try:
            surrogate = first_distinct(text, draw)
        except ValueError:
            return tag(phi_type)
        return surrogate if surrogate is not None else tag(phi_type)


@transforms.register(USERNAME)
class UsernameSurrogate:
    """Replace a user name with a realistic handle of the same form: "jsmith42" -> "mjones07",
    "john.smith" -> "mark.jones", "JSMITH" -> "MJONES"; other shapes are replaced character by character.
    Parameters: none.
    """

    name = USERNAME

    def __init__(self, **unknown: object) -> None:
        reject_unknown(USERNAME, unknown)

    def __call__(self, value: str, phi_type: PhiType, ctx: SurrogateContext) -> str:
        text = value.strip()
        if not any(c.isalnum() for c in text):
            return tag(phi_type)
        surrogate = first_distinct(
            text, lambda salt: _handle_like(text, ctx, salted(("username", text.lower()), salt))
        )
        return surrogate if surrogate is not None else bump(text)
