"""The glossary as a shared.textcheck checker, so other apps (plans' progress updates) get the same findings, and
the same findings field by field for the gentle note on the audit form."""

from collections.abc import Mapping

from shared.textcheck import Finding

from . import language, selectors

NAME = "audits.glossary"


def glossary_findings(text: str, terms: list[language.Term] | None = None) -> list[Finding]:
    result = language.check(text, selectors.glossary_terms() if terms is None else terms)
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


def findings_by_field(texts: Mapping[str, str]) -> dict[str, list[Finding]]:
    """Each text's glossary findings, keyed as given and only where something was found: one query in all."""
    if not any(text and text.strip() for text in texts.values()):
        return {}
    terms = selectors.glossary_terms()
    found = {name: glossary_findings(text, terms) for name, text in texts.items() if text and text.strip()}
    return {name: findings for name, findings in found.items() if findings}
