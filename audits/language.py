"""The language check: glossary terms found in any text, whole words only, never inside a person's own words.

Pure Python over plain data (no database), so the web page, the progress-update note, the language audit
and `manage.py check_language` all find exactly the same things. The rules (docs/audits.md):

- whole words, any case: "Aggressive" and "AGGRESSIVE" are found, "Hardcastle" is not found for "hard";
- each form a glossary entry lists is found with its plural ("BMEs"); inflections are listed as forms
  ("aggressively", "aggression", "aggressiveness"); the words of a phrase may be joined by spaces, line
  breaks or hyphens, and hyphenated words may be written solid ("non-compliant", "non compliant", "noncompliant");
- an exception (a longer phrase, such as the name of an NHS WRES indicator) stops a term being found inside it;
- an abbreviation entry finds words in capitals that the text does not explain, as "(LADO)" or "LADO (...)",
  and ignores lines written all in capitals (headings) and the letters of a record reference joined to its
  number ("CF-2024-0193", "CIN/123");
- a quotation marked as a person's own words (after "said", "told us", "in her own words", a colon, or
  followed by "she said") is not checked: recording people's own words is what the standards ask for.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from itertools import accumulate

WORDS = "words"
ABBREVIATIONS = "abbreviations"

# Characters that join the words of a phrase: spaces and line breaks, hyphens and dashes.
_JOIN = r"[\s\-\u2010\u2011\u2013]"
_BEFORE = r"(?<![\w])"
_AFTER = r"(?![\w])"
_PLURAL = r"(?:e?s)?"
_WORD_RE = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
MAX_PATTERN_LENGTH = 300


@dataclass(frozen=True)
class Term:
    """One glossary entry as the matcher needs it (audits.models.GlossaryTerm.as_term builds one)."""

    key: str
    label: str
    reason: str
    alternatives: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    pattern: str = ""
    kind: str = WORDS
    exceptions: tuple[str, ...] = ()
    source: str = ""

    @cached_property
    def regex(self) -> re.Pattern | None:
        parts = [_form_regex(form) for form in self.forms if form.strip()]
        if self.pattern:
            parts.append(f"(?:{self.pattern})")
        if not parts:
            return None
        flags = 0 if self.kind == ABBREVIATIONS else re.IGNORECASE
        # Longest forms first, so "aggressiveness" is matched whole rather than as "aggressive" + "ness".
        parts.sort(key=len, reverse=True)
        return re.compile(f"{_BEFORE}(?:{'|'.join(parts)}){_AFTER}", flags)

    @cached_property
    def exception_regexes(self) -> tuple[re.Pattern, ...]:
        flags = 0 if self.kind == ABBREVIATIONS else re.IGNORECASE
        return tuple(
            re.compile(f"{_BEFORE}{_form_regex(phrase)}{_AFTER}", flags) for phrase in self.exceptions if phrase.strip()
        )


def terms_from_data(items: Iterable[dict]) -> list[Term]:
    """Terms from the glossary data file's entries (audits/data/glossary.json), without the database."""
    return [
        Term(
            key=item["key"],
            label=item["term"],
            reason=item["reason"],
            alternatives=tuple(item.get("alternatives", [])),
            forms=tuple(item.get("forms", [])),
            pattern=item.get("pattern", ""),
            kind=item.get("kind", WORDS),
            exceptions=tuple(item.get("exceptions", [])),
            source=item.get("source", ""),
        )
        for item in items
    ]


def _form_regex(form: str) -> str:
    """A word form as a regex: words joined by any spacing or hyphen, a hyphenated word also solid, plural allowed."""
    words = [w for w in re.split(r"\s+", form.strip()) if w]
    pieces = []
    for word in words:
        parts = [re.escape(p) for p in re.split(r"[\-\u2010\u2011\u2013]", word) if p]
        pieces.append(f"{_JOIN}?".join(parts))
    body = f"{_JOIN}+".join(pieces)
    return body + (_PLURAL if form.strip()[-1:].isalnum() else "")


def validate_pattern(pattern: str) -> str | None:
    """Why a pattern an administrator typed cannot be used, or None when it compiles."""
    if len(pattern) > MAX_PATTERN_LENGTH:
        return f"Keep the pattern to {MAX_PATTERN_LENGTH} characters or fewer."
    try:
        re.compile(pattern)
    except re.error as error:
        return f"The pattern is not a valid regular expression: {error}."
    return None


@dataclass(frozen=True)
class Finding:
    """One term found: where (character offsets, line and column, both from 1), what was written, and why."""

    term: Term
    start: int
    end: int
    matched: str
    line: int
    column: int
    context: str

    @property
    def reason(self) -> str:
        return self.term.reason

    @property
    def alternatives(self) -> tuple[str, ...]:
        return self.term.alternatives


