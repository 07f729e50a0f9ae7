"""The one error tree of phideid.

Every failure the engine raises is a ``PhideidError``. Messages say what went wrong and what to do, and
never carry PHI: they name types, counts, positions and settings, not values. HTTP status codes and
Kafka dead-letter reasons are chosen at the edges (``api``, ``stream``) from the class alone.

::

    PhideidError
    ├── ConfigError            a config, policy or plug-in name is wrong; the service must not start
    │   └── PolicyError        a policy file does not validate
    ├── InputError             a payload cannot be read (bad encoding, unknown format, too large)
    │   └── FormatError        a payload is not valid in its format (HL7 v2, FHIR JSON, DICOM)
    ├── DetectionError         a detector failed on a batch
    ├── DeidentificationError  a payload could not be de-identified completely (it is refused)
    │   └── BurnedInAnnotationError (phideid.formats.dicom) an image may show PHI in its pixels
    ├── VaultError             the vault cannot be reached or used
    │   └── VaultKeyError      the secret key is missing or does not open this vault
    ├── ReidentificationDenied a re-identification was asked for without a reason or rights
    └── AuditError             the audit trail cannot be written or read: the operation is refused
"""

from __future__ import annotations


class PhideidError(Exception):
    """Root of every error phideid raises on purpose."""

    #: short, stable name of the error class for reports, metrics and dead-letter headers
    code = "phideid_error"


class ConfigError(PhideidError):
    code = "config_error"


class PolicyError(ConfigError):
    code = "policy_error"


class InputError(PhideidError):
    code = "input_error"


class FormatError(InputError):
    """Not valid in its format; the message names the place (segment, path, tag), never a value."""

    code = "format_error"


class DetectionError(PhideidError):
    code = "detection_error"


class DeidentificationError(PhideidError):
    code = "deidentification_error"


class VaultError(PhideidError):
    code = "vault_error"


class VaultKeyError(VaultError):
    code = "vault_key_error"


class ReidentificationDenied(PhideidError):
    code = "reidentification_denied"


class AuditError(PhideidError):
    """No audit record, no output: a call whose audit record cannot be written is refused."""

    code = "audit_error"
