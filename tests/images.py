"""Image files made by the tests themselves, so that the repository ships no binaries."""

from __future__ import annotations

import struct
import zlib


def png(width: int = 1, height: int = 1, rgb: tuple[int, int, int] = (0, 128, 255)) -> bytes:
    """A valid RGB PNG of one colour."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    row = b"\x00" + bytes(rgb) * width  # filter byte "none", then the pixels
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def png_header(width: int, height: int) -> bytes:
    """Only the start of a PNG claiming the size: enough to be refused before decoding."""
    size = struct.pack(">II", width, height)
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + size


def png_with_broken_data(width: int = 4, height: int = 4) -> bytes:
    """A PNG whose header and checksums are right but whose pixel data is not zlib."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", b"this is not a deflate stream" * 4)
        + chunk(b"IEND", b"")
    )


def png_cut_short(width: int = 64, height: int = 64) -> bytes:
    """A valid PNG with its last half missing, as an interrupted copy leaves it."""
    whole = png(width, height, (10, 200, 30))
    return whole[: len(whole) // 2]
