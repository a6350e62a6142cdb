"""Which files a paper may show as images, told by their own bytes."""

from __future__ import annotations

import struct

import pytest

from drafts.errors import InvalidRequest, TooLarge
from drafts.images import (
    MAX_IMAGE_BYTES,
    UnsupportedImage,
    check_image_name,
    inspect_image,
)
from tests.images import png, png_header


def jpeg(width: int, height: int) -> bytes:
    """The start of a baseline JPEG: SOI, an APP0 segment, then the frame header."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof0 = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + sof0 + b"\xff\xd9"


def test_png_gif_and_jpeg_are_known_by_their_bytes_with_their_size() -> None:
    assert inspect_image(png(3, 2)).media_type == "image/png"
    assert (inspect_image(png(3, 2)).width, inspect_image(png(3, 2)).height) == (3, 2)
    gif = b"GIF89a" + struct.pack("<HH", 640, 480) + b"\x00" * 20
    assert (inspect_image(gif).media_type, inspect_image(gif).width) == ("image/gif", 640)
    kind = inspect_image(jpeg(1024, 768))
    assert (kind.media_type, kind.extension, kind.width, kind.height) == (
        "image/jpeg",
        "jpg",
        1024,
        768,
    )


@pytest.mark.parametrize(
    "data",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd"/></svg>',
        b"%PDF-1.7\n",
        b"",
        b"\x89PNG\r\n\x1a\n",  # a signature and nothing else
        b"\xff\xd8\xff\xe0\x00\x10JFIF",  # a JPEG cut off before its frame
        b"\xff\xd8\xff\xda\x00\x02",  # a scan before any frame
        png_header(0, 10),
    ],
)
def test_anything_else_is_refused(data: bytes) -> None:
    with pytest.raises(UnsupportedImage):
        inspect_image(data)


def test_a_decompression_bomb_is_refused_by_its_header_alone() -> None:
    with pytest.raises(TooLarge, match="pixels"):
        inspect_image(png_header(50_000, 50_000))
    assert inspect_image(png_header(5_000, 5_000)).width == 5_000


def test_a_file_over_the_limit_is_refused_before_it_is_read() -> None:
    with pytest.raises(TooLarge):
        inspect_image(png(1, 1) + b"\x00" * MAX_IMAGE_BYTES)


@pytest.mark.parametrize("name", ["../x.png", "a/b.png", ".hidden.png", "map 1.png", "x" * 101, ""])
def test_an_image_name_is_a_plain_file_name(name: str) -> None:
    with pytest.raises(InvalidRequest):
        check_image_name(name)


def test_plain_names_pass() -> None:
    assert check_image_name("Map_1-v2.png") == "Map_1-v2.png"
