"""Byte-identical rebuilds: the fidelity paper made again in another process is the same file."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import pytest

from tests.fidelity.conftest import HOUSE_STYLE, ROOT, Rendered
from tests.fidelity.paper import LANGUAGES

pytestmark = pytest.mark.slow

_SCRIPT = """
import hashlib, json, sys
from services.render import PandocRenderer
from tests.fidelity.conftest import HOUSE_STYLE
from tests.fidelity.paper import LANGUAGES, fidelity_edition
renderer = PandocRenderer()
digests = {}
for language in LANGUAGES:
    edition = fidelity_edition(language, **HOUSE_STYLE)
    for fmt in ("docx", "pdf"):
        digests[f"{language}.{fmt}"] = hashlib.sha256(renderer.render(edition, fmt)).hexdigest()
json.dump(digests, sys.stdout)
"""


def test_every_language_and_format_rebuilds_byte_for_byte_in_another_process(
    rendered: dict[str, Rendered],
) -> None:
    assert HOUSE_STYLE  # the same settings as the session's files
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT], cwd=ROOT, capture_output=True, check=True, timeout=300
    )
    again = json.loads(done.stdout)
    for language in LANGUAGES:
        files = rendered[language]
        assert again[f"{language}.docx"] == hashlib.sha256(files.docx).hexdigest(), language
        assert again[f"{language}.pdf"] == hashlib.sha256(files.pdf).hexdigest(), language
