"""Checks on what people write: apps register checkers; any page asks for findings without knowing who checks.

    textcheck.register(check_against_glossary)          # audits, in AppConfig.ready()
    findings = textcheck.check(update_text)              # plans' progress form: a gentle note, never a refusal

A checker takes the text and returns `Finding`s. With nothing registered, `check` finds nothing, so an app
that asks never depends on the app that answers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    """Something in the text worth a second look: what was written, where, why, and what to write instead."""

    term: str  # the entry's name ("BAME", "aggressive")
    matched: str  # the words as written ("aggressively")
    start: int
    end: int
    reason: str
    alternatives: tuple[str, ...] = ()
    source: str = ""


Checker = Callable[[str], list[Finding]]

_checkers: dict[str, Checker] = {}


def register(checker: Checker, *, name: str = "") -> None:
    """Called from an app's AppConfig.ready(); registering the same name again replaces it."""
    _checkers[name or f"{checker.__module__}.{checker.__qualname__}"] = checker


def unregister(name: str) -> None:
    _checkers.pop(name, None)


def check(text: str) -> list[Finding]:
    """Every registered checker's findings, in the order they appear in the text."""
    if not text or not text.strip():
        return []
    findings = [finding for checker in _checkers.values() for finding in checker(text)]
    return sorted(findings, key=lambda f: (f.start, f.end))
