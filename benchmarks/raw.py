"""The raw baseline for one language, run in a process of its own:

python -m benchmarks.raw FILE.md LANG   → JSON {"docx": s, "typst": s, "pdf": s}
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pypandoc  # type: ignore[import-untyped]
import typst

from services.render.fonts import font_set


def main(source: Path, lang: str) -> dict[str, float]:
    pandoc = pypandoc.get_pandoc_path()
    times: dict[str, float] = {}
    for fmt, suffix in (("docx", ".docx"), ("typst", ".typ")):
        started = time.perf_counter()
        subprocess.run(
            [
                pandoc,
                "--sandbox",
                "-f",
                "markdown",
                "-t",
                fmt,
                "-s",
                "-M",
                f"lang={lang}",
                "-o",
                str(source.with_suffix(suffix)),
                str(source),
            ],
            check=True,
        )
        times[fmt] = time.perf_counter() - started
    started = time.perf_counter()
    typst.compile(
        str(source.with_suffix(".typ")),
        output=str(source.with_suffix(".pdf")),
        font_paths=[str(p) for p in font_set().directories],
    )
    times["pdf"] = time.perf_counter() - started
    return times


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), sys.argv[2])))
