"""Receipts made at test time: a real PDF (PDFium writes it), and what mistaken or hostile people send instead."""
import hashlib
import io
import struct
from functools import cache

import pypdfium2 as pdfium

from tests.photos.images import phone_exif, two_halves

# The standard security handler's padding (PDF 1.7, 7.6.3.3, Algorithm 2).
PADDING = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


@cache
def small_pdf(pages=1):
    """A real PDF of `pages` A6 pages, written by PDFium (once: its ID is random)."""
    document = pdfium.PdfDocument.new()
    for _ in range(pages):
        document.new_page(298, 420)
    out = io.BytesIO()
    document.save(out)
    document.close()
    return out.getvalue()


def receipt_photo():
    """A photo of a till receipt as a phone sends it: with its EXIF (the place it was taken, the owner's name)."""
    out = io.BytesIO()
    two_halves().save(out, "JPEG", exif=phone_exif(orientation=1))
    return out.getvalue()


def html_named_pdf():
    return b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


def svg():
    return (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
            b'<script>alert(1)</script><rect width="10" height="10"/></svg>')


def truncated_pdf():
    return small_pdf()[:60]


def _rc4(key, data):
    state, j = list(range(256)), 0
    for i in range(256):
        j = (j + state[i] + key[i % len(key)]) % 256
        state[i], state[j] = state[j], state[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + state[i]) % 256
        state[i], state[j] = state[j], state[i]
        out.append(byte ^ state[(state[i] + state[j]) % 256])
    return bytes(out)


def encrypted_pdf(password=b""):
    """A one-page PDF encrypted with RC4 (revision 2): under an empty password it opens without asking, and is
    encrypted all the same; under another, it does not open without it. Its page has no content, so no stream or
    string needs encrypting."""
    ident, permissions = b"0123456789abcdef", -4
    padded = (password + PADDING)[:32]
    owner = _rc4(hashlib.md5(padded).digest()[:5], padded)
    key = hashlib.md5(padded + owner + struct.pack("<i", permissions) + ident).digest()[:5]
    user = _rc4(key, PADDING)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 298 420] >>",
               b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>" % (owner.hex().encode(), user.hex().encode(),
                                                                           permissions)]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, ident.hex().encode(), ident.hex().encode(), xref)
    return bytes(out)


def pdf_without_pages():
    """A PDF of no page, as PDFium writes it."""
    document = pdfium.PdfDocument.new()
    out = io.BytesIO()
    document.save(out)
    document.close()
    return out.getvalue()

