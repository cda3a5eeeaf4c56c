"""Split a plan's lead cell ("JM/ LV & HO", "LA & RT with NW") into the names it holds.

Rules, in order:

1. Split on "/", "&", ",", ";". An "&" directly between two single letters ("S&L", "A&E") is an
   abbreviation, not a separator.
2. Split each piece on the words "and" / "with", unless the piece names a group
   ("Safeguarding and Reviewing Team" stays whole).
3. A piece made only of 2-3 letter upper-case words ("TA LA") is several people's initials;
   a longer upper-case word keeps the piece whole ("FISS MT").
4. Trim, drop empties and duplicates (first one wins).

Each name gets a kind: "initials" (one upper-case token of 2-4 letters: "LA", "SMS", "AOK"),
"group" (contains a group word such as Group, Board, Team, SMT, Corporate, or is several
upper-case words) or "person" (anything else: "Anne Canning").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

INITIALS = "initials"
PERSON = "person"
GROUP = "group"

GROUP_WORDS = (
    "group",
    "board",
    "smt",
    "mt",
    "team",
    "corporate",
    "panel",
    "service",
    "partnership",
    "forum",
    "unit",
    "committee",
    "network",
)

_WORD_SEPARATOR = re.compile(r"\s+\b(?:and|with)\b\s+", re.IGNORECASE)
_GROUP_WORD = re.compile(r"\b(?:" + "|".join(GROUP_WORDS) + r")s?\b", re.IGNORECASE)
_SHORT_CAPS_WORD = re.compile(r"[A-Z]{2,3}")
_INITIALS = re.compile(r"[A-Z]{2,4}")
_CAPS_WORD = re.compile(r"[A-Z][A-Z0-9&]*")


@dataclass(frozen=True)
class LeadName:
    name: str
    kind: str  # "initials" | "person" | "group"


def split_leads(text: str) -> list[LeadName]:
    """The names in a lead cell, in the order written, each with its kind."""
    names: list[str] = []
    for piece in _split_hard(text or ""):
        parts = [piece] if _GROUP_WORD.search(piece) else _WORD_SEPARATOR.split(piece)
        for part in parts:
            words = part.split()
            if len(words) > 1 and all(_SHORT_CAPS_WORD.fullmatch(w) for w in words):
                names.extend(words)
            else:
                names.append(part)

    leads: list[LeadName] = []
    seen: set[str] = set()
    for raw in names:
        name = " ".join(raw.split()).strip(" .-:")
        if not name or name in seen:
            continue
        seen.add(name)
        leads.append(LeadName(name=name, kind=lead_kind(name)))
    return leads


def lead_kind(name: str) -> str:
    """The kind of one name already split out of a lead cell: initials, group or person."""
    words = name.split()
    if len(words) == 1 and _INITIALS.fullmatch(name):
        return INITIALS
    if _GROUP_WORD.search(name):
        return GROUP
    if len(words) > 1 and all(_CAPS_WORD.fullmatch(w) for w in words):
        return GROUP
    return PERSON


def _split_hard(text: str) -> list[str]:
    # "S&L" and "A&E" are abbreviations: protect an "&" with a single letter on each side.
    protected = re.sub(r"\b([A-Za-z])&([A-Za-z])\b", "\\1\x00\\2", text)
    return [p.replace("\x00", "&") for p in re.split(r"[/,;&]", protected)]