@dataclass(frozen=True)
class Segment:
    """A piece of the checked text for highlighting: plain, or a finding (numbered from 1)."""

    text: str
    finding: Finding | None = None
    number: int = 0


@dataclass
class Result:
    text: str
    findings: list[Finding]
    own_words: list[Finding] = field(default_factory=list)  # found inside a person's own words: not flagged
    words: int = 0

    @property
    def per_thousand(self) -> Decimal | None:
        return per_thousand(len(self.findings), self.words)

    def counts(self) -> Counter:
        """Findings per glossary entry key."""
        return Counter(f.term.key for f in self.findings)

    def by_term(self) -> list[tuple[Term, int]]:
        terms = {f.term.key: f.term for f in self.findings}
        return sorted(((terms[k], n) for k, n in self.counts().items()), key=lambda pair: (-pair[1], pair[0].label))

    def segments(self) -> list[Segment]:
        pieces, cursor = [], 0
        for number, finding in enumerate(self.findings, start=1):
            if finding.start > cursor:
                pieces.append(Segment(self.text[cursor : finding.start]))
            pieces.append(Segment(finding.matched, finding, number))
            cursor = finding.end
        if cursor < len(self.text):
            pieces.append(Segment(self.text[cursor:]))
        return pieces


def count_words(text: str) -> int:
    return len(_WORD_RE.findall(text))


