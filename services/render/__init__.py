"""Rendering adapter: editions to DOCX (pandoc + python-docx) and PDF (pandoc + Typst).

Section text is untrusted: pandoc always runs with `--sandbox` and without raw
TeX/HTML/attribute blocks, images come only from the caller, and Typst reads files only
from a folder of its own.
"""

from services.render.renderer import PandocRenderer

__all__ = ["PandocRenderer"]
