"""What an audit's subject may be called: a case or record reference, never a child's or family member's name.

Audit records are read by auditors, moderators and managers who do not need to know who the child is, and they
feed reports; the name belongs in the case record, which the reference leads to. So the field takes references
such as "CF-2024-0193", "LAC/123" or "Mosaic 123456" and refuses what looks like a name or initials. It is a
heuristic (docs/audits.md): a reference must contain a number, and every word in it must be a short code in
capitals (CF, LAC, CIN) or a word records are called by (case, file, supervision, Mosaic).
"""

import re

from django.core.exceptions import ValidationError

WHY = (
    "Audit records are read by auditors, moderators and managers who do not need to know who the child is, "
    "so names stay in the case record."
)
EXAMPLES = "for example CF-2024-0193 or LAC/123"
NEEDS_A_NUMBER = (
    f"Enter the case or record reference, which has a number in it ({EXAMPLES}), not a name or initials. {WHY}"
)
LOOKS_LIKE_A_NAME = (
    f"“{{word}}” looks like part of a person's name. Enter only the case or record reference ({EXAMPLES}). {WHY}"
)
LOOKS_LIKE_INITIALS = (
    f"“{{initials}}” looks like a person's initials. Enter only the case or record reference ({EXAMPLES}). {WHY}"
)
BAD_CHARACTERS = f"Use only letters, numbers, spaces and - / . # : ( ) in a reference ({EXAMPLES})."

# Words records are called by in children's services, and the systems they live in: not names.
RECORD_WORDS = frozenset(
    """case file record ref reference no number id supervision session minutes meeting conference review sample
    survey feedback form team unit audit assessment plan child children family families young people person
    of and part quarter week month year group batch return questionnaire response notes note log
    mosaic liquidlogic lcs eclipse protocol capita synergy wisdom ehm""".split()
)
MAX_CODE_LETTERS = 4  # CF, LAC, CIN, CPC, LADO, FISS, YOT; a longer word in capitals may be a surname
_ALLOWED = re.compile(r"[A-Za-z0-9 /\-.#:()_]+")
_INITIALS = re.compile(r"(?<![A-Za-z])(?:[A-Za-z]\.\s*){2,}")  # J.S. or J. S.
_TOKENS = re.compile(r"[A-Za-z]+|\d+")


def reference_problem(value: str) -> str | None:
    """Why this cannot be a subject reference, or None when it can."""
    value = (value or "").strip()
    if not value:
        return "Enter the case or record reference."
    if not _ALLOWED.fullmatch(value):
        return BAD_CHARACTERS
    initials = _INITIALS.search(value)
    if initials:
        return LOOKS_LIKE_INITIALS.format(initials=initials.group(0).strip())
    tokens = _TOKENS.findall(value)
    if not any(token.isdigit() for token in tokens):
        return NEEDS_A_NUMBER
    for token in tokens:
        if token.isdigit():
            continue
        if token.lower() in RECORD_WORDS:
            continue
        if token.isupper() and len(token) <= MAX_CODE_LETTERS:
            continue
        if len(token) == 1:  # a single letter inside a reference (Q, A, B) is a code; "J Smith" fails on Smith
            continue
        return LOOKS_LIKE_A_NAME.format(word=token)
    return None


def validate_subject_reference(value: str) -> None:
    problem = reference_problem(value)
    if problem:
        raise ValidationError(problem, code="not_a_reference")
