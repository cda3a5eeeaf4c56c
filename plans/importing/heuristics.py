"""What a cell says, read the same way by every layout: section rows, leads, statuses, titles and names.

Both layouts (numbered.py, columns.py) call these; nothing here knows about tables, rows or the database.

- **Names** (`name_key`): themes, pillars, service areas and units compare case- and punctuation-insensitively,
  "&" as "and", with a trailing "action(s)"/"activities" and a bracketed acronym left out, so "Non-Theme Related
  Actions" is "Non-theme related" and "Early Help and Prevention (EHP)" is "Early help & prevention".
- **Section rows** (`read_lone_row`): a row with text in one cell only is a section (a service area) when it reads
  like a name, and stays an action when it reads like one (a sentence, a verb first, long). When it could be
  either, it is `UNSURE`: read as a section, and shown in the preview with both readings.
- **Leads** (`read_lead_cell`): the names in a lead cell, split on what people use between names, with a team or
  role written after a name kept apart from it, and names separated only by spaces flagged for a person.
- **Statuses** (`status_in_text`, `read_status`): what a progress or status cell says about the action's state.
- **Titles** (`split_title`): the title of an action cell and the rest of it as its detail.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from plans.choices import Status

# --- Names ---------------------------------------------------------------------------------------------------

_ACRONYM_AT_END = re.compile(r"\s*\((?P<short>[A-Z][A-Za-z&/.'\- ]{0,14})\)\s*:?\s*$")
_GENERIC_TAIL = re.compile(r"(?:\s+(?:actions?|activities|activity|items?))+$")


def name_key(text: str) -> str:
    """The form two spellings of one theme, pillar or service area share: "Non-Theme Related Actions" ->
    "non theme related"; "Adults & Health (A&H)" -> "adults and health"."""
    text = unicodedata.normalize("NFKC", text or "").strip()
    text = _ACRONYM_AT_END.sub("", text)
    text = text.lower().replace("&", " and ")
    text = re.sub(r"[^\w\s]|_", " ", text)
    text = " ".join(text.split())
    return _GENERIC_TAIL.sub("", text).strip() or " ".join(text.split())


def short_name_of(text: str) -> str | None:
    """The bracketed acronym at the end of a name: "Youth Justice Service (YJS)" -> "YJS"."""
    match = _ACRONYM_AT_END.search(text or "")
    return match.group("short").strip() if match else None


def without_short_name(text: str) -> str:
    """The name without its bracketed acronym or trailing colon: "Adults and Health (A&H):" -> "Adults and Health"."""
    return _ACRONYM_AT_END.sub("", (text or "").strip()).strip().rstrip(":").strip()


# --- Section rows ------------------------------------------------------------------------------------------------

SECTION = "section"
ACTION = "action"
UNSURE = "unsure"

_CONNECTORS = frozenset("and & of the for in to with on at a an or by from into across within under our its".split())
# Words an action starts with ("Review ...", "Roll out ..."): an imperative, not a name.
ACTION_VERBS = frozenset(
    """
    review develop deliver ensure create establish implement introduce provide publish roll embed hold set identify
    increase improve continue support work promote undertake monitor explore design build launch commission train
    recruit offer share consult engage produce map audit analyse analyze raise reduce run agree appoint collect
    record report update use make maintain extend expand strengthen co-produce coproduce facilitate celebrate
    challenge address adopt attend carry complete conduct consider coordinate co-ordinate define devise enable
    encourage evaluate examine hold host involve issue keep lead learn look meet mentor mobilise organise plan
    prepare present prioritise refresh refine reflect remove replace require research respond revise revisit scope
    seek sign source strengthen survey take target test track translate trial invite write align amend apply
    assess assure benchmark bring capture change check clarify collate communicate compile confirm contribute
    demonstrate deploy disseminate draft educate empower enhance evidence expand gather give grow help highlight
    inform integrate invest listen measure mandate pilot put reach recognise refer reinforce relaunch reward
    roll-out scrutinise showcase signpost streamline tackle upskill utilise validate widen
    """.split()
)
_SENTENCE = re.compile(r"[.!?](?:\s|$)")


@dataclass(frozen=True)
class LoneRow:
    """How a row with text in one cell only reads: its kind, and as a section its name and any acronym."""

    kind: str  # SECTION | ACTION | UNSURE
    name: str  # the section's name, without a trailing colon or bracketed acronym
    short_name: str | None
    why: str  # for the preview: "reads like a name", "starts with a verb", ...


def read_lone_row(text: str) -> LoneRow:
    """Section or action, for a row whose only text is this cell (see the module's docstring)."""
    raw = (text or "").strip()
    name, short = without_short_name(raw), short_name_of(raw)
    colon = raw.rstrip().endswith(":") or raw.rstrip().endswith("):")
    words = name.split()
    if not words:
        return LoneRow(ACTION, raw, None, "empty")
    if "\n" in raw or len(name) > 90 or len(words) > 12:
        return LoneRow(ACTION, raw, None, "several lines or long: reads like an action")
    if raw.startswith(("- ", "–", "•")) or not (words[0][:1].isupper() or words[0][:1].isdigit()):
        return LoneRow(ACTION, raw, None, "starts in lower case or as a list item: continues the text above")
    if _SENTENCE.search(name) or name.endswith((",", ";")):
        return LoneRow(ACTION, raw, None, "a sentence: reads like an action")
    first = words[0].lower().strip("'\"‘“")
    marked = colon or short is not None  # a trailing colon or acronym is how people write a heading
    if first in ACTION_VERBS:
        if marked:
            return LoneRow(UNSURE, name, short, "starts with a verb but ends like a heading")
        return LoneRow(ACTION, raw, None, "starts with a verb: reads like an action")
    content = [w for w in words if w.lower() not in _CONNECTORS]
    capitalised = [w for w in content if w[:1].isupper() or w[:1].isdigit() or not w[:1].isalpha()]
    if marked or len(capitalised) == len(content):
        return LoneRow(SECTION, name, short, "reads like a name")
    if len(words) <= 4:
        return LoneRow(UNSURE, name, short, "a short phrase: a section name or an action without details")
    return LoneRow(ACTION, raw, None, "reads like a sentence: an action")


# --- Titles ------------------------------------------------------------------------------------------------------

TITLE_LENGTH = 200
LONGEST_SENTENCE = 300  # a single sentence up to this long stays whole as the title
_INLINE_BULLET = re.compile(r"\s+-(?=[A-Za-z])")
_SENTENCE_END = re.compile(r"[.!?](?=\s)")


def split_title(text: str) -> tuple[str, str]:
    """A title cell's title and the rest of the cell as its detail.

    The title is the first line, cut before an inline bullet (" -Item"). Past 200 characters it is
    cut at the last sentence end before 200, else at the end of its first sentence if that comes
    before 300, else at a word before 200 with "…" added.
    """
    lines = [line.strip() for line in (text or "").strip().split("\n")]
    first, rest = (lines[0] if lines else ""), [line for line in lines[1:] if line]
    pieces = _INLINE_BULLET.split(first)
    head, bullets = pieces[0].strip(), ["- " + p.strip() for p in pieces[1:] if p.strip()]
    overflow = ""
    if len(head) > TITLE_LENGTH:
        ends = [m.end() for m in _SENTENCE_END.finditer(head)]
        before = [end for end in ends if 40 <= end <= TITLE_LENGTH]
        if before:
            head, overflow = head[: before[-1]].strip(), head[before[-1] :].strip()
        elif ends and ends[0] <= LONGEST_SENTENCE:
            head, overflow = head[: ends[0]].strip(), head[ends[0] :].strip()
        elif len(head) > LONGEST_SENTENCE:
            cut = head.rfind(" ", 0, TITLE_LENGTH)
            cut = cut if cut > 0 else TITLE_LENGTH
            head, overflow = head[:cut].rstrip(" ,;:") + "…", head[cut:].strip()
    detail = [overflow] if overflow else []
    return head, "\n".join(detail + bullets + rest)


# --- Timescales --------------------------------------------------------------------------------------------------

_TIMESCALE_WORDS = re.compile(
    r"\b(?:19|20)\d{2}\b|\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|may(?=\s*'?\d))\b"
    r"|\b(?:spring|summer|autumn|winter|ongoing|quarter|q[1-4])\b",
    re.IGNORECASE,
)


def looks_like_timescale(text: str) -> bool:
    return bool(_TIMESCALE_WORDS.search(text or ""))


_DAY = re.compile(r"^\s*(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4}|\d{2})\s*$")
_ISO_DAY = re.compile(r"^\s*(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[ T].*)?$")


def read_day(text: str) -> date | None:
    """One day written as a date ("12/05/2023", "2023-05-12"), day first; None for anything else."""
    match = _DAY.match(text or "") or _ISO_DAY.match(text or "")
    if not match:
        return None
    year = int(match.group("y"))
    year = 2000 + year if year < 100 else year
    try:
        return date(year, int(match.group("m")), int(match.group("d")))
    except ValueError:
        return None


# --- Statuses ----------------------------------------------------------------------------------------------------

_COMPLETE = re.compile(r"\bCOMPLETED?\b|\bCompleted\b|^\W*(?:Complete|Done|Delivered|Achieved|Finished)\b")
_NEGATED_BEFORE = re.compile(r"(?:\bnot|n't|\byet to be|\bto be)\s*$", re.IGNORECASE)
_ON_HOLD = re.compile(r"\bon[\s-]+hold\b", re.IGNORECASE)
_IN_PROGRESS = re.compile(r"^[\W_]*(?:\w+\s+){0,2}(?:in\s+progress|under\s?way)\b", re.IGNORECASE)
_NOT_STARTED = re.compile(r"^[\W_]*(?:not\s+(?:yet\s+)?started|yet\s+to\s+start)\b", re.IGNORECASE)
_NOT_PURSUED = re.compile(r"^[\W_]*(?:no\s+longer\s+(?:required|needed|being\s+pursued)|not\s+pursued)\b", re.I)


def status_in_text(text: str) -> str | None:
    """A Status value a progress cell states plainly, else None.

    "COMPLETE" (upper case) or "Completed" anywhere, or "Complete", "Done", "Delivered" at the start -> complete
    (unless negated: "not completed", "yet to be completed"); "on hold" -> on hold; "In progress" / "underway"
    within the first three words -> in progress; "Not yet started" or "No longer required" at the start.
    Decisions such as "decision not to roll this out" are left for a person.
    """
    text = text or ""
    for match in _COMPLETE.finditer(text):
        if not _NEGATED_BEFORE.search(text[: match.start()]):
            return Status.COMPLETE.value
    if _NOT_PURSUED.search(text):
        return Status.NOT_PURSUED.value
    if _ON_HOLD.search(text):
        return Status.ON_HOLD.value
    if _NOT_STARTED.search(text):
        return Status.NOT_STARTED.value
    if _IN_PROGRESS.search(text):
        return Status.IN_PROGRESS.value
    return None


STATUS_WORDS: dict[str, str] = {
    **{s.value.replace("_", " "): s.value for s in Status},
    **{s.label.lower(): s.value for s in Status},
    "completed": Status.COMPLETE.value,
    "done": Status.COMPLETE.value,
    "delivered": Status.COMPLETE.value,
    "achieved": Status.COMPLETE.value,
    "finished": Status.COMPLETE.value,
    "closed complete": Status.COMPLETE.value,
    "underway": Status.IN_PROGRESS.value,
    "under way": Status.IN_PROGRESS.value,
    "started": Status.IN_PROGRESS.value,
    "on track": Status.IN_PROGRESS.value,
    "in hand": Status.IN_PROGRESS.value,
    "ongoing": Status.ONGOING.value,
    "embedded": Status.ONGOING.value,
    "ongoing/embedded": Status.ONGOING.value,
    "business as usual": Status.ONGOING.value,
    "bau": Status.ONGOING.value,
    "not yet started": Status.NOT_STARTED.value,
    "not begun": Status.NOT_STARTED.value,
    "planned": Status.NOT_STARTED.value,
    "paused": Status.ON_HOLD.value,
    "on hold": Status.ON_HOLD.value,
    "no longer required": Status.NOT_PURSUED.value,
    "not required": Status.NOT_PURSUED.value,
    "cancelled": Status.NOT_PURSUED.value,
    "withdrawn": Status.NOT_PURSUED.value,
}


def read_status(text: str) -> str | None:
    """A Status value for a status cell's text ("Complete", "in progress", "Ongoing / embedded", "Complete - signed
    off by DMT"), else None."""
    lowered = " ".join((text or "").lower().split())
    for candidate in (lowered, _first_words(lowered)):
        key = candidate.replace("-", " ").replace("_", " ")
        key = " ".join(key.split()).strip(" .")
        key = key.replace(" / ", "/").replace("/ ", "/").replace(" /", "/")
        found = STATUS_WORDS.get(key) or STATUS_WORDS.get(key.replace("/", " / "))
        if found:
            return found
    return None


def _first_words(key: str) -> str:
    """ "complete - signed off" -> "complete": a status word, then a note after a separator."""
    return re.split(r"\s*[:;,(]\s*|\s+-\s+", key, maxsplit=1)[0].strip()


# --- Leads -------------------------------------------------------------------------------------------------------

INITIALS = "initials"
PERSON = "person"
GROUP = "group"

GROUP_WORDS = (
    "group",
    "board",
    "smt",
    "dmt",
    "slt",
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
    "department",
    "directorate",
    "hub",
)
ROLE_WORDS = (
    "head",
    "director",
    "manager",
    "officer",
    "coordinator",
    "co-ordinator",
    "chair",
    "adviser",
    "advisor",
    "partner",
    "practitioner",
    "consultant",
    "specialist",
    "analyst",
    "principal",
    "deputy",
    "assistant",
    "chief",
    "commissioner",
    "champion",
    "lead",
)
# Words in front of a name that say what the person does, not who they are: "Chair: Jo Bloggs".
_ROLE_PREFIX = re.compile(
    r"^(?P<role>(?:co-?)?chair(?:ed by|person)?|led by|lead(?: officer)?|owner|responsible(?: officer)?|sponsor)"
    r"\s*[:\-–]?\s+(?=\S)",
    re.IGNORECASE,
)
_HARD_SEPARATOR = re.compile(
    r"\s*(?:\n|/|;|\+|\s(?:in\s+conjunction\s+with|supported\s+by|alongside|jointly\s+with|together\s+with"
    r"|working\s+with|in\s+partnership\s+with)\s)\s*",
    re.IGNORECASE,
)
# Commas and sentence breaks separate names too, but what follows may be the team or role of the name before.
_CHAIN_SEPARATOR = re.compile(r"\s*,\s*|(?<=[a-z)])\.\s+(?=[A-Z])|\s+[-–—]\s+")
_SOFT_SEPARATOR = re.compile(r"\s+(?:and|with|&)\s+", re.IGNORECASE)
_GROUP_WORD = re.compile(r"\b(?:" + "|".join(GROUP_WORDS) + r")s?\b", re.IGNORECASE)
_ROLE_WORD = re.compile(r"\b(?:" + "|".join(ROLE_WORDS) + r")s?\b", re.IGNORECASE)
_SHORT_CAPS_WORD = re.compile(r"[A-Z]{2,3}")
_INITIALS = re.compile(r"[A-Z]{2,4}")
_CAPS_WORD = re.compile(r"[A-Z][A-Z0-9&]*")
_ACRONYM = re.compile(r"[A-Z][A-Z&]{1,5}")
_BRACKETED_TAIL = re.compile(r"^(?P<name>.*?\S)\s*\((?P<note>[^()]+)\)$")
_NAME_WORD = re.compile(r"[A-Z][a-z'’\-]+(?:-[A-Z][a-z'’]+)?|[A-Z]'[A-Z][a-z]+|Mc[A-Z][a-z]+")


@dataclass(frozen=True)
class LeadName:
    name: str
    kind: str  # "initials" | "person" | "group"
    team: str | None = None  # a team or role written after the name ("Jo Bloggs (HR)"), kept apart from it
    role: str | None = None  # what the person is written as ("Chair")


@dataclass
class LeadCell:
    """What a lead cell holds: the names, and text that is not a lead (flagged for a person)."""

    names: list[LeadName] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)  # several names separated only by spaces


