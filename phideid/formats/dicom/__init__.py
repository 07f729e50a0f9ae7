"""DICOM headers: the PS3.15 Annex E Basic Application Level Confidentiality Profile and its options.

Modules, one job each:

- ``profile``: the Annex E table as data (``phideid/data/dicom/annex_e.csv``, made by ``build_profile``);
- ``options``: the handler's validated options and their defaults;
- ``actions``: the action for one attribute, combined actions and unlisted attributes resolved;
- ``values``: replacement values fitted to each VR (names, identifiers, dates, ages, UIDs, dummies);
- ``walk``: one walk over the dataset and every sequence, shared by parse and render;
- ``method``: the de-identification method attributes and CID 7050 codes;
- ``handler``: the ``dicom`` format handler (registered on import);
- ``errors``: ``BurnedInAnnotationError``.
"""

from phideid.formats.dicom.errors import BurnedInAnnotationError
from phideid.formats.dicom.handler import DicomHandler, DicomPayload

__all__ = ["BurnedInAnnotationError", "DicomHandler", "DicomPayload"]
