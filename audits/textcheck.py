"""The glossary as a shared.textcheck checker, so other apps (plans' progress updates) get the same findings."""

from shared.textcheck import Finding

from . import language, selectors

NAME = "audits.glossary"


def glossary_findings(text: str) -> list[Finding]:
    result = language.check(text, selectors.glossary_terms())
    return [
        Finding(
            term=f.term.label,
            matched=f.matched,
            start=f.start,
            end=f.end,
            reason=f.reason,
            alternatives=f.alternatives,
            source=f.term.source,
        )
        for f in result.findings
    ]
