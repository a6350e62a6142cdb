"""A text shown on the board is pandoc's HTML of its Markdown with nothing harmful left."""

from __future__ import annotations

from html.parser import HTMLParser

from services.board.markdown import sanitize, to_html_now


class Elements(HTMLParser):
    """Every element and attribute of a piece of HTML, as a browser would see them."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend(attrs)


HOSTILE = """# Heading

<script>alert(1)</script> and <img src=x onerror="alert(2)">

[click](javascript:alert(3)) and [fine](https://example.org/ok)

![map](map.png) ![outside](https://tracker.example/pixel.png) ![file](../../etc/passwd)

Text[^1] with ```{=html}<b onclick="x">raw</b>```

[^1]: A note.
"""


def test_markdown_becomes_html_with_its_structure() -> None:
    html = to_html_now("Some *emphasis* and a list:\n\n- one\n- two\n", "p")
    assert "<em>emphasis</em>" in html
    assert "<li>one</li>" in html


def test_scripts_handlers_and_foreign_urls_never_reach_the_page() -> None:
    html = to_html_now(HOSTILE, "habitat")
    elements = Elements(html)
    assert not {"script", "iframe", "object", "style"} & set(elements.tags)
    assert [name for name, _ in elements.attributes if name.startswith("on")] == []
    assert "javascript:" not in html
    assert "tracker.example" not in html and "etc/passwd" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown as the text it is
    assert 'href="https://example.org/ok"' in html
    assert 'src="/api/v1/papers/habitat/images/map.png"' in html


def test_headings_sit_below_the_page_headings_and_ids_carry_a_prefix() -> None:
    html = to_html_now("# Heading\n\nText[^1]\n\n[^1]: A note.\n", "p")
    assert '<h3 id="t-heading">' in html
    assert 'href="#t-fn1"' in html and 'id="t-fn1"' in html


def test_sanitize_removes_what_pandoc_would_never_write() -> None:
    html = sanitize(
        '<p id="main" style="color:red" onclick="x()">a</p><iframe src="/"></iframe>'
        '<a href="#main">b</a><form action="/x"><input></form>',
        "p",
    )
    assert html == '<p>a</p><a rel="noopener noreferrer nofollow">b</a>'
