"""Cell-text cleaning for imports: HTML fragments to plain lines, list items as "- ", whitespace tidied."""

from __future__ import annotations

import html
import re
from html.entities import html5

# Element names HTML editors write. Only these (and Word's namespaced ones such as <o:p>) count as tags, so a
# cell that merely says "<Name>" or "a < b" keeps its text.
_HTML_ELEMENTS = frozenset(
    """a abbr address article aside b bdi bdo big blockquote body br caption center cite code col colgroup dd del
    details dfn div dl dt em figcaption figure font footer h1 h2 h3 h4 h5 h6 head header hr html i img ins kbd
    label li link main mark meta nav nobr ol p pre q s samp script section small span strike strong style sub
    summary sup table tbody td tfoot th thead title tr tt u ul var wbr""".split()
)
# Tags whose start and end break the line; "li" is handled separately because it also starts a list item.
_LINE_TAGS = frozenset(
    """p br div ul ol dl dt dd table thead tbody tfoot tr caption h1 h2 h3 h4 h5 h6 hr pre blockquote section
    article aside header footer nav main figure figcaption details summary address center html body""".split()
)
_CELL_TAGS = frozenset({"td", "th"})
_SKIPPED_CONTENT = frozenset({"script", "style", "head"})
# [^<>]* stops at the next "<", so a stray "<" costs one short scan: the whole pass stays linear.
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*(?::[A-Za-z][A-Za-z0-9]*)?)(?=[\s/>])[^<>]*>")
_DECLARATION = re.compile(r"<[!?][^<>]*>")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# Marks where an <li> began; NUL is removed from the text first, so it cannot clash.
_ITEM_MARK = "\x00LI\x00"

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
    if _has_tags(text):
        text = _html_to_lines(text)
    elif _has_entities(text):
        text = html.unescape(text)  # "&amp;" with no tags: keep the author's own line breaks
    lines = []
    for line in text.split("\n"):
        line = _SPACES.sub(" ", _INVISIBLE.sub("", line)).strip()
        if not line:
            continue
        lines.append(_BULLET.sub("- ", line))
    return "\n".join(lines)


def looks_like_html(text: str) -> bool:
    """True when the text carries tags or character references that an HTML editor wrote."""
    return _has_tags(text) or _has_entities(text)


def _has_tags(text: str) -> bool:
    return "<" in text and any(_is_html_tag(m.group(2)) for m in _TAG.finditer(text))


def _has_entities(text: str) -> bool:
    return "&" in text and any(m.group(0)[1:] in html5 or m.group(0)[1] == "#" for m in _ENTITY.finditer(text))


def as_list_item(text: str) -> str:
    """One list item as a "- " line, without doubling a bullet the author already typed ("" if nothing is left)."""
    rest = _LIST_MARK.sub("", text.strip())
    return f"- {rest}" if rest else ""


def _is_html_tag(name: str) -> bool:
    return ":" in name or name.lower() in _HTML_ELEMENTS


def _html_to_lines(text: str) -> str:
    """The fragment's text with paragraphs and breaks as newlines and each <li> starting a "- " line."""
    text = _DECLARATION.sub(" ", _drop_comments(text.replace("\x00", "")))
    parts: list[str] = []
    position = 0
    skipping = 0  # inside <script>, <style> or <head>, whose text is not content
    for tag in _TAG.finditer(text):
        name = tag.group(2).lower()
        if not _is_html_tag(name):
            continue
        if not skipping:
            parts.append(_html_data(text[position : tag.start()]))
        position = tag.end()
        closing = tag.group(1) == "/"
        if name in _SKIPPED_CONTENT:
            skipping = max(0, skipping - 1) if closing else skipping + 1
        elif skipping:
            continue
        elif name == "li":
            parts.append("\n" if closing else "\n" + _ITEM_MARK)
        elif name in _LINE_TAGS:
            parts.append("\n")
        elif name in _CELL_TAGS:
            parts.append(" ")
    if not skipping:
        parts.append(_html_data(text[position:]))
    lines = []
    item_pending = False  # <li><p>text</p></li>: the marker lands on an empty line before the text
    for line in "".join(parts).split("\n"):
        if line.startswith(_ITEM_MARK):
            line = line[len(_ITEM_MARK) :]
            item_pending = True
        if item_pending and line.strip():
            line = as_list_item(line)
            item_pending = False
        lines.append(line)
    return "\n".join(lines)


def _html_data(data: str) -> str:
    # In HTML a newline in the source is only a space (editors hard-wrap long paragraphs).
    return html.unescape(data.replace("\n", " "))


def _drop_comments(text: str) -> str:
    """Text without <!-- --> comments; found with str.find so an unclosed one cannot make this slow."""
    if "<!--" not in text:
        return text
    kept = []
    position = 0
    while (start := text.find("<!--", position)) != -1:
        kept.append(text[position:start])
        end = text.find("-->", start + 4)
        if end == -1:
            position = len(text)
            break
        kept.append(" ")
        position = end + 3
    kept.append(text[position:])
    return "".join(kept)
