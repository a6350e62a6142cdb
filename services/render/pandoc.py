"""Running the pandoc binary that pypandoc-binary ships, always sandboxed.

The binary is called directly (its path is asked of pypandoc) rather than through
`pypandoc.convert_text`, for three reasons: each call gets its own environment, so
SOURCE_DATE_EPOCH is set per render without touching `os.environ` (renders run in
threads); a DOCX comes back on stdout with no temporary output file; and the call can
be given a time limit.
"""

from __future__ import annotations

import datetime
import json
import os
import subprocess
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path

import pypandoc  # type: ignore[import-untyped]

from workflows.rendering import RenderFailed

# Untrusted Markdown: no raw TeX, HTML or `{=format}` blocks (they would reach the
# output as code), and no YAML block (authors must not set bibliography, template or
# language metadata). Everything else of pandoc's Markdown stays available.
READER = "markdown-raw_tex-raw_html-raw_attribute-yaml_metadata_block"

FILTER = Path(__file__).with_name("accord.lua")
# Runs after citeproc (filters run in the order of the command line): it sets what
# citeproc writes, the references and the citations, in the document's language.
AFTER_FILTER = Path(__file__).with_name("accord-after.lua")

# On a long paper pandoc spends about a third of its time collecting garbage, mostly in
# collections of its old generation; letting that generation grow to 128 MB first saves
# most of them (measured: 13-15% of pandoc's time) for about 10 MB more memory.
RUNTIME = ("+RTS", "-O128m", "-RTS")


@cache
def pandoc_binary() -> str:
    """The path of the pandoc inside the pypandoc-binary wheel."""
    return str(pypandoc.get_pandoc_path())


def epoch(day: datetime.date) -> int:
    """Midnight UTC of the day, in seconds: the one clock every output is stamped with."""
    return int(datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC).timestamp())


def run_pandoc(
    markdown: str,
    to: str,
    *,
    day: datetime.date,
    options: Sequence[str] = (),
    metadata: Mapping[str, str] = {},  # noqa: B006 - never mutated
    filter_config: Mapping[str, object] | None = None,
    lua_filter: bool = True,
    after_filter: bool = False,
    timeout: float | None = None,
    heap_mb: int | None = None,
    reader: str = READER,
) -> bytes:
    """pandoc's output for the Markdown, converted in sandbox mode with the project filter.

    RenderFailed when pandoc refuses the document; TimeoutError when it runs too long
    (worth another try: the machine may just have been busy).
    """
    args = [
        pandoc_binary(),
        *RUNTIME,
        # A heap bound of pandoc's own: past it pandoc stops with "heap overflow".
        *(["+RTS", f"-M{heap_mb}m", "-RTS"] if heap_mb else []),
        "--sandbox",
        f"--from={reader}",
        f"--to={to}",
        *([f"--lua-filter={FILTER}"] if lua_filter else []),
        "--output=-",
        *options,
        *([f"--lua-filter={AFTER_FILTER}"] if after_filter else []),
    ]
    for key, value in metadata.items():
        args.append(f"--metadata={key}={value}")
    # A bare environment: without HOME pandoc has no user data directory, so no file of
    # the machine's (templates, styles, filters) can change what it writes.
    env = {
        "PATH": os.environ.get("PATH", ""),
        "LANG": "C.UTF-8",
        "SOURCE_DATE_EPOCH": str(epoch(day)),
        "ACCORD_RENDER": json.dumps(filter_config or {}),
    }
    try:
        done = subprocess.run(
            args,
            input=markdown.encode(),
            capture_output=True,
            env=env,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise TimeoutError(f"pandoc ran longer than {timeout} s") from None
    except OSError as error:
        raise RenderFailed(f"pandoc could not be started: {error.strerror}") from None
    if done.returncode != 0:
        if b"heap overflow" in done.stderr:
            raise RenderFailed(
                f"the document needs more memory to convert than the limit ({heap_mb} MB)"
            )
        raise RenderFailed(f"pandoc could not convert the document: {_reason(done.stderr)}")
    return done.stdout


def _reason(stderr: bytes) -> str:
    lines = [line for line in stderr.decode(errors="replace").splitlines() if line.strip()]
    errors = [line for line in lines if not line.startswith("[WARNING]")]
    return (errors or lines or ["no message"])[-1].strip()[:300]
