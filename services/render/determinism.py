"""Making a DOCX's bytes depend only on its content.

python-docx's `save()` stamps every zip entry with the current time and keeps the order
its parts happened to be loaded in; rewriting the archive with one fixed time, a fixed
order and fixed attributes makes equal documents equal files.
"""

from __future__ import annotations

import datetime
import io
import zipfile

# Word and other readers expect the content types first; the rest is sorted by name.
_FIRST = ("[Content_Types].xml", "_rels/.rels")


def normalize_zip(data: bytes, day: datetime.date) -> bytes:
    """The same archive, every entry dated `day` at midnight, in a stable order."""
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)  # zip dates start in 1980
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        names = source.namelist()
        ordered = [n for n in _FIRST if n in names] + sorted(n for n in names if n not in _FIRST)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for name in ordered:
                entry = zipfile.ZipInfo(name, date_time=stamp)
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.create_system = 3
                entry.external_attr = 0o644 << 16
                target.writestr(entry, source.read(name), compresslevel=6)
    return out.getvalue()
