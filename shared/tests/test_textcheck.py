"""The text-check registry: apps register checkers; check() gathers their findings in reading order."""

import pytest

from shared import textcheck
from shared.textcheck import Finding


@pytest.fixture
def own_registry(monkeypatch):
    registry: dict = {}
    monkeypatch.setattr(textcheck, "_checkers", registry)
    return registry


def finds(word: str, reason: str = "Why."):
    def checker(text: str) -> list[Finding]:
        start = text.find(word)
        return (
            [] if start < 0 else [Finding(term=word, matched=word, start=start, end=start + len(word), reason=reason)]
        )

    return checker


def test_with_nothing_registered_nothing_is_found(own_registry):
    assert textcheck.check("Dad was aggressive.") == []


def test_findings_of_every_checker_come_back_in_reading_order(own_registry):
    textcheck.register(finds("hostile"), name="one")
    textcheck.register(finds("aggressive"), name="two")
    assert [f.matched for f in textcheck.check("He was aggressive and hostile.")] == ["aggressive", "hostile"]


def test_registering_the_same_name_again_replaces_the_checker(own_registry):
    textcheck.register(finds("hostile"), name="glossary")
    textcheck.register(finds("aggressive"), name="glossary")
    assert [f.matched for f in textcheck.check("aggressive and hostile")] == ["aggressive"]


def test_empty_text_is_not_checked(own_registry):
    textcheck.register(lambda text: pytest.fail("should not be called"), name="x")
    assert textcheck.check("   ") == []