def per_thousand(found: int, words: int) -> Decimal | None:
    """Terms per 1,000 words, to one decimal place; None for no words."""
    if words <= 0:
        return None
    return (Decimal(found) * 1000 / Decimal(words)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


class Spans:
    """Character spans, asked "does one contain or overlap this?" in logarithmic time (texts can be long)."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        ordered = sorted(spans)
        self.starts = [a for a, _ in ordered]
        self.reach = list(accumulate((b for _, b in ordered), max))  # the furthest end among spans starting so far

    def contains(self, start: int, end: int) -> bool:
        index = bisect_right(self.starts, start) - 1
        return index >= 0 and self.reach[index] >= end

    def overlaps(self, start: int, end: int) -> bool:
        index = bisect_left(self.starts, end) - 1
        return index >= 0 and self.reach[index] > start


def check(text: str, terms: Iterable[Term]) -> Result:
    """Every glossary term in the text, in reading order, without overlaps (a specific word beats an abbreviation).

    Linear in the text for each term, apart from sorting: a long paste cannot make it slow.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    terms = list(terms)
    own = Spans(own_words_spans(text))
    line_starts = _line_starts(text)
    has_abbreviations = any(t.kind == ABBREVIATIONS for t in terms)
    defined = _defined_abbreviations(text) if has_abbreviations else set()
    capitals = _capitals_lines(text, line_starts) if has_abbreviations else set()
    candidates: list[tuple[int, int, int, Term]] = []  # (start, priority, -end, term)
    word_spans: list[tuple[int, int]] = []  # everything a words entry matches, excepted or not
    for term in terms:
        regex = term.regex
        if regex is None:
            continue
        excepted = Spans((m.start(), m.end()) for ex in term.exception_regexes for m in ex.finditer(text))
        for match in regex.finditer(text):
            start, end = match.span()
            if start == end:
                continue
            if term.kind == WORDS:
                word_spans.append((start, end))
            if excepted.contains(start, end):
                continue
            candidates.append((start, 1 if term.kind == ABBREVIATIONS else 0, -end, term))
    # An abbreviation a words entry deals with (BAME, or BME inside a WRES indicator's name) is that entry's business.
    words_found = Spans(word_spans)
    candidates = [
        c
        for c in candidates
        if c[3].kind != ABBREVIATIONS
        or not (
            words_found.overlaps(c[0], -c[2])
            or text[c[0] : -c[2]].rstrip("s") in defined
            or bisect_right(line_starts, c[0]) in capitals
            or _REFERENCE_NUMBER.match(text, -c[2])
        )
    ]
    candidates.sort(key=lambda c: (c[0], c[1], c[2]))
    findings, inside_quotes, last_end = [], [], -1
    for start, _priority, negative_end, term in candidates:
        end = -negative_end
        if start < last_end:
            continue  # overlaps one already kept: the longer or more specific match wins
        last_end = end
        finding = _finding(text, term, start, end, line_starts)
        (inside_quotes if own.contains(start, end) else findings).append(finding)
    return Result(text=text, findings=findings, own_words=inside_quotes, words=count_words(text))


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


def _finding(text: str, term: Term, start: int, end: int, line_starts: Sequence[int]) -> Finding:
    line = bisect_right(line_starts, start)
    column = start - line_starts[line - 1] + 1
    before = text[max(0, start - 40) : start].split("\n")[-1]
    after = text[end : end + 40].split("\n")[0]
    context = ("…" if start - len(before) > line_starts[line - 1] else "") + before + text[start:end] + after
    return Finding(term, start, end, text[start:end], line, column, " ".join(context.split()))


# --- Abbreviations -------------------------------------------------------------------------------------------

# What follows the letters of a record reference ("CF-2024-0193", "CIN/123"): audit evidence is asked for these.
_REFERENCE_NUMBER = re.compile(r"[\-/\u2010\u2011]\d")
_DEFINED_AFTER = re.compile(r"\(\s*([A-Z][A-Za-z0-9&]{1,9})s?\s*\)")  # "Local Authority Designated Officer (LADO)"
_DEFINED_BEFORE = re.compile(r"(?<![\w])([A-Z][A-Z0-9&]{1,9})s?\s*\(\s*[A-Za-z][^()]{3,}\)")  # "LADO (Local ...)"


def _defined_abbreviations(text: str) -> set[str]:
    return {m.group(1) for m in _DEFINED_AFTER.finditer(text)} | {m.group(1) for m in _DEFINED_BEFORE.finditer(text)}


def _capitals_lines(text: str, line_starts: Sequence[int]) -> set[int]:
    """Numbers (from 1) of headings or shouted lines: three or more words, nearly all capitals. Their words are
    not taken for abbreviations."""
    found = set()
    for number, start in enumerate(line_starts, start=1):
        end = line_starts[number] - 1 if number < len(line_starts) else len(text)
        line = text[start:end]
        letters = [c for c in line if c.isalpha()]
        if len(line.split()) >= 3 and letters and sum(c.isupper() for c in letters) / len(letters) >= 0.8:
            found.add(number)
    return found


# --- A person's own words ------------------------------------------------------------------------------------

_SPEECH_BEFORE = re.compile(
    r"(?:\b(?:said|says|saying|told(?:\s+(?:me|us|her|him|them|the\s+\w+(?:\s+\w+)?))?|tells|stated|states|"
    r"explained|explains|shared|reported|replied|asked|wrote|writes|added|disclosed|recalled|put\s+it|"
    r"(?<!was\s)(?<!were\s)(?<!been\s)(?<!is\s)(?<!are\s)described\s+(?:\w+\s+){0,3}as|"
    r"in\s+(?:her|his|their|my|our|its|\w+['\u2019]s)\s+own\s+words|(?:her|his|their|my|our)\s+words\s+(?:were|was)|"
    r"verbatim)\s*(?:that\s*)?[:,\u2013\-]?|:)\s*$",
    re.IGNORECASE,
)
_SPEECH_AFTER = re.compile(
    r"^\s*[,.!?]?\s*(?:(?:she|he|they|I|we|mum|mother|dad|father|the\s+\w+(?:\s+\w+)?|[A-Z]\w+)\s+"
    r"(?:said|says|told|explained|added|replied|asked|shared|wrote|disclosed|continued)|"
    r"(?:said|says|told|explained|added|replied|asked|shared|wrote|disclosed|continued)\s+"
    r"(?:she|he|they|mum|mother|dad|father|the\s+\w+|[A-Z]\w+))\b",
    re.IGNORECASE,
)
_PAIRS = {"\u201c": "\u201d", '"': '"', "\u2018": "\u2019", "'": "'"}


def own_words_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of quotations marked as someone's own words, quotation marks included."""
    spans = []
    for start, end in _quotations(text):
        sentence_start = max(text.rfind(mark, 0, start) for mark in (".", "!", "?", "\n")) + 1
        before = text[max(sentence_start, start - 80) : start]
        after = text[end : end + 60]
        if _SPEECH_BEFORE.search(before) or _SPEECH_AFTER.match(after):
            spans.append((start, end))
    return spans


def _quotations(text: str) -> list[tuple[int, int]]:
    """(start, end) of each quotation: double or single marks, straight or curly; apostrophes are not quotes.

    A quotation closes at the next mark that can close it, within its paragraph. Each opening mark finds its
    closing one by binary search, so a text full of unmatched marks still takes linear time.
    """
    closers: dict[str, list[int]] = {}
    for closing in set(_PAIRS.values()):
        closers[closing] = [i for i, c in enumerate(text) if c == closing and i > 0 and _can_close(text, i)]
    breaks = [m.start() for m in re.finditer(r"\n\s*\n", text)]
    found, position = [], 0
    for i, char in enumerate(text):
        if i < position or char not in _PAIRS or not _can_open(text, i):
            continue
        marks = closers[_PAIRS[char]]
        index = bisect_right(marks, i)
        if index == len(marks):
            continue
        end = marks[index]
        next_break = breaks[bisect_right(breaks, i)] if bisect_right(breaks, i) < len(breaks) else len(text)
        if end > next_break:
            continue  # a quotation does not run past the end of its paragraph
        found.append((i, end + 1))
        position = end + 1
    return found


def _can_open(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{\u2014\u2013-:") and not after.isspace()


def _can_close(text: str, i: int) -> bool:
    before = text[i - 1]
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and (after.isspace() or after in ".,;:!?)]}\u2014\u2013-")
