"""SCORM packages of the built book: one SCO per module, for any LMS (``workbook scorm``, ``make scorm``)."""

from workbook._errors import ScormError
from workbook.scorm._package import (
    NAMESPACES,
    PACKAGE_NAMES,
    Launch,
    Version,
    launches,
    manifest_xml,
    write_scorm_packages,
)

__all__ = [
    "NAMESPACES",
    "PACKAGE_NAMES",
    "Launch",
    "ScormError",
    "Version",
    "launches",
    "manifest_xml",
    "write_scorm_packages",
]