def split_leads(text: str, *, teams: frozenset[str] = frozenset()) -> list[LeadName]:
    """The names in a lead cell, in the order written, each with its kind."""
    return read_lead_cell(text, teams=teams).names


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


def read_lead_cell(text: str, *, teams: frozenset[str] = frozenset()) -> LeadCell:
    """Split a lead cell ("Jo Bloggs (HR) / Chair: Sam Smith", "LA & RT with NW") into leads.

    1. Hard separators: line breaks, "/", ";", "+", "in conjunction with", "supported by", "alongside",
       "jointly with", "working with".
    2. Within those, commas, sentence breaks and " - " separate names too, but a piece after a person's name
       that is a team or a role ("Jo Bloggs, HR", "Jo Bloggs - Head of Service") is that person's team.
       `teams` holds name_key() of the organisation's units and their short names.
    3. Then "and", "&" and "with" separate names unless the piece names a group ("Safeguarding and Reviewing
       Team"); an "&" between single letters ("S&L") is an abbreviation.
    4. "Chair: Jo Bloggs" is Jo Bloggs; "Jo Bloggs (HR)" and "Jo Bloggs HR" are Jo Bloggs with team HR.
    5. Only upper-case 2-3 letter words ("TA LA") are several people's initials; four or more capitalised
       words that are not a group ("Jo Bloggs Sam Smith") are flagged for a person to split.
    6. Duplicates are dropped (first one wins).
    """
    cell = LeadCell()
    protected = re.sub(r"\b([A-Za-z])&([A-Za-z])\b", "\\1\x00\\2", text or "")
    seen: set[str] = set()
    for chunk in _HARD_SEPARATOR.split(protected):
        previous: LeadName | None = None
        for piece in _CHAIN_SEPARATOR.split(chunk):
            piece = piece.replace("\x00", "&").strip(" .:-–")
            if not piece:
                continue
            after_name = previous is not None and previous.kind == PERSON
            if after_name and _is_team_or_role(piece, teams):
                index = cell.names.index(previous)
                previous = _with_team(previous, piece)
                cell.names[index] = previous
                continue
            for lead in _names_in(piece, teams, cell):
                key = lead.name.lower()
                if key in seen:
                    continue
                seen.add(key)
                cell.names.append(lead)
                previous = lead
    return cell


