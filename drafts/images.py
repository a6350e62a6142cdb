"""Images a paper's text may show: what is accepted, told by the file's own bytes.

Only PNG, JPEG and GIF are taken: Word and Typst both show them, and none of them can
point at another file (SVG can, so it is refused). The kind is read from the first
bytes and the size from the header, never from the name or the media type the caller
claims, and an image too large to decode safely is refused before anyone renders it.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from datetime import datetime

from drafts.errors import InvalidRequest, TooLarge

# Section text names an image as `![caption](name)`: a plain file name, nothing more.
IMAGE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
MAX_IMAGE_BYTES = 8 * 1024 * 1024
# Enough for any paper's figures, and few enough that one page lists them all.
MAX_IMAGES_PER_PAPER = 500
# A decoded image takes about four bytes a pixel in Typst and in Word: 40 million
# pixels is a 160 MB bitmap, more than any printed figure needs.
MAX_IMAGE_PIXELS = 40_000_000


class UnsupportedImage(InvalidRequest):
    code = "unsupported-image"
    title = "Not an image Accord can print"


@dataclass(frozen=True)
class PaperImage:
    """An image of a paper, as stored under its name; its bytes are kept by hash."""

    name: str
    sha256: str
    media_type: str
    size: int
    width: int
    height: int
    stored_by: str
    stored_at: datetime


@dataclass(frozen=True)
class ImageKind:
    media_type: str
    extension: str
    width: int
    height: int


def check_image_name(name: str) -> str:
    if not IMAGE_NAME.fullmatch(name):
        raise InvalidRequest(
            f"image name {name[:120]!r} is not a plain file name: letters, digits, '.', '_' "
            "and '-', at most 100 characters, starting with a letter or digit"
        )
    return name


def inspect_image(data: bytes) -> ImageKind:
    """The image's kind and size; UnsupportedImage or TooLarge when it cannot be printed."""
    if len(data) > MAX_IMAGE_BYTES:
        raise TooLarge(f"an image may have at most {MAX_IMAGE_BYTES // 2**20} MB")
    kind = _png(data) or _gif(data) or _jpeg(data)
    if kind is None:
        raise UnsupportedImage("the file is not a PNG, JPEG or GIF image (or it is damaged)")
    if kind.width < 1 or kind.height < 1:
        raise UnsupportedImage("the image has no pixels")
    if kind.width * kind.height > MAX_IMAGE_PIXELS:
        raise TooLarge(
            f"the image has {kind.width} × {kind.height} pixels; at most "
            f"{MAX_IMAGE_PIXELS // 1_000_000} million are printed"
        )
    return kind


def _png(data: bytes) -> ImageKind | None:
    # The signature, then the IHDR chunk: length 13, "IHDR", width and height.
    if not data.startswith(b"\x89PNG\r\n\x1a\n") or data[12:16] != b"IHDR" or len(data) < 24:
        return None
    width, height = struct.unpack(">II", data[16:24])
    return ImageKind("image/png", "png", width, height)


def _gif(data: bytes) -> ImageKind | None:
    if data[:6] not in (b"GIF87a", b"GIF89a") or len(data) < 10:
        return None
    width, height = struct.unpack("<HH", data[6:10])
    return ImageKind("image/gif", "gif", width, height)


# JPEG markers that start a frame and carry its size (every SOFn but DHT, JPG and DAC).
_SOF = frozenset({0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF})


def _jpeg(data: bytes) -> ImageKind | None:
    if not data.startswith(b"\xff\xd8\xff"):
        return None
    at = 2
    # Walk the segments up to the first frame header; every segment states its length.
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in (0x01, *range(0xD0, 0xD8)):  # markers without a length
            at += 2
            continue
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        if marker in _SOF:
            if at + 9 > len(data):
                return None
            height, width = struct.unpack(">HH", data[at + 5 : at + 9])
            return ImageKind("image/jpeg", "jpg", width, height)
        if marker in (0xD9, 0xDA) or length < 2:  # end of image or scan before any frame
            return None
        at += 2 + length
    return None
