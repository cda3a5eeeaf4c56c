"""Reading Word (.docx) tables: cells as lines, merged cells once, bold rows, headings above tables, comments.

Word's automatic list numbering is not in a paragraph's text: it comes from the numbering definitions
(numbering.xml). `_WordNumbering` recovers each numbered paragraph's label in document order ("1.", "1.2",
"A.", "iv.", multi-level "1.2.a") and puts it in front of the text, as a person sees it in Word; bullets
become "- " items.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator

from .safety import MAX_COLUMNS, RowBudget, make_row, too_many_columns
from .tables import SourceRow, SourceTable, UnreadableFile
from .text import as_list_item, clean_cell_text

logger = logging.getLogger(__name__)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
W_P, W_TBL, W_TR, W_TC, W_R, W_T = (f"{_W}{tag}" for tag in ("p", "tbl", "tr", "tc", "r", "t"))
W_COMMENT_START, W_COMMENT_REF = f"{_W}commentRangeStart", f"{_W}commentReference"
# Wrappers (content controls, custom XML, tracked insertions) whose children are ordinary content.
_TRANSPARENT = frozenset(f"{_W}{tag}" for tag in ("sdt", "sdtContent", "customXml", "ins", "smartTag"))
# Inside a paragraph: deleted text, field codes, properties and drawings (text boxes would be read twice
# through mc:AlternateContent) are not the cell's text.
_NOT_TEXT = frozenset(
    [f"{_W}{tag}" for tag in ("del", "moveFrom", "delText", "instrText", "rPr", "pPr", "drawing", "pict", "object")]
    + [f"{_MC}AlternateContent"]
)
_FALSE_VALUES = frozenset({"0", "false", "off", "none"})


def read_docx(data: bytes, budget: RowBudget) -> list[SourceTable]:
    import docx  # imported here so reading a CSV never pays for python-docx

    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        styles = _WordStyles(document.styles.element)
    except Exception:
        logger.info("python-docx could not open an uploaded .docx", exc_info=True)
        raise UnreadableFile(
            "This Word file could not be opened; it may be damaged, or be a template (.dotx) or macro-enabled "
            "(.docm) file. Open it in Word, save it as a Word Document (.docx) and upload it again."
        ) from None
    _count_rows_first(body, budget)
    comments = _word_comments(document, body)
    numbering = _WordNumbering.of(document, styles)
    tables: list[SourceTable] = []
    heading: str | None = None
    for block in _blocks(body):
        if block.tag == W_P:
            label = numbering.label(block)  # every paragraph moves Word's counters on, headings or not
            if styles.is_heading(block):
                text = clean_cell_text(_paragraph_text(block)).replace("\n", " ")
                if text and label and label != _BULLET:
                    text = f"{label} {text}"
                heading = text or heading
            continue
        name = f"Table {len(tables) + 1}"
        rows = _word_table_rows(block, name, styles, numbering, comments, budget)
        tables.append(SourceTable(name=name, rows=rows, heading=heading))
    if not tables:
        raise UnreadableFile(
            "The Word document has no tables in it. We read the plan from a table (goals and actions in rows), "
            "so check it is the action plan and upload it again."
        )
    return tables


def _count_rows_first(body, budget: RowBudget) -> None:
    """Refuse a document whose tables have more rows with text than the budget allows, before reading any cell.

    Reading a row (its cells, styles, list numbering) costs far more than looking for text in it, so a document
    of 200,000 rows is refused after a quick count rather than after reading 5,000 rows.
    """
    rows = 0
    for table in _blocks(body):
        if table.tag != W_TBL:
            continue
        for tr in _table_rows(table):
            if any((t.text or "").strip() for t in tr.iter(W_T)):
                rows += 1
                if rows > budget.max_rows:
                    budget.check(budget.max_rows + 1)  # raises the row-limit message


def _children(parent, tags: tuple[str, ...]) -> Iterator:
    """Elements with one of `tags` directly in `parent`, looking through content controls and similar wrappers."""
    for child in parent:
        if child.tag in tags:
            yield child
        elif child.tag in _TRANSPARENT:
            yield from _children(child, tags)


def _blocks(parent) -> Iterator:
    """Paragraphs and tables, in document order."""
    return _children(parent, (W_P, W_TBL))


def _table_rows(table) -> Iterator:
    return _children(table, (W_TR,))


def _row_cells(row) -> Iterator:
    return _children(row, (W_TC,))


def _val(element, path: str) -> str | None:
    found = element.find(path)
    return None if found is None else found.get(f"{_W}val")


def _word_table_rows(
    table, name: str, styles: _WordStyles, numbering: _WordNumbering, comments: _WordComments, budget: RowBudget
) -> list[SourceRow]:
    rows: list[SourceRow] = []
    for number, tr in enumerate(_table_rows(table), start=1):
        cells = [""] * _count(_val(tr, f"{_W}trPr/{_W}gridBefore"), default=0)
        for tc in _row_cells(tr):
            vmerge = tc.find(f"{_W}tcPr/{_W}vMerge")
            # A merged cell keeps its columns, but its text appears once: in its first column, on its first row.
            continuation = vmerge is not None and vmerge.get(f"{_W}val", "continue") == "continue"
            text = "" if continuation else _cell_text(tc, styles, numbering)
            if len(cells) >= MAX_COLUMNS:  # no more columns are kept, so a freak row cannot fill memory
                if text.strip():
                    raise too_many_columns(name, number)
                continue
            cells.append(text)
            cells.extend([""] * (_count(_val(tc, f"{_W}tcPr/{_W}gridSpan"), default=1) - 1))
        row = make_row(name, number, cells, budget, bold=_row_is_bold(tr, styles))
        if row is not None:
            rows.append(row)
        for label, text in comments.anchored_in(tr):
            note = make_row(name, number, [f"Commented [{label}]: {text}"], budget)
            if note is not None:
                rows.append(note)
    return rows


def _count(value: str | None, *, default: int) -> int:
    """A column count from the XML, kept within what a row may hold."""
    return min(int(value), MAX_COLUMNS) if value and value.isdigit() else default


def _cell_text(container, styles: _WordStyles, numbering: _WordNumbering) -> str:
    """A cell's paragraphs as lines (a numbered item with its label, "- " for other list items); a table nested in
    it as one line per row."""
    lines = []
    for block in _blocks(container):
        if block.tag == W_P:
            text = _paragraph_text(block)
            label = numbering.label(block)
            if text.strip() and label and label != _BULLET:
                text = f"{label} {text.strip()}"
            elif text.strip() and (label == _BULLET or (label is None and styles.is_list_item(block))):
                text = as_list_item(text)
            lines.append(text)
        else:
            for tr in _table_rows(block):
                parts = [_cell_text(tc, styles, numbering) for tc in _row_cells(tr)]
                lines.append(" | ".join(p.replace("\n", "; ") for p in parts if p.strip()))
    return "\n".join(lines)


def _paragraph_text(paragraph) -> str:
    parts: list[str] = []
    _collect_text(paragraph, parts)
    return "".join(parts)


def _collect_text(element, parts: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag == W_T:
            parts.append(child.text or "")
        elif tag in (f"{_W}tab", f"{_W}ptab"):
            parts.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
        elif tag == f"{_W}noBreakHyphen":
            parts.append("-")
        elif isinstance(tag, str) and tag not in _NOT_TEXT:  # comments and processing instructions have no str tag
            _collect_text(child, parts)


def _row_is_bold(tr, styles: _WordStyles) -> bool:
    """True when every run with text in the row is bold, by direct formatting or by its styles."""
    seen_text = False
    for run in tr.iter(W_R):
        if not any((t.text or "").strip() for t in run.iter(W_T)):
            continue
        seen_text = True
        paragraph = next(run.iterancestors(W_P), None)
        if not styles.run_is_bold(run, paragraph):
            return False
    return seen_text


def _toggle(element) -> bool | None:
    """The value of an on/off property element such as <w:b/>, or None when it is absent."""
    if element is None:
        return None
    return (element.get(f"{_W}val") or "true").lower() not in _FALSE_VALUES


class _WordStyles:
    """Just enough of styles.xml to know which paragraphs are headings or list items and which runs are bold."""

    def __init__(self, styles_element) -> None:
        self._by_id: dict[str, object] = {}
        self._default: dict[str, str] = {}
        for style in styles_element.iter(f"{_W}style"):
            style_id = style.get(f"{_W}styleId")
            kind = style.get(f"{_W}type", "paragraph")
            if style_id:
                self._by_id[style_id] = style
                if (style.get(f"{_W}default") or "").lower() in ("1", "true", "on"):
                    self._default[kind] = style_id
        defaults = styles_element.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr/{_W}b")
        self._default_bold = bool(_toggle(defaults))
        self._names_cache: dict[str | None, list[str]] = {}

    def _chain(self, style_id: str | None) -> Iterator:
        """The style and the styles it is based on, nearest first (a loop in basedOn is cut short)."""
        seen = set()
        while style_id and style_id not in seen and style_id in self._by_id:
            seen.add(style_id)
            style = self._by_id[style_id]
            yield style
            style_id = _val(style, f"{_W}basedOn")

    def _paragraph_style(self, paragraph) -> str | None:
        if paragraph is None:
            return self._default.get("paragraph")
        return _val(paragraph, f"{_W}pPr/{_W}pStyle") or self._default.get("paragraph")

    def _names(self, paragraph) -> list[str]:
        style_id = self._paragraph_style(paragraph)
        if style_id not in self._names_cache:  # a table of thousands of rows uses a handful of styles
            self._names_cache[style_id] = [(_val(s, f"{_W}name") or "").lower() for s in self._chain(style_id)]
        return self._names_cache[style_id]

    def is_heading(self, paragraph) -> bool:
        return any(n.startswith("heading") or n in ("title", "subtitle") for n in self._names(paragraph))

    def is_list_item(self, paragraph) -> bool:
        numbering = paragraph.find(f"{_W}pPr/{_W}numPr")
        if numbering is not None:
            return _val(numbering, f"{_W}numId") not in ("0", None)
        if any(n.startswith("list") for n in self._names(paragraph)):
            return True
        for style in self._chain(self._paragraph_style(paragraph)):
            numbering = style.find(f"{_W}pPr/{_W}numPr")
            if numbering is not None:
                return _val(numbering, f"{_W}numId") != "0"
        return False

    def numbering(self, paragraph) -> tuple[str, int] | None:
        """(numId, level) of a paragraph in a Word list, set on the paragraph or by its style; None if not listed."""
        own = paragraph.find(f"{_W}pPr/{_W}numPr")
        num_id = _val(own, f"{_W}numId") if own is not None else None
        level = _val(own, f"{_W}ilvl") if own is not None else None
        if num_id is None or level is None:
            for style in self._chain(self._paragraph_style(paragraph)):
                inherited = style.find(f"{_W}pPr/{_W}numPr")
                if inherited is None:
                    continue
                num_id = num_id if num_id is not None else _val(inherited, f"{_W}numId")
                level = level if level is not None else _val(inherited, f"{_W}ilvl")
                if num_id is not None and level is not None:
                    break
        if num_id in (None, "0"):
            return None
        return num_id, _count(level, default=0)

    def run_is_bold(self, run, paragraph) -> bool:
        direct = _toggle(run.find(f"{_W}rPr/{_W}b"))
        if direct is not None:
            return direct
        for style in self._chain(_val(run, f"{_W}rPr/{_W}rStyle")):
            value = _toggle(style.find(f"{_W}rPr/{_W}b"))
            if value is not None:
                return value
        for style in self._chain(self._paragraph_style(paragraph)):
            value = _toggle(style.find(f"{_W}rPr/{_W}b"))
            if value is not None:
                return value
        return self._default_bold


class _WordComments:
    """Review comments by anchor, numbered in order of appearance like Word's "Commented [n]" labels."""

    def __init__(self, texts: dict[str, str], order: dict[str, int]) -> None:
        self._texts = texts
        self._order = order
        self._emitted: set[str] = set()

    def anchored_in(self, tr) -> list[tuple[int, str]]:
        found = []
        for anchor in tr.iter(W_COMMENT_START, W_COMMENT_REF):
            comment_id = anchor.get(f"{_W}id")
            if comment_id in self._texts and comment_id not in self._emitted:
                self._emitted.add(comment_id)
                found.append((self._order[comment_id], self._texts[comment_id]))
        return found


