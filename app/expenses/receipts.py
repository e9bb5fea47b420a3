"""Every rule about an uploaded receipt (justificatif), with no web framework in sight: what is accepted and what
is kept. A receipt is a PDF or a photo, told by its content, never by its name or the type the browser declares.

A photo goes through the photos' own pipeline (`photos.images.clean_image`: decoded for real, bounded, turned
upright, re-encoded from its pixels alone, so the camera's EXIF, its place included, is never kept). A PDF is opened
with PDFium: one that does not open, is encrypted (its content could not be read back by the funder either) or has
no page is refused; one that opens is kept as it was sent, since a re-made invoice would no longer be the invoice.
"""
import io
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..i18n import lazy_gettext as _l
from ..photos import images
from ..photos.images import PhotoRejected

MAX_MEGABYTES = 10
MAX_BYTES = MAX_MEGABYTES * 1024 * 1024  # below the request limit (MAX_CONTENT_LENGTH): this message is the one seen
PDF, IMAGE = "pdf", "image"  # Receipt.kind
PDF_SIGNATURE = b"%PDF-"
NOT_A_RECEIPT = _l("Ce fichier n'est ni un PDF ni une photo lisible : envoyez un PDF, ou une photo JPEG, PNG "
                   "ou WebP.")
ENCRYPTED = _l("Ce PDF est chiffré ou protégé par un mot de passe : envoyez-en une copie sans protection.")


class ReceiptRejected(PhotoRejected):
    """A receipt that is not kept, with the French message to show beside the file field and the answer's status."""


@dataclass(frozen=True)
class CleanReceipt:
    """A receipt as kept: its bytes and what they are (PDF, IMAGE)."""
    kind: str
    data: bytes


def clean_receipt(stream):
    """The receipt to keep from an upload's stream; ReceiptRejected when it is too heavy, empty, neither a PDF nor a
    photo, or a PDF that does not open, is encrypted or has no page."""
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ReceiptRejected(_l("Le justificatif dépasse %(size)d Mo : envoyez-en un plus léger (une photo moins "
                                 "grande, un PDF sans images inutiles).", size=MAX_MEGABYTES))
    if not data:
        raise ReceiptRejected(_l("Le fichier envoyé est vide : choisissez un PDF ou une photo."))
    if data.startswith(PDF_SIGNATURE):
        return CleanReceipt(PDF, _checked_pdf(data))
    return CleanReceipt(IMAGE, _cleaned_photo(data))


def _checked_pdf(data):
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        # PDFium's last error is the process's, and a failed load does not always set it (a PDF of no page leaves
        # the one before): whether the file asks for a password is read from the file itself.
        if b"/Encrypt" in data:
            raise ReceiptRejected(ENCRYPTED) from None
        raise ReceiptRejected(_l("Ce PDF est abîmé ou incomplet : il ne s'ouvre pas. Enregistrez-le de nouveau, "
                                 "puis renvoyez-le.")) from None
    try:
        if pdfium_c.FPDF_GetSecurityHandlerRevision(document.raw) != -1:  # -1: no encryption at all
            raise ReceiptRejected(ENCRYPTED)
        if len(document) == 0:
            raise ReceiptRejected(_l("Ce PDF n'a aucune page : envoyez le justificatif lui-même."))
    finally:
        document.close()
    return data


def _cleaned_photo(data):
    """The photo's re-encoded JPEG; anything Pillow does not know as a photo is said to be no receipt."""
    try:
        return images.clean_image(io.BytesIO(data)).image
    except PhotoRejected as refusal:
        if refusal.message is images.NOT_A_PHOTO:
            raise ReceiptRejected(NOT_A_RECEIPT) from None
        raise ReceiptRejected(refusal.message) from None
