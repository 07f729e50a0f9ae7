"""Narrative ``text.div``: XHTML to plain text for the detectors, and plain text back to a minimal div.

The de-identified narrative is written back as ``<div xmlns="http://www.w3.org/1999/xhtml">`` with the
text escaped and line breaks as ``<br/>``: markup, links and images of the original are not kept, since
attributes (``href``, ``title``, ``src``) can carry PHI the text pipeline never sees.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

XHTML_NS = "http://www.w3.org/1999/xhtml"

#: elements that end a line of text
_BLOCKS = frozenset({
    "p", "div", "br", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
    "blockquote", "dt", "dd", "hr",
})
_CELLS = frozenset({"td", "th"})
_SKIP = frozenset({"script", "style"})


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")
        elif tag in _CELLS:
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def div_text(div: str) -> str:
    """The text of an XHTML div: tags dropped, entities decoded, one line per block, spaces collapsed."""
    parser = _Text()
    parser.feed(div)
    parser.close()
    lines = (re.sub(r"[ \t\r\f\v\xa0]+", " ", line).strip() for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def text_div(text: str) -> str:
    """A minimal valid narrative div holding ``text`` (escaped; lines joined by ``<br/>``)."""
    body = "<br/>".join(html.escape(line, quote=False) for line in text.split("\n"))
    return f'<div xmlns="{XHTML_NS}">{body}</div>'