def _word_comments(document, body) -> _WordComments:
    order: dict[str, int] = {}
    for anchor in body.iter(W_COMMENT_START, W_COMMENT_REF):
        order.setdefault(anchor.get(f"{_W}id"), len(order) + 1)
    texts: dict[str, str] = {}
    if order:
        try:
            for comment in document.comments:
                texts[str(comment.comment_id)] = comment.text
        except Exception:  # comments are a nicety: a damaged comments part must not stop the import
            logger.info("could not read comments from an uploaded .docx", exc_info=True)
    return _WordComments({k: v for k, v in texts.items() if k in order and v.strip()}, order)


_BULLET = "\x00bullet"  # a bullet item's "label": shown as a "- " line
_LEVELS = 9  # Word lists have levels 0-8


def _roman(number: int) -> str:
    numerals = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
                (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]  # fmt: skip
    text = ""
    for value, numeral in numerals:
        while number >= value:
            text, number = text + numeral, number - value
    return text


def _letters(number: int) -> str:
    """Word's letter numbering: a-z, then aa, bb, ... (the letter repeated, not spreadsheet columns)."""
    if number < 1:
        return ""
    return chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)


def _formatted(number: int, fmt: str) -> str:
    if fmt in ("lowerLetter",):
        return _letters(number)
    if fmt == "upperLetter":
        return _letters(number).upper()
    if fmt == "lowerRoman":
        return _roman(number)
    if fmt == "upperRoman":
        return _roman(number).upper()
    if fmt == "decimalZero":
        return f"{number:02d}"
    if fmt == "none":
        return ""
    return str(number)  # decimal, and the formats a plan never uses (ordinal words, Chinese counting, ...)


