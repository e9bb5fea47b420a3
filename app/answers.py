"""Recent answers kept gzipped, each saying the map's revision it was made at: asking again for an unchanged view
costs a lookup, and the body is sent as kept.

Kept in each process's memory, bounded by bytes (least recently used first out): a hit costs no read at all. The
layer's answers are also files every worker of the host reads (app/shared_answers.py), for the first read of a
revision in a worker: made once, by the write or by one reader, not by each worker. A restart empties the memory,
and an answer is never out of date: it is sent only for the revision it was made from.

An answer is kept as pieces (`Piece`, `gzip_parts`): one gzip stream whose deflate data is the concatenation of
pieces compressed each on its own, so that an answer that differs from a kept one by a piece re-compresses that piece
alone (the layer's blocks of items, features/layer.py). A single gzip member, as every browser reads it.
"""
import gzip
import struct
import threading
import zlib
from collections import OrderedDict
from typing import NamedTuple

from flask import Response, current_app, request

EXTENSION = "voyette.answers"


class Answers:
    """An LRU of gzipped bodies by key (or of anything whose len() is the bytes it holds), bounded by the bytes it
    holds; safe across a worker's threads."""

    def __init__(self, max_bytes):
        self.max_bytes, self.size = max_bytes, 0
        self._bodies = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            body = self._bodies.get(key)
            if body is not None:
                self._bodies.move_to_end(key)
            return body

    def put(self, key, body):
        if len(body) > self.max_bytes:
            return
        with self._lock:
            previous = self._bodies.pop(key, None)
            self.size += len(body) - (len(previous) if previous is not None else 0)
            self._bodies[key] = body
            while self.size > self.max_bytes:
                _key, oldest = self._bodies.popitem(last=False)
                self.size -= len(oldest)

    def forget(self, prefix):
        """Drop every answer whose key starts with `prefix` (a deleted map's): its memory is free at once rather
        than when newer answers push it out."""
        with self._lock:
            for key in [key for key in self._bodies if key.startswith(prefix)]:
                self.size -= len(self._bodies.pop(key))

    def kept_keys(self):
        """The keys of the answers kept now."""
        with self._lock:
            return list(self._bodies)


def answers():
    """This app's kept answers (made on first use, of ANSWER_CACHE_BYTES: 64 MB hold about 250 whole maps of
    10,000 items)."""
    extensions = current_app.extensions
    if EXTENSION not in extensions:
        extensions[EXTENSION] = Answers(current_app.config["ANSWER_CACHE_BYTES"])
    return extensions[EXTENSION]


def gzipped_response(body, mimetype):
    """A gzipped body as sent: as it is to a browser that takes gzip, decompressed to one that does not."""
    if "gzip" not in request.accept_encodings:
        return Response(gzip.decompress(body), mimetype=mimetype)
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    return response


def _level():
    return current_app.config.get("COMPRESS_LEVEL", 6)


class Piece(NamedTuple):
    """Text compressed on its own as raw deflate ending on a byte (a sync flush), with what the gzip trailer needs:
    its CRC-32, its length, and x^(8 × length) modulo CRC-32's polynomial (what moves a CRC past it)."""
    deflated: bytes
    crc: int
    length: int
    shift: int


def piece(text):
    """`text` (str) as a Piece: it can stand anywhere in a stream of pieces, since it refers to no byte before it."""
    data = text.encode()
    compressor = zlib.compressobj(_level(), zlib.DEFLATED, -zlib.MAX_WBITS)
    deflated = compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH)
    return Piece(deflated, zlib.crc32(data), len(data), _x_to_8_times(len(data)))


# A gzip header with no name and no timestamp (as gzip.compress(…, mtime=0) writes it), and the last deflate block.
_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
_LAST_BLOCK = zlib.compressobj(0, zlib.DEFLATED, -zlib.MAX_WBITS).flush()


def gzip_parts(pieces):
    """The parts of the gzip stream of these pieces' texts one after the other (joined, they are its bytes): the
    pieces' own bytes are shared, not copied."""
    crc, length = 0, 0
    for part in pieces:
        crc, length = _multiply_mod_p(part.shift, crc) ^ part.crc, length + part.length
    trailer = _LAST_BLOCK + struct.pack("<II", crc, length & 0xFFFFFFFF)
    return (_GZIP_HEADER, *(part.deflated for part in pieces), trailer)


# The CRC-32 of two texts one after the other from the CRC-32 of each, as zlib's crc32_combine (which Python's zlib
# does not offer) computes it: polynomials over GF(2), bits reflected. Each piece keeps its shift, so that joining
# pieces costs one product each.
_CRC_POLYNOMIAL = 0xEDB88320


def _multiply_mod_p(a, b):
    m, product = 1 << 31, 0
    while True:
        if a & m:
            product ^= b
            if not a & (m - 1):
                return product
        m >>= 1
        b = (b >> 1) ^ _CRC_POLYNOMIAL if b & 1 else b >> 1


_X_POWERS = [1 << 30]  # x^(2^n) modulo the polynomial, from x^1
for _ in range(31):
    _X_POWERS.append(_multiply_mod_p(_X_POWERS[-1], _X_POWERS[-1]))


def _x_to_8_times(length):
    """x^(8 × length) modulo the polynomial."""
    power, n, k = 1 << 31, length, 3  # 1 << 31 is x^0; k = 3 counts bytes as 8 bits
    while n:
        if n & 1:
            power = _multiply_mod_p(_X_POWERS[k & 31], power)
        n, k = n >> 1, k + 1
    return power


def crc32_combine(crc1, crc2, length2):
    """zlib.crc32(a + b) from crc1 = zlib.crc32(a), crc2 = zlib.crc32(b) and length2 = len(b)."""
    return _multiply_mod_p(_x_to_8_times(length2), crc1) ^ crc2
