"""Field rules by meaning, per segment (HL7 v2.3 to v2.8): the table the handler de-identifies by.

Each segment maps field numbers to a spec ``"TYPE [ROLE]"``: ``TYPE`` is a data type of
``datatypes.DATATYPES`` (``XPN``, ``XCN``, ``CX``, ``XAD``, ``XTN``, ``PL``, ``TS``...), a leaf action
(``keep``, ``clear``, ``text``) or a ``PhiType`` name for a whole simple field (``SSN``, ``LOCATION``);
``ROLE`` is whose name it is (``PATIENT``, ``DOCTOR``, ``RELATIVE``...) or, for identifiers, the PHI type
used when the type code does not say (``MEDICALRECORD``, ``ACCOUNT``, ``IDNUM``, ``DEVICE``).

The rules fail closed:

* a field of a segment below that the table does not list is **cleared** (reported as ``hl7_field``);
* a segment in ``PHI_FREE`` is kept whole;
* a standard segment not in the table keeps its id and loses its fields (``hl7_segment``), so the
  message keeps its shape; a Z-segment is dropped (``z_segment``) unless the handler's ``keep_segments``
  allows it, and then every value in it goes through the detectors as free text.

OBX-5 follows OBX-2 (``OBX_VALUE_TYPES``): text types go through the detectors, coded values keep their
codes and read their texts, ED/RP payloads are removed, person and place types are replaced by meaning.
"""

from __future__ import annotations

#: segments that carry no PHI in any field: software, acknowledgment, route and component segments
PHI_FREE = frozenset({"SFT", "MSA", "RXR", "RXC", "RGS", "TQ2", "RXG", "UAC"})

K = "keep"

