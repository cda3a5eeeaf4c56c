"""Cell-text cleaning for imports: HTML fragments to plain lines, list items as "- ", whitespace tidied."""
from __future__ import annotations

import re
from html.entities import html5
from html.parser import HTMLParser

# Tags that councils' exports actually put in cells (Word/CMS rich text). A cell is only treated as HTML
# when one of these appears, so "a < b" or "A&E" in plain text is never mangled.
_KNOWN_TAGS = (
    "p|br|div|span|li|ul|ol|strong|b|i|em|u|s|strike|a|font|sup|sub|small|big|mark|code|pre|blockquote|"
    "table|thead|tbody|tfoot|tr|td|th|caption|h[1-6]|hr|img|section|article|header|footer|del|ins|o:p|"
    "html|body|head|style|script|meta|title"
)
_TAG_RE = re.compile(rf"</?(?:{_KNOWN_TAGS})(?:\s[^<>]*)?/?>", re.IGNORECASE)
_ENTITY_RE = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")

# Tags whose start and end break the line; "li" is handled separately because it also starts a list item.
_BLOCK_TAGS = frozenset(
    "p br div ul ol table thead tbody tfoot tr caption h1 h2 h3 h4 h5 h6 hr pre blockquote section article "
    "header footer html body title".split()
)
# Marks where an <li> began; NUL cannot be in the input because readers refuse text with control characters.
_ITEM_MARK = "\x00LI\x00"
_CELL_TAGS = frozenset({"td", "th"})
_SKIPPED_TAGS = frozenset({"script", "style", "head"})

# Word writes \v for a manual line break and \f for a page break in "Save as text"; U+2028/9 come from pasted web text.
_LINE_BREAKS = re.compile(r"\r\n|[\r\v\f\u2028\u2029\x85]")
_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f\u2000-\u200a\u3000]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# "•" and its cousins from Word's symbol fonts (U+F0B7 is the Symbol-font bullet that survives copy-paste).
_BULLET = re.compile(r"^[•·▪◦‣⁃●○■□➢➤\uf0b7\uf0a7\uf076\uf0d8]\s*")
_LIST_MARK = re.compile(r"^(?:[-–•·▪◦‣⁃●○■□➢➤\uf0b7\uf0a7\uf076\uf0d8]\s*)+")


def clean_cell_text(raw: str) -> str:
    """Plain text of one cell: markup dropped with its structure kept as lines, list items as "- ", spaces tidied."""
    if not raw:
        return ""
    text = _LINE_BREAKS.sub("\n", raw)
    if looks_like_html(text):
        text = _html_to_lines(text)
    lines = []
    for line in text.split("\n"):
        line = _SPACES.sub(" ", _INVISIBLE.sub("", line)).strip()
        if not line:
            continue
        lines.append(_BULLET.sub("- ", line))
    return "\n".join(lines)


def looks_like_html(text: str) -> bool:
    """True when the text carries tags or character references that an HTML editor wrote."""
    if _TAG_RE.search(text):
        return True
    return any(m.group(0)[1:] in html5 or m.group(0)[1] == "#" for m in _ENTITY_RE.finditer(text))


def as_list_item(text: str) -> str:
    """One list item as a "- " line, without doubling a bullet the author already typed."""
    return "- " + _LIST_MARK.sub("", text.strip())


class _FragmentToLines(HTMLParser):
    """Turns an HTML fragment into text where paragraphs and breaks are newlines and list items start "- "."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0
        self._pre_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skip_depth += 1
        elif tag == "li":
            self.parts.append("\n" + _ITEM_MARK)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
            if tag == "pre":
                self._pre_depth += 1
        elif tag in _CELL_TAGS:
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS or tag == "li":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _BLOCK_TAGS or tag == "li":
            self.parts.append("\n")
            if tag == "pre":
                self._pre_depth = max(0, self._pre_depth - 1)
        elif tag in _CELL_TAGS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if self._skip_depth:
            return
        # In HTML a newline in the source is just a space (editors hard-wrap long paragraphs); <pre> keeps them.
        self.parts.append(data if self._pre_depth else data.replace("\n", " "))


def _html_to_lines(text: str) -> str:
    parser = _FragmentToLines()
    parser.feed(text.replace("\x00", ""))
    parser.close()
    lines = []
    item_pending = False  # <li><p>text</p></li>: the marker lands on an empty line before the text
    for line in "".join(parser.parts).split("\n"):
        if line.startswith(_ITEM_MARK):
            line = line[len(_ITEM_MARK):]
            item_pending = True
        if item_pending and line.strip():
            line = as_list_item(line)
            item_pending = False
        lines.append(line)
    return "\n".join(lines)
