"""IPv4 and IPv6 addresses (``IPADDR``), checked with the standard library's ``ipaddress``."""

from __future__ import annotations

import ipaddress

from presidio_analyzer import Pattern

from phideid.detect.recognizers._base import PhiPatternRecognizer
from phideid.types import PhiType

_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"


class IpAddressRecognizer(PhiPatternRecognizer):
    """Finds "10.2.33.4", "2001:db8::8a2e:370:7334"; not times ("14:30:00") or versions ("1.2.3")."""

    ENTITY = PhiType.IPADDR
    NAME = "ip_address"
    PATTERNS = (
        Pattern("ipv4", rf"(?<![\w.]){_OCTET}(?:\.{_OCTET}){{3}}(?![\w]|\.\d)", 0.7),
        Pattern("ipv6", r"(?<![\w:.])(?:[0-9a-f]{0,4}:){2,7}(?:[0-9a-f]{1,4}|:)(?![\w:])", 0.7),
    )
    CONTEXT = ("ip", "ipv4", "ipv6", "address", "host", "server")

    def invalidate_result(self, pattern_text: str) -> bool | None:
        # "14:30:00" is a time; ipaddress says which colon runs are real IPv6 addresses
        if ":" in pattern_text and sum(c.isalnum() for c in pattern_text) < 3:
            return True
        try:
            ipaddress.ip_address(pattern_text)
        except ValueError:
            return True
        return False
