"""Errors of the DICOM handler beyond ``FormatError`` (a file that is not valid DICOM)."""

from __future__ import annotations

from phideid.errors import DeidentificationError


class BurnedInAnnotationError(DeidentificationError):
    """An image may carry identifying text in its pixels, which this handler does not clean.

    Raised when an image's BurnedInAnnotation (0028,0301) is YES or missing. It is a
    ``DeidentificationError`` (the payload is valid DICOM but cannot be de-identified completely), not a
    ``FormatError``: the sender's file is fine, the engine refuses it. Set the dicom option
    ``allow_burned_in: true`` to pass such images on, flagged in the report, after checking the pixels.
    """

    code = "burned_in_annotation"
