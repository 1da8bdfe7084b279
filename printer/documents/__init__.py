"""A4 documents (reportlab): 申报信息确认单, 一次性告知单, 容缺受理承诺书, 委托代办授权书.

Each document is a :class:`DocumentKind` (a title and a body writer) rendered by the
shared page machinery in :mod:`printer.documents.layout`; adding a document (an
appointment confirmation, a consent slip) is one small module with one story function.
"""

from printer.documents.authorisation import AUTHORISATION, build_authorisation
from printer.documents.commitment import COMMITMENT, build_commitment
from printer.documents.confirmation import CONFIRMATION, build_confirmation
from printer.documents.context import DocumentContext, make_context
from printer.documents.layout import DocumentKind, render
from printer.documents.notice import NOTICE, build_notice
from printer.documents.output import DocumentPrintError, print_file, save_document, save_pdf

__all__ = [
    "AUTHORISATION",
    "COMMITMENT",
    "CONFIRMATION",
    "NOTICE",
    "DocumentContext",
    "DocumentKind",
    "DocumentPrintError",
    "build_authorisation",
    "build_commitment",
    "build_confirmation",
    "build_notice",
    "make_context",
    "print_file",
    "render",
    "save_document",
    "save_pdf",
]
