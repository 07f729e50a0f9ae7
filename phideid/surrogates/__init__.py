"""Surrogates and Safe Harbor generalizers: every value transform a policy can name.

Importing this package registers each transform in ``phideid.surrogates.base.transforms`` under its
versioned name. The modules are listed here one by one, on purpose: what exists never depends on
walking a folder.

==============================  =====================================  ===========================
name                            PHI types                              module
==============================  =====================================  ===========================
surrogate.name.v1               PATIENT, DOCTOR, RELATIVE, NAME        names
surrogate.date_shift.v1         DATE                                   dates
surrogate.phone.v1              PHONE, FAX                             phones
surrogate.shape.v1              SSN, MEDICALRECORD, HEALTHPLAN, ...    identifiers
surrogate.email.v1              EMAIL                                  internet
surrogate.url.v1                URL                                    internet
surrogate.ip.v1                 IPADDR                                 internet
surrogate.username.v1           USERNAME                               internet
surrogate.location.v1           CITY, STATE, STREET, ZIP, COUNTRY, ... locations
surrogate.organization.v1       HOSPITAL, ORGANIZATION                 organizations
surrogate.profession.v1         PROFESSION                             professions
generalize.year.v1              DATE                                   safe_harbor
generalize.age_90plus.v1        AGE                                    safe_harbor
generalize.zip3.v1              ZIP                                    safe_harbor
==============================  =====================================  ===========================
"""

from phideid.surrogates import (  # noqa: F401  (imported to register their transforms)
    dates,
    identifiers,
    internet,
    locations,
    names,
    organizations,
    phones,
    professions,
    safe_harbor,
)
from phideid.surrogates.base import SurrogateContext, Transform, transforms
from phideid.surrogates.dates import ParsedDate, parse_date

__all__ = ["ParsedDate", "SurrogateContext", "Transform", "parse_date", "transforms"]
