"""Inert Markdown: a note's text as display HTML that can never run, load or link anything."""

from __future__ import annotations

import html
import re
import threading
import xml.etree.ElementTree as etree
from html.parser import HTMLParser

import markdown
from markdown.util import AMP_SUBSTITUTE

#: Tags the display may show (Qt's rich-text subset); every attribute is dropped.
ALLOWED_TAGS = frozenset({
    "p", "em", "strong", "code", "pre", "ul", "ol", "li", "blockquote", "h1", "h2", "h3", "h4",
    "hr", "br", "table", "thead", "tbody", "tr", "th", "td",
})
_RENAMED = {"h5": "h4", "h6": "h4", "b": "strong", "i": "em"}
_VOID = frozenset({"br", "hr"})
#: Elements whose content is dropped with them, should any ever reach the sanitiser.
_DROPPED = frozenset({"script", "style", "iframe", "object", "embed", "template", "noscript",
                      "head", "title", "svg", "math", "textarea", "select"})
_BLOCKS = frozenset({"p", "pre", "blockquote", "h1", "h2", "h3", "h4", "ul", "ol", "table",
                     "tr", "hr"})
_EXTENSIONS = ["tables", "fenced_code", "sane_lists", "nl2br"]
_local = threading.local()


def render_markdown(text: str) -> str:
    """A note's Markdown as safe display HTML.

    Raw HTML in the text shows as literal text; links and images become their text followed
    by the address in plain text; the output holds only :data:`ALLOWED_TAGS`, no attributes.
    """
    return sanitise_html(_converter().reset().convert(text))


def markdown_to_text(text: str) -> str:
    """A note's Markdown as plain text (tooltips, the notes panel): no markup, blocks on lines."""
    parser = _TextParser()
    parser.feed(render_markdown(text))
    parser.close()
    return parser.text()


def sanitise_html(fragment: str) -> str:
    """Keep only :data:`ALLOWED_TAGS`, without attributes; everything else becomes inert text
    (or disappears, for scripts and styles). The output is always well nested."""
    parser = _Sanitiser()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.out)


def _converter() -> markdown.Markdown:
    """One Markdown converter per thread (converters are not thread-safe), raw HTML off."""
    md: markdown.Markdown | None = getattr(_local, "md", None)
    if md is None:
        md = markdown.Markdown(extensions=_EXTENSIONS, output_format="html")
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_InertLinks(), "inert_links", 15)
        _local.md = md
    return md


class _InertLinks:
    """A tree processor: links and images become plain text, ``text (address)``; nothing is
    clickable or fetched. (Markdown only needs ``run``; no subclass of its untyped base.)"""

    def run(self, root: etree.Element) -> None:
        for element in list(root.iter()):
            if element.tag == "a":
                _flatten(element, element.get("href", ""))
            elif element.tag == "img":
                alt = element.get("alt", "")
                src = element.get("src", "")
                element.text = alt
                _flatten(element, src)


def _flatten(element: etree.Element, address: str) -> None:
    shown = "".join(element.itertext())
    address = _plain(address)
    element.tag = "span"
    element.attrib.clear()
    if not address or _plain(shown) == address or _plain(shown) == _strip_mailto(address):
        return
    suffix = f" ({address})" if shown else address
    if len(element):
        last = element[-1]
        last.tail = (last.tail or "") + suffix
    else:
        element.text = (element.text or "") + suffix


def _plain(address: str) -> str:
    """An address as the reader should see it (Markdown's e-mail obfuscation undone)."""
    return html.unescape(address.replace(AMP_SUBSTITUTE, "&")).strip()


def _strip_mailto(address: str) -> str:
    return address[7:] if address.lower().startswith("mailto:") else address


class _Sanitiser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []
        self.dropping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = _RENAMED.get(tag, tag)
        if tag in _DROPPED:
            self.dropping += 1
        elif self.dropping or tag not in ALLOWED_TAGS:
            return
        elif tag in _VOID:
            self.out.append(f"<{tag}>")
        else:
            self.out.append(f"<{tag}>")
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = _RENAMED.get(tag, tag)
        if tag in _VOID and not self.dropping:
            self.out.append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        tag = _RENAMED.get(tag, tag)
        if tag in _DROPPED:
            self.dropping = max(0, self.dropping - 1)
        elif not self.dropping and tag in self.open:
            while self.open:
                inner = self.open.pop()
                self.out.append(f"</{inner}>")
                if inner == tag:
                    break

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.out.append(html.escape(data, quote=False))

    def close(self) -> None:
        super().close()
        while self.open:
            self.out.append(f"</{self.open.pop()}>")


class _TextParser(HTMLParser):
    """Rendered HTML back to text: spacing as a browser would show it, blocks on their lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.in_pre = 0
        self.first_cell = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "li":
            self.parts.append("\n• ")
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "pre":
            self.in_pre += 1
        elif tag == "tr":
            self.first_cell = True
        elif tag in ("td", "th"):
            if not self.first_cell:
                self.parts.append("| " if self.parts and self.parts[-1].endswith(" ") else " | ")
            self.first_cell = False

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self.in_pre = max(0, self.in_pre - 1)
        if tag in _BLOCKS:
            self.parts.append("\n" if tag in ("tr", "hr") else "\n\n")

    def handle_data(self, data: str) -> None:
        if not self.in_pre:
            data = re.sub(r"\s+", " ", data)
            if not self.parts or self.parts[-1].endswith(("\n", " ")):
                data = data.lstrip()
        if data:
            self.parts.append(data)

    def text(self) -> str:
        lines = [line.rstrip() for line in "".join(self.parts).split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
