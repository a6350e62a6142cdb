"""Decoding an uploaded image, bounded, to prove it whole before it is kept.

The header alone (read by `drafts.images`) gives the kind and the size; a file can have
a valid header and broken data, which Word shows as a red cross and Typst refuses, so
failing the whole version that shows it. Pillow decodes it here, off the event loop,
within the pixel bound the header check already enforced.
"""

from __future__ import annotations

import asyncio
import io
import warnings

from PIL import Image

from drafts.images import MAX_IMAGE_PIXELS, UnsupportedImage

_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG", "image/gif": "GIF"}
# A GIF may hold many frames; Word and Typst print the first, and each is decoded here.
MAX_FRAMES = 200


def decode(data: bytes, media_type: str) -> None:
    """Return if every frame of the image decodes; UnsupportedImage otherwise."""
    expected = _FORMATS.get(media_type)
    try:
        with warnings.catch_warnings():
            # Pillow warns, then errs, past its own pixel bound; ours is the same or lower.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[expected] if expected else None) as im:
                im.verify()  # checksums and structure, without decoding
            with Image.open(io.BytesIO(data), formats=[expected] if expected else None) as im:
                frames = getattr(im, "n_frames", 1)
                if frames > MAX_FRAMES:
                    raise UnsupportedImage(f"the image has {frames} frames; at most {MAX_FRAMES}")
                for frame in range(frames):
                    im.seek(frame)
                    im.load()
    except UnsupportedImage:
        raise
    except (
        OSError,
        ValueError,
        SyntaxError,
        EOFError,
        Image.DecompressionBombWarning,
        Image.DecompressionBombError,
    ) as error:
        raise UnsupportedImage(
            f"the image's data is damaged and cannot be decoded ({str(error)[:120]})"
        ) from None


class PillowDecoder:
    """The ImageDecoder port: decodes in a thread, so other requests go on meanwhile."""

    async def verify(self, data: bytes, media_type: str) -> None:
        await asyncio.to_thread(decode, data, media_type)


Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
