"""Phone, fax, pager, e-mail, URL and IP address."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Call (617) 555-1234 with results", ("PHONE", "(617) 555-1234")),
        ("cell 617-555-1234", ("PHONE", "617-555-1234")),
        ("Home 617.555.1234.", ("PHONE", "617.555.1234")),
        ("Daughter: +1 617 555 1234", ("PHONE", "+1 617 555 1234")),
        ("Office 617-555-1234 x123", ("PHONE", "617-555-1234 x123")),
        ("Office 617-555-1234 ext. 123", ("PHONE", "617-555-1234 ext. 123")),
        ("Fax: (617) 555-9876", ("FAX", "(617) 555-9876")),
        ("F: 617.555.9876", ("FAX", "617.555.9876")),
        ("fax # 555-9876", ("FAX", "555-9876")),
        ("Page pgr 12345 with questions", ("PHONE", "12345")),
        ("Covering pager #4-5678", ("PHONE", "4-5678")),
        ("mobile 555-1234 after 5", ("PHONE", "555-1234")),
        ("Email jane.doe@mgh.harvard.edu today.", ("EMAIL", "jane.doe@mgh.harvard.edu")),
        ("See https://portal.example.org/pt/123.", ("URL", "https://portal.example.org/pt/123")),
        ("Visit www.example.com for forms", ("URL", "www.example.com")),
        ("Login from 10.2.33.4 noted", ("IPADDR", "10.2.33.4")),
        ("Host 2001:db8::8a2e:370:7334 down", ("IPADDR", "2001:db8::8a2e:370:7334")),
    ],
)
def test_contact_is_found_with_its_type(found, note, expected):
    assert found(note) == [expected]


def test_fax_number_is_fax_only_not_also_phone(found):
    note = "Tel 617-555-1234, Fax: 617-555-9876"
    assert found(note) == [("PHONE", "617-555-1234"), ("FAX", "617-555-9876")]


def test_email_host_is_not_also_a_url(found):
    note = "jane@mgh.org"
    assert found(note) == [("EMAIL", "jane@mgh.org")]


@pytest.mark.parametrize(
    "note",
    [
        "Na 140, K 4.1, Cl 102, CO2 24, BUN 22, Cr 1.1, Glu 105",
        "Labs 07/22/2009: WBC 11.2",
        "BP 120/80 HR 88 RR 16 SpO2 98%",
        "Vitals at 14:30:00 stable.",
        "Version 1.2.3 installed",
        "Room 412, bed 3",
        "Accession 123-4567-8901-2345",
    ],
)
def test_lab_values_dates_and_times_are_not_contacts(found, note):
    types = {t for t, _ in found(note)}
    assert not types & {"PHONE", "FAX", "EMAIL", "URL", "IPADDR"}