class _Level:
    __slots__ = ("start", "fmt", "text", "restart")

    def __init__(self, start: int, fmt: str, text: str, restart: int | None) -> None:
        self.start, self.fmt, self.text, self.restart = start, fmt, text, restart


class _WordNumbering:
    """Labels of Word's automatic numbering, computed in document order from numbering.xml.

    Counters belong to the abstract list a numId points to (numIds sharing one continue each other, as in
    Word), a startOverride restarts it the first time its numId is used, and a level's counter restarts when a
    higher level moves on (lvlRestart can say otherwise). lvlText such as "%1.%2.%3" is filled from the
    counters of those levels, each in its own format (decimal, letters, roman).
    """

    def __init__(self, abstracts: dict[str, list[_Level | None]], nums: dict[str, tuple[str, dict[int, int]]]):
        self._abstracts = abstracts
        self._nums = nums
        self._counters: dict[str, list[int | None]] = {}
        self._started: set[str] = set()

    @classmethod
    def of(cls, document, styles: _WordStyles) -> _WordNumbering:
        try:
            root = document.part.numbering_part.element
        except Exception:  # no numbering part (python-docx raises NotImplementedError or KeyError): no lists
            return cls({}, {})
        abstracts: dict[str, list[_Level | None]] = {}
        links: dict[str, str] = {}  # abstractNumId -> a numbering style it takes its levels from
        for abstract in root.iter(f"{_W}abstractNum"):
            levels: list[_Level | None] = [None] * _LEVELS
            for lvl in abstract.iter(f"{_W}lvl"):
                index = _count(lvl.get(f"{_W}ilvl"), default=0)
                if index < _LEVELS:
                    restart = _val(lvl, f"{_W}lvlRestart")
                    levels[index] = _Level(
                        start=_count(_val(lvl, f"{_W}start"), default=1),
                        fmt=_val(lvl, f"{_W}numFmt") or "decimal",
                        text=_val(lvl, f"{_W}lvlText") or "",
                        restart=int(restart) if restart and restart.isdigit() else None,
                    )
            abstract_id = abstract.get(f"{_W}abstractNumId")
            abstracts[abstract_id] = levels
            link = _val(abstract, f"{_W}numStyleLink")
            if link:
                links[abstract_id] = link
        nums: dict[str, tuple[str, dict[int, int]]] = {}
        for num in root.iter(f"{_W}num"):
            overrides = {}
            for override in num.iter(f"{_W}lvlOverride"):
                start = _val(override, f"{_W}startOverride")
                if start is not None and start.isdigit():
                    overrides[_count(override.get(f"{_W}ilvl"), default=0)] = int(start)
            nums[num.get(f"{_W}numId")] = (_val(num, f"{_W}abstractNumId") or "", overrides)
        numbering = cls(abstracts, nums)
        for abstract_id, style_id in links.items():  # a list defined by a numbering style: use that style's list
            style = styles._by_id.get(style_id)
            target = _val(style, f"{_W}pPr/{_W}numPr/{_W}numId") if style is not None else None
            if target in nums and nums[target][0] in abstracts and nums[target][0] != abstract_id:
                abstracts[abstract_id] = abstracts[nums[target][0]]
        numbering._styles = styles
        return numbering

    _styles: _WordStyles | None = None

    def label(self, paragraph) -> str | None:
        """The label Word shows before this paragraph ("1.2", "A.", "iv)"), _BULLET for a bullet, None if unlisted."""
        if not self._nums or self._styles is None:
            return None
        listed = self._styles.numbering(paragraph)
        if listed is None or listed[0] not in self._nums:
            return None
        num_id, level = listed
        abstract_id, overrides = self._nums[num_id]
        levels = self._abstracts.get(abstract_id)
        if not levels or level >= _LEVELS or levels[level] is None:
            return None
        definition = levels[level]
        if definition.fmt == "bullet":
            return _BULLET
        counters = self._counters.setdefault(abstract_id, [None] * _LEVELS)
        if num_id not in self._started:
            self._started.add(num_id)
            for index, start in overrides.items():
                if index < _LEVELS:
                    counters[index] = start - 1
        current = counters[level]
        counters[level] = definition.start if current is None else current + 1
        for deeper in range(level + 1, _LEVELS):
            below = levels[deeper]
            if below is None or below.restart != 0:  # lvlRestart 0: this level never restarts
                counters[deeper] = None
        if definition.fmt == "none" or not definition.text:
            return None

        def fill(match) -> str:
            index = int(match.group(1)) - 1
            if not 0 <= index < _LEVELS or levels[index] is None:
                return ""
            value = counters[index] if counters[index] is not None else levels[index].start
            return _formatted(value, levels[index].fmt)

        label = _PLACEHOLDER.sub(fill, definition.text).strip()
        return label or None


_PLACEHOLDER = re.compile(r"%([1-9])")