def _names_in(piece: str, teams: frozenset[str], cell: LeadCell) -> list[LeadName]:
    role = None
    if match := _ROLE_PREFIX.match(piece):
        role, piece = match.group("role").strip().capitalize(), piece[match.end() :].strip()
    team = None
    if (bracketed := _BRACKETED_TAIL.match(piece)) and lead_kind(bracketed.group("name")) != GROUP:
        piece, team = bracketed.group("name").strip(), bracketed.group("note").strip()
    parts = [piece] if _GROUP_WORD.search(piece) else _SOFT_SEPARATOR.split(piece)
    names: list[LeadName] = []
    for part in parts:
        part = " ".join(part.split()).strip(" .-:")
        if not part:
            continue
        words = part.split()
        if len(words) > 1 and all(_SHORT_CAPS_WORD.fullmatch(w) for w in words):
            names.extend(LeadName(w, INITIALS) for w in words)
            continue
        part, trailing_team = _trailing_team(part, teams)
        kind = lead_kind(part)
        if kind == PERSON and _several_people(part):
            cell.flagged.append(part)
            continue
        names.append(LeadName(part, kind, team=trailing_team or team, role=role))
    return names


def _with_team(lead: LeadName, note: str) -> LeadName:
    team = "; ".join(filter(None, [lead.team, note]))
    return LeadName(lead.name, lead.kind, team=team, role=lead.role)


