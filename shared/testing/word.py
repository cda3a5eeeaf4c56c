"""Word numbering built by hand for tests: a list definition as Word writes it in numbering.xml, and a paragraph
placed on one of its levels (python-docx has no API for either). Used by the readers' tests and the import
fixtures, which need Word's automatic numbering, whose numbers are not in the document's text."""

from docx.oxml import OxmlElement
from docx.oxml.ns import qn


def add_list(document, levels: list[tuple[str, str]], *, num_id: int = 90, start_override: int | None = None) -> int:
    """A Word list definition: (numFmt, lvlText) per level, as Word writes it in numbering.xml; returns its numId."""
    numbering = document.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), str(num_id))
    for index, (fmt, text) in enumerate(levels):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(index))
        for tag, value in (("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", text)):
            element = OxmlElement(tag)
            element.set(qn("w:val"), value)
            lvl.append(element)
        abstract.append(lvl)
    numbering.insert(0, abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(num_id))
    abstract_id = OxmlElement("w:abstractNumId")
    abstract_id.set(qn("w:val"), str(num_id))
    num.append(abstract_id)
    if start_override is not None:
        override = OxmlElement("w:lvlOverride")
        override.set(qn("w:ilvl"), "0")
        start = OxmlElement("w:startOverride")
        start.set(qn("w:val"), str(start_override))
        override.append(start)
        num.append(override)
    numbering.append(num)
    return num_id


def numbered(paragraph, num_id: int, level: int) -> None:
    num_pr = OxmlElement("w:numPr")
    for tag, value in (("w:ilvl", str(level)), ("w:numId", str(num_id))):
        element = OxmlElement(tag)
        element.set(qn("w:val"), value)
        num_pr.append(element)
    paragraph._p.get_or_add_pPr().append(num_pr)