SEGMENTS: dict[str, dict[int, str]] = {
    "MSH": {
        1: K, 2: K, 3: K, 4: "HD", 5: K, 6: "HD", 7: "TS", 8: "clear", 9: K, 10: K, 11: K, 12: K, 13: K,
        14: K, 15: K, 16: K, 17: K, 18: K, 19: K, 20: K, 21: K, 22: "XON HOSPITAL", 23: "XON HOSPITAL",
        24: "HD", 25: "HD", 26: K, 27: K, 28: K,
    },
    "EVN": {1: K, 2: "TS", 3: "TS", 4: K, 5: "XCN DOCTOR", 6: "TS", 7: "HD"},
    "PID": {
        1: K, 2: "CX MEDICALRECORD", 3: "CX MEDICALRECORD", 4: "CX MEDICALRECORD", 5: "XPN PATIENT",
        6: "XPN RELATIVE", 7: "TS", 8: K, 9: "XPN PATIENT", 10: K, 11: "XAD", 12: "LOCATION", 13: "XTN",
        14: "XTN", 15: K, 16: K, 17: K, 18: "CX ACCOUNT", 19: "SSN", 20: "DLN", 21: "CX MEDICALRECORD",
        22: K, 23: "LOCATION", 24: K, 25: K, 26: K, 27: K, 28: K, 29: "TS", 30: K, 31: K, 32: K, 33: "TS",
        34: "HD", 35: K, 36: K, 37: K, 38: K, 39: K, 40: "XTN",
    },
    "PD1": {
        1: K, 2: K, 3: "XON HOSPITAL", 4: "XCN DOCTOR", 5: K, 6: K, 7: K, 8: K, 9: K, 10: "CX MEDICALRECORD",
        11: K, 12: K, 13: "TS", 14: "XON ORGANIZATION", 15: K, 16: K, 17: "TS", 18: K, 19: K, 20: K, 21: K,
        22: K,
    },
    "MRG": {
        1: "CX MEDICALRECORD", 2: "CX MEDICALRECORD", 3: "CX ACCOUNT", 4: "CX MEDICALRECORD", 5: "CX ACCOUNT",
        6: "CX ACCOUNT", 7: "XPN PATIENT",
    },
    "NK1": {
        1: K, 2: "XPN RELATIVE", 3: K, 4: "XAD", 5: "XTN", 6: "XTN", 7: K, 8: "TS", 9: "TS", 10: K, 11: K,
        12: "CX IDNUM", 13: "XON ORGANIZATION", 14: K, 15: K, 16: "TS", 17: K, 18: K, 19: K, 20: K, 21: K,
        22: K, 23: K, 24: K, 25: K, 26: "XPN RELATIVE", 27: K, 28: K, 29: K, 30: "XPN RELATIVE", 31: "XTN",
        32: "XAD", 33: "CX IDNUM", 34: K, 35: K, 36: K, 37: "SSN", 38: "LOCATION", 39: K, 40: "XTN",
        41: "XTN",
    },
    "PV1": {
        1: K, 2: K, 3: "PL", 4: K, 5: "CX ACCOUNT", 6: "PL", 7: "XCN DOCTOR", 8: "XCN DOCTOR",
        9: "XCN DOCTOR", 10: K, 11: "PL", 12: K, 13: K, 14: K, 15: K, 16: K, 17: "XCN DOCTOR", 18: K,
        19: "CX ACCOUNT", 20: "FC", 21: K, 22: K, 23: K, 24: K, 25: "TS", 26: K, 27: K, 28: K, 29: K,
        30: "TS", 31: K, 32: K, 33: K, 34: K, 35: "TS", 36: K, 37: "DLD", 38: K, 39: "HOSPITAL", 40: K,
        41: K, 42: "PL", 43: "PL", 44: "TS", 45: "TS", 46: K, 47: K, 48: K, 49: K, 50: "CX ACCOUNT", 51: K,
        52: "XCN DOCTOR", 53: "text", 54: "CX ACCOUNT",
    },
    "PV2": {
        1: "PL", 2: K, 3: K, 4: K, 5: K, 6: K, 7: K, 8: "TS", 9: "TS", 10: K, 11: K, 12: "text",
        13: "XCN DOCTOR", 14: "TS", 15: K, 16: K, 17: "TS", 18: K, 19: K, 20: K, 21: K, 22: K,
        23: "XON HOSPITAL", 24: K, 25: K, 26: "TS", 27: K, 28: "TS", 29: "TS", 30: K, 31: K, 32: K, 33: "TS",
        34: K, 35: K, 36: K, 37: K, 38: K, 39: K, 40: K, 41: K, 42: K, 43: K, 44: K, 45: K, 46: "TS",
        47: "TS", 48: "TS", 49: K, 50: K,
    },
    "ROL": {
        1: K, 2: K, 3: K, 4: "XCN DOCTOR", 5: "TS", 6: "TS", 7: K, 8: K, 9: K, 10: K, 11: "XAD", 12: "XTN",
        13: "PL", 14: "XON HOSPITAL",
    },
    "PRT": {
        1: K, 2: K, 3: K, 4: K, 5: "XCN DOCTOR", 6: K, 7: K, 8: "XON ORGANIZATION", 9: "PL", 10: "EI DEVICE",
        11: "TS", 12: "TS", 13: K, 14: "XAD", 15: "XTN", 16: "EI DEVICE",
    },
    "GT1": {
        1: K, 2: "CX ACCOUNT", 3: "XPN RELATIVE", 4: "XPN RELATIVE", 5: "XAD", 6: "XTN", 7: "XTN", 8: "TS",
        9: K, 10: K, 11: K, 12: "SSN", 13: "TS", 14: "TS", 15: K, 16: "XPN ORGANIZATION", 17: "XAD",
        18: "XTN", 19: "CX IDNUM", 20: K, 21: "XON ORGANIZATION", 22: K, 23: K, 24: "TS", 25: K, 26: K,
        27: K, 28: K, 29: "CX IDNUM", 30: K, 31: "TS", 32: "TS", 33: K, 34: K, 35: K, 36: K, 37: K, 38: K,
        39: K, 40: K, 41: K, 42: "XPN RELATIVE", 43: K, 44: K, 45: "XPN RELATIVE", 46: "XTN", 47: K, 48: K,
        49: K, 50: K, 51: "XON ORGANIZATION", 52: K, 53: K, 54: K, 55: K,
    },
    "IN1": {
        1: K, 2: K, 3: K, 4: K, 5: "XAD", 6: "XPN NAME", 7: "XTN", 8: "HEALTHPLAN", 9: "XON ORGANIZATION",
        10: "CX IDNUM", 11: "XON ORGANIZATION", 12: "TS", 13: "TS", 14: "AUI", 15: K, 16: "XPN RELATIVE",
        17: K, 18: "TS", 19: "XAD", 20: K, 21: K, 22: K, 23: K, 24: "TS", 25: K, 26: "TS", 27: K,
        28: "IDNUM", 29: "TS", 30: "XCN NAME", 31: K, 32: K, 33: K, 34: K, 35: K, 36: "HEALTHPLAN", 37: K,
        38: K, 39: K, 40: K, 41: K, 42: K, 43: K, 44: "XAD", 45: K, 46: K, 47: K, 48: K,
        49: "CX HEALTHPLAN", 50: K, 51: "TS", 52: "LOCATION", 53: K, 54: "CX HEALTHPLAN", 55: K,
    },
    "IN2": {
        1: "CX IDNUM", 2: "SSN", 3: "XCN ORGANIZATION", 4: K, 5: K, 6: "HEALTHPLAN", 7: "XPN RELATIVE",
        8: "HEALTHPLAN", 9: "XPN RELATIVE", 10: "IDNUM", 11: "XPN RELATIVE", 12: K, 13: K, 14: K, 15: K,
        16: K, 17: K, 18: K, 19: K, 20: K, 21: K, 22: K, 23: K, 24: K, 25: "CX IDNUM", 26: "CX HEALTHPLAN",
        27: K, 28: K, 29: K, 30: K, 31: K, 32: K, 33: K, 34: K, 35: K, 36: K, 37: K, 38: K, 39: K, 40: K,
        41: K, 42: K, 43: K, 44: K, 45: K, 46: K, 47: K, 48: K, 49: "XPN RELATIVE", 50: "XTN", 51: K,
        52: "XPN RELATIVE", 53: "XTN", 54: K, 55: K, 56: K, 57: K, 58: K, 59: K, 60: K, 61: "CX HEALTHPLAN",
        62: K, 63: "XTN", 64: "XTN", 65: K, 66: K, 67: K, 68: K, 69: "XON ORGANIZATION", 70: K, 71: K,
        72: K,
    },
    "ORC": {
        1: K, 2: "EI IDNUM", 3: "EI IDNUM", 4: "EI IDNUM", 5: K, 6: K, 7: "TQ", 8: "clear", 9: "TS",
        10: "XCN DOCTOR", 11: "XCN DOCTOR", 12: "XCN DOCTOR", 13: "PL", 14: "XTN", 15: "TS", 16: K, 17: K,
        18: K, 19: "XCN DOCTOR", 20: K, 21: "XON HOSPITAL", 22: "XAD", 23: "XTN", 24: "XAD", 25: K, 26: K,
        27: "TS", 28: K, 29: K, 30: K, 31: K, 32: K,
    },
    "OBR": {
        1: K, 2: "EI IDNUM", 3: "EI IDNUM", 4: K, 5: K, 6: "TS", 7: "TS", 8: "TS", 9: K, 10: "XCN DOCTOR",
        11: K, 12: K, 13: "text", 14: "TS", 15: K, 16: "XCN DOCTOR", 17: "XTN", 18: "IDNUM", 19: "IDNUM",
        20: "IDNUM", 21: "IDNUM", 22: "TS", 23: K, 24: K, 25: K, 26: K, 27: "TQ", 28: "XCN DOCTOR",
        29: "clear", 30: K, 31: K, 32: "NDL DOCTOR", 33: "NDL DOCTOR", 34: "NDL DOCTOR", 35: "NDL DOCTOR",
        36: "TS", 37: K, 38: K, 39: K, 40: K, 41: K, 42: K, 43: K, 44: K, 45: K, 46: K, 47: K, 48: K, 49: K,
        50: K, 51: "EI IDNUM", 52: "EI IDNUM",
    },
    "OBX": {
        1: K, 2: K, 3: K, 4: K, 6: K, 7: K, 8: K, 9: K, 10: K, 11: K, 12: "TS", 13: "clear", 14: "TS",
        15: K, 16: "XCN DOCTOR", 17: K, 18: "EI DEVICE", 19: "TS", 20: K, 21: "EI IDNUM", 22: K,
        23: "XON HOSPITAL", 24: "XAD", 25: "XCN DOCTOR", 26: K, 27: K, 28: K, 29: K, 30: K, 31: K, 32: K,
        33: K,
    },  # OBX-5 follows OBX-2: see OBX_VALUE_TYPES
    "NTE": {1: K, 2: K, 3: "text", 4: K, 5: "XCN DOCTOR", 6: "TS", 7: "TS", 8: "TS", 9: K},
    "DG1": {
        1: K, 2: K, 3: K, 4: "text", 5: "TS", 6: K, 7: K, 8: K, 9: K, 10: K, 11: K, 12: K, 13: K, 14: K,
        15: K, 16: "XCN DOCTOR", 17: K, 18: K, 19: "TS", 20: "EI IDNUM", 21: K, 22: "EI IDNUM", 23: K,
        24: K, 25: K, 26: K,
    },
    "PR1": {
        1: K, 2: K, 3: K, 4: "text", 5: "TS", 6: K, 7: K, 8: "XCN DOCTOR", 9: K, 10: K, 11: "XCN DOCTOR",
        12: "XCN DOCTOR", 13: K, 14: K, 15: K, 16: K, 17: K, 18: K, 19: "EI IDNUM", 20: K, 21: "EI IDNUM",
        22: "EI IDNUM", 23: K, 24: K, 25: "EI IDNUM",
    },
    "TXA": {
        1: K, 2: K, 3: K, 4: "TS", 5: "XCN DOCTOR", 6: "TS", 7: "TS", 8: "TS", 9: "XCN DOCTOR",
        10: "XCN DOCTOR", 11: "XCN DOCTOR", 12: "EI IDNUM", 13: "EI IDNUM", 14: "EI IDNUM", 15: "EI IDNUM",
        16: "IDNUM", 17: K, 18: K, 19: K, 20: K, 21: K, 22: "PPN DOCTOR", 23: "XCN DOCTOR", 24: K,
        25: "text", 26: "TS", 27: K, 28: K,
    },
    "AL1": {1: K, 2: K, 3: K, 4: K, 5: "text", 6: "TS"},
    "IAM": {1: K, 2: K, 3: K, 4: K, 5: K, 6: K, 7: "EI IDNUM", 8: "text", 9: K, 10: K, 11: "TS", 12: "text",
            13: "TS", 14: "XPN RELATIVE", 15: K, 16: K, 17: "XCN DOCTOR", 18: "XCN DOCTOR", 19: "TS", 20: K},
    "SPM": {
        1: K, 2: "EIP IDNUM", 3: "EIP IDNUM", 4: K, 5: K, 6: K, 7: K, 8: K, 9: K, 10: K, 11: K, 12: K, 13: K,
        14: "text", 15: K, 16: K, 17: "DR", 18: "TS", 19: "TS", 20: K, 21: K, 22: K, 23: K, 24: K, 25: K,
        26: K, 27: K, 28: K, 29: K, 30: "EIP IDNUM", 31: "EIP IDNUM", 32: "EI IDNUM", 33: K, 34: K, 35: K,
    },
    "TQ1": {1: K, 2: K, 3: K, 4: K, 5: K, 6: K, 7: "TS", 8: "TS", 9: K, 10: K, 11: "text", 12: K, 13: K,
            14: K},
    "RXA": {
        1: K, 2: K, 3: "TS", 4: "TS", 5: K, 6: K, 7: K, 8: K, 9: K, 10: "XCN DOCTOR", 11: "clear", 12: K,
        13: K, 14: K, 15: K, 16: "TS", 17: K, 18: K, 19: K, 20: K, 21: K, 22: "TS", 23: K, 24: K, 25: K,
        26: K, 27: "PL", 28: "XAD",
    },
    "RXO": {1: K, 2: K, 3: K, 4: K, 5: K, 6: K, 7: K, 8: "clear", 9: K, 10: K, 11: K, 12: K, 13: K,
            14: "XCN DOCTOR", 15: "XCN DOCTOR", 16: K, 17: K, 18: K, 19: K, 20: K, 21: K, 22: K, 23: K,
            24: K, 25: K, 26: K, 27: K, 28: K, 29: K},
    "RXE": {1: "TQ", 2: K, 3: K, 4: K, 5: K, 6: K, 7: K, 8: "clear", 9: K, 10: K, 11: K, 12: K,
            13: "XCN DOCTOR", 14: "XCN DOCTOR", 15: "IDNUM", 16: K, 17: K, 18: "TS", 19: K, 20: K, 21: K,
            22: K, 23: K, 24: K, 25: K, 26: K, 27: K, 28: K, 29: K, 30: K, 31: K, 32: "TS", 33: K, 34: K,
            35: K, 36: K, 37: K, 38: K, 39: K, 40: K, 41: K, 42: K, 43: K, 44: K},
    "RXD": {1: K, 2: K, 3: "TS", 4: K, 5: K, 6: K, 7: "IDNUM", 8: K, 9: K, 10: "XCN DOCTOR", 11: K, 12: K,
            13: "clear", 14: K, 15: "TS", 16: K, 17: K, 18: K, 19: K, 20: K, 21: K, 22: K, 23: K, 24: K,
            25: K, 26: K, 27: K, 28: K, 29: K, 30: K, 31: K, 32: K, 33: K},
    "DB1": {1: K, 2: K, 3: "CX IDNUM", 4: K, 5: "TS", 6: "TS", 7: "TS", 8: "TS"},
    "ACC": {1: "TS", 2: K, 3: "LOCATION", 4: K, 5: K, 6: K, 7: "XCN DOCTOR", 8: "text", 9: K, 10: K,
            11: "XAD", 12: K, 13: "EI IDNUM"},
    "PDA": {1: K, 2: "PL", 3: K, 4: "TS", 5: "XCN DOCTOR", 6: K, 7: "DR", 8: "XCN DOCTOR", 9: K},
    "ARV": {1: K, 2: K, 3: K, 4: K, 5: "text", 6: "DR", 7: "text"},
    "ERR": {1: K, 2: K, 3: K, 4: K, 5: K, 6: K, 7: "text", 8: "text", 9: K, 10: K, 11: K, 12: "XTN"},
    "SCH": {
        1: "EI IDNUM", 2: "EI IDNUM", 3: K, 4: "EI IDNUM", 5: K, 6: K, 7: K, 8: K, 9: K, 10: K, 11: "TQ",
        12: "XCN DOCTOR", 13: "XTN", 14: "XAD", 15: "PL", 16: "XCN DOCTOR", 17: "XTN", 18: "XAD", 19: "PL",
        20: "XCN DOCTOR", 21: "XTN", 22: "PL", 23: "EI IDNUM", 24: "EI IDNUM", 25: K, 26: "EI IDNUM",
        27: "EI IDNUM",
    },
    "AIS": {1: K, 2: K, 3: K, 4: "TS", 5: K, 6: K, 7: K, 8: K, 9: K, 10: K, 11: K, 12: K},
    "AIG": {1: K, 2: K, 3: K, 4: K, 5: K, 6: K, 7: K, 8: "TS", 9: K, 10: K, 11: K, 12: K, 13: K, 14: K},
    "AIL": {1: K, 2: K, 3: "PL", 4: K, 5: K, 6: "TS", 7: K, 8: K, 9: K, 10: K, 11: K, 12: K},
    "AIP": {1: K, 2: K, 3: "XCN DOCTOR", 4: K, 5: K, 6: "TS", 7: K, 8: K, 9: K, 10: K, 11: K, 12: K},
}  # fmt: skip

#: OBX-5 by the value type in OBX-2; a type not listed here has its value cleared (``obx_value``)
OBX_VALUE_TYPES: dict[str, str] = {
    "TX": "text", "FT": "text", "ST": "text",
    "CE": "CWE_TEXT", "CWE": "CWE_TEXT", "CNE": "CWE_TEXT", "CF": "CWE_TEXT",
    "NM": K, "SN": K, "NR": K, "CQ": K, "ID": K, "IS": K, "TM": K, "MO": K, "NA": K, "MA": K, "CP": K,
    "DT": "TS", "DTM": "TS", "TS": "TS", "DR": "DR",
    "XPN": "XPN NAME", "PN": "XPN NAME", "XCN": "XCN NAME", "CN": "XCN NAME", "XAD": "XAD", "AD": "XAD",
    "XTN": "XTN", "TN": "XTN", "CX": "CX IDNUM", "EI": "EI IDNUM", "XON": "XON ORGANIZATION", "PL": "PL",
    "HD": "HD",
    "ED": "clear", "RP": "clear",
}  # fmt: skip
