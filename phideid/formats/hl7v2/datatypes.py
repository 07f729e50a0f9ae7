"""HL7 v2 composite data types by meaning: what each component (or subcomponent) of a type is.

A component's entry is a *leaf action* or the name of another type whose components are then read as
subcomponents. Leaf actions:

``keep``   not PHI (codes, units, type codes, assigning authorities, prefixes and degrees)
``clear``  emptied: not needed and possibly identifying (check digits derive from the id; free "any text")
``text``   free text for the detectors
``date``   an HL7 date/time (DTM), shifted or generalized by the policy; one that is not a DTM is cleared
``role``   a name part; the field's role says whose (PATIENT, DOCTOR, RELATIVE, NAME, ORGANIZATION)
``id``     an identifier whose PHI type follows its type code (CX-5: SS -> SSN, AN -> ACCOUNT, ...)
``phone``  a telephone part; FAX when the use or equipment code is FX
``street`` a street line; a bare house number becomes an identifier token of the same shape
``authority`` an assigning authority's namespace: a code (``M11``, ``NPI``) is kept, a name with spaces
           (``GOOD HEALTH HOSPITAL``) names an institution and is replaced as a HOSPITAL
any ``PhiType`` name: replaced as that type.

Components a type does not list are cleared (fail closed), so a later version's new component is never
passed on unread. Component numbers are 1-based, as in the standard (v2.3 to v2.8).
"""

from __future__ import annotations

DATATYPES: dict[str, dict[int, str]] = {
    # timestamps: TS is DTM plus the (withdrawn) degree of precision
    "TS": {1: "date", 2: "keep"},
    "DR": {1: "TS", 2: "TS"},
    # names
    "FN": {1: "role", 2: "keep", 3: "role", 4: "keep", 5: "role"},  # surname, own/partner prefixes kept
    "XPN": {
        1: "FN", 2: "role", 3: "role", 4: "keep", 5: "keep", 6: "keep", 7: "keep", 8: "keep", 9: "keep",
        10: "DR", 11: "keep", 12: "TS", 13: "TS", 14: "keep", 15: "clear",
    },
    "XCN": {
        1: "IDNUM", 2: "FN", 3: "role", 4: "role", 5: "keep", 6: "keep", 7: "keep", 8: "keep", 9: "HD_KEEP",
        10: "keep", 11: "clear", 12: "keep", 13: "keep", 14: "HD", 15: "keep", 16: "keep", 17: "DR",
        18: "keep", 19: "TS", 20: "TS", 21: "keep", 22: "keep", 23: "keep",
    },
    # PPN (TXA-22) is XCN with the date/time the action was performed as component 15
    "PPN": {
        1: "IDNUM", 2: "FN", 3: "role", 4: "role", 5: "keep", 6: "keep", 7: "keep", 8: "keep", 9: "HD_KEEP",
        10: "keep", 11: "clear", 12: "keep", 13: "keep", 14: "HD", 15: "TS", 16: "keep", 17: "keep",
        18: "DR", 19: "keep", 20: "TS", 21: "TS", 22: "keep", 23: "keep", 24: "keep",
    },
    # CNN (inside NDL, as subcomponents): id, family, given, middle, suffix, prefix, degree, source, authority
    "CNN": {1: "IDNUM", 2: "role", 3: "role", 4: "role", 5: "keep", 6: "keep", 7: "keep", 8: "keep",
            9: "keep", 10: "keep", 11: "keep"},
    "NDL": {1: "CNN", 2: "TS", 3: "TS", 4: "keep", 5: "keep", 6: "keep", 7: "HD", 8: "keep", 9: "keep",
            10: "HOSPITAL", 11: "keep"},
    # identifiers: the id gets a keyed token of its shape; type code and assigning authority are kept
    "CX": {
        1: "id", 2: "clear", 3: "keep", 4: "HD_KEEP", 5: "keep", 6: "HD", 7: "date", 8: "date", 9: "keep",
        10: "keep", 11: "keep", 12: "keep",
    },
    "EI": {1: "role", 2: "authority", 3: "keep", 4: "keep"},
    "EIP": {1: "EI", 2: "EI"},
    # an assigning authority names the system that issued an id: kept, as the patient key needs it
    "HD_KEEP": {1: "authority", 2: "keep", 3: "keep"},
    # a point of care (ward, unit) is not PHI
    "POC": {1: "keep", 2: "keep", 3: "keep"},
    # a facility: its name is a hospital; its universal id (an OID) identifies it too
    "HD": {1: "HOSPITAL", 2: "IDNUM", 3: "keep"},
    "XON": {
        1: "role", 2: "keep", 3: "IDNUM", 4: "clear", 5: "keep", 6: "HD_KEEP", 7: "keep", 8: "HD", 9: "keep",
        10: "IDNUM",
    },
    # addresses
    "SAD": {1: "street", 2: "street", 3: "street"},
    "XAD": {
        1: "SAD", 2: "street", 3: "CITY", 4: "STATE", 5: "ZIP", 6: "COUNTRY", 7: "keep", 8: "LOCATION",
        9: "LOCATION", 10: "LOCATION", 11: "keep", 12: "DR", 13: "TS", 14: "TS", 15: "keep", 16: "keep",
        17: "keep", 18: "keep", 19: "NAME", 20: "clear", 21: "keep", 22: "keep", 23: "keep",
    },
    "XTN": {
        1: "phone", 2: "keep", 3: "keep", 4: "EMAIL", 5: "keep", 6: "phone", 7: "phone", 8: "phone",
        9: "clear", 10: "keep", 11: "phone", 12: "phone", 13: "TS", 14: "TS", 15: "keep", 16: "keep",
        17: "keep", 18: "keep",
    },
    # a person location: point of care, room, bed and floor are kept; facility and building are not
    "PL": {
        1: "POC", 2: "keep", 3: "keep", 4: "HD", 5: "keep", 6: "keep", 7: "LOCATION", 8: "keep",
        9: "LOCATION", 10: "clear", 11: "HD_KEEP",
    },
    # driver's licence: number, issuing state, expiry
    "DLN": {1: "LICENSE", 2: "keep", 3: "date"},
    # financial class and its effective date (PV1-20)
    "FC": {1: "keep", 2: "TS"},
    # discharged-to location (PV1-37): the place is cleared, the date shifted
    "DLD": {1: "clear", 2: "TS"},
    # authorization information (IN1-14): number, date, source
    "AUI": {1: "IDNUM", 2: "date", 3: "keep"},
    # quantity/timing (ORC-7, OBR-27): start and end date/times, the rest kept
    "TQ": {1: "keep", 2: "keep", 3: "keep", 4: "TS", 5: "TS", 6: "keep", 7: "keep", 8: "text", 9: "keep",
           10: "keep", 11: "keep", 12: "keep"},
    # coded values whose text may have been typed by hand (OBX-5 CE/CWE/CNE/CF): codes kept, texts read
    "CWE_TEXT": {1: "keep", 2: "text", 3: "keep", 4: "keep", 5: "text", 6: "keep", 7: "keep", 8: "keep",
                 9: "text", 10: "keep", 11: "keep", 12: "keep", 13: "keep", 14: "keep", 15: "keep",
                 16: "keep", 17: "keep", 18: "keep", 19: "keep", 20: "keep", 21: "keep", 22: "keep"},
}  # fmt: skip

#: leaf actions that are not PHI types
LEAF_ACTIONS = frozenset({"keep", "clear", "text", "date", "role", "id", "phone", "street", "authority"})