# Department acronyms councils write after a name ("Jo Bloggs, HR"); any unit's short name counts too.
DEPARTMENT_ACRONYMS = frozenset({"HR", "ICT", "IT", "OD", "L&D", "EDI", "D&I", "PH", "SEND", "CYPS", "ASC", "HRBP"})


def _is_team_or_role(piece: str, teams: frozenset[str]) -> bool:
    """A piece written after a person's name that says where they work or what they do, not another person."""
    if name_key(piece) in teams or piece in DEPARTMENT_ACRONYMS:
        return True
    if _ROLE_WORD.search(piece) and not _ROLE_PREFIX.match(piece):
        return True
    return bool(_GROUP_WORD.search(piece)) and len(piece.split()) <= 5 and not _INITIALS.fullmatch(piece)


def _trailing_team(part: str, teams: frozenset[str]) -> tuple[str, str | None]:
    """ "Jo Bloggs HR" -> ("Jo Bloggs", "HR"); "Jo Bloggs Early Help" -> (..., "Early Help") when it is a unit."""
    words = part.split()
    if len(words) < 3 or not all(_NAME_WORD.fullmatch(w) for w in words[:2]):
        return part, None
    tail = words[2:]
    if lead_kind(part) == PERSON and all(_ACRONYM.fullmatch(w) for w in tail) and len(tail) <= 2:
        return " ".join(words[:2]), " ".join(tail)
    for start in range(2, len(words)):
        candidate = " ".join(words[start:])
        if name_key(candidate) in teams and all(_NAME_WORD.fullmatch(w) for w in words[:start]):
            return " ".join(words[:start]), candidate
    return part, None


def _several_people(part: str) -> bool:
    """Four or more capitalised name-like words and nothing else: several names with no separator between them."""
    words = part.split()
    return len(words) >= 4 and all(_NAME_WORD.fullmatch(w) for w in words)


def reads_like_lead(text: str) -> bool:
    """Initials, a group or a capitalised name or two ("LA/LV", "FISS MT", "Anne Canning"), not a note."""
    text = text.strip()
    if not text or len(text) > 60 or "\n" in text or text.endswith("."):
        return False
    names = split_leads(text)
    return bool(names) and all(
        name.kind != PERSON or (len(name.name.split()) <= 4 and all(w[0].isupper() for w in name.name.split()))
        for name in names
    )
