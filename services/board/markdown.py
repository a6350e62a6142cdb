"""A revision's Markdown as HTML a page can show: sandboxed pandoc, then sanitized.

pandoc reads the text as the renderer does (no raw HTML, TeX or attributes, no YAML) in
sandbox mode, so a text can never make it read a file; `nh3` then keeps only harmless
markup, whatever pandoc let through. Ids carry a prefix (footnotes link to them) so a
text can never clobber an element of the page. Images point at the paper's own image
route: a text cannot make a reader's browser fetch anything elsewhere.
"""

from __future__ import annotations

import asyncio
import datetime
import hashlib
import re
from collections import OrderedDict
from urllib.parse import quote

import nh3

from services.render.pandoc import run_pandoc

ID_PREFIX = "t-"
TIMEOUT_SECONDS = 20.0
CACHE_ENTRIES = 256
_DAY = datetime.date(2000, 1, 1)  # HTML output carries no date; pandoc wants one
_IMAGE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")

TAGS = {
    "a", "abbr", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del",
    "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "img", "ins", "li", "ol", "p", "pre", "q", "s", "section", "small", "span",
    "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ATTRIBUTES = {
    "*": {"id", "class", "lang", "dir", "title", "role"},
    "a": {"href"},
    "img": {"src", "alt"},
    "ol": {"start", "type"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}

_cache: OrderedDict[tuple[str, str], str] = OrderedDict()


def _filter(paper: str) -> object:
    images = f"/api/v1/papers/{quote(paper)}/images/"

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if attribute == "id":
            return value if value.startswith(ID_PREFIX) else None
        if attribute == "href" and not value.startswith(("#" + ID_PREFIX, "https://", "http://")):
            return None
        if attribute == "src":
            return images + quote(value) if _IMAGE_NAME.match(value) else None
        return value

    return keep


def sanitize(html: str, paper: str) -> str:
    """Only harmless markup of `html`: no script, style, event handler or foreign URL."""
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        attribute_filter=_filter(paper),  # type: ignore[arg-type]
        url_schemes={"http", "https"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def to_html_now(markdown: str, paper: str) -> str:
    """The text as sanitized HTML (blocking: pandoc runs as a child process)."""
    key = (hashlib.sha256(markdown.encode()).hexdigest(), paper)
    if key in _cache:
        _cache.move_to_end(key)
        return _cache[key]
    raw = run_pandoc(
        markdown,
        "html5",
        day=_DAY,
        # The page's title is h1 and the section's h2: the text's own headings go below.
        options=("--wrap=none", f"--id-prefix={ID_PREFIX}", "--shift-heading-level-by=2"),
        lua_filter=False,
        timeout=TIMEOUT_SECONDS,
    )
    html = sanitize(raw.decode(), paper)
    _cache[key] = html
    while len(_cache) > CACHE_ENTRIES:
        _cache.popitem(last=False)
    return html


async def to_html(markdown: str, paper: str) -> str:
    """The text as sanitized HTML, rendered off the event loop."""
    return await asyncio.to_thread(to_html_now, markdown, paper)
