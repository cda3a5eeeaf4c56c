"""Check a whole document against the language glossary: each term found, where, why and what to write instead.

    python manage.py check_language minutes.docx
    python manage.py check_language notes.txt --json

Plain text (UTF-8, or Windows-1252 from older systems) or Word (.docx: paragraphs and table cells, in order).
A .docx passes the same file-safety checks as uploads (shared.tabular.safety). The glossary is the one in the
database; before it has been loaded, the glossary file shipped with the app is used (and the command says so).
"""

import io
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from audits import language, selectors, services
from shared.tabular.safety import MB, ZIP_MAGICS, check_zip
from shared.tabular.tables import UnreadableFile

MAX_BYTES = 20 * MB


def read_text(data: bytes) -> tuple[str, str]:
    """(text, what a line of it is): a .docx as one line per paragraph or table cell, other files as they are."""
    if data.startswith(ZIP_MAGICS):
        if check_zip(data) != "docx":
            raise UnreadableFile("This is not a Word document (.docx) or a plain text file.")
        return docx_text(data), "paragraph"
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding), "line"
        except UnicodeDecodeError:
            continue
    raise UnreadableFile("The file is not plain text or a Word document (.docx).")


def docx_text(data: bytes) -> str:
    import docx
    from docx.table import Table

    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []

    def add_table(table) -> None:
        seen = set()
        for row in table.rows:
            for cell in row.cells:
                if id(cell._tc) in seen:  # a merged cell appears once per grid column it spans
                    continue
                seen.add(id(cell._tc))
                for block in cell.iter_inner_content():
                    add(block)

    def add(block) -> None:
        if isinstance(block, Table):
            add_table(block)
        else:
            lines.append(block.text)

    for block in document.iter_inner_content():
        add(block)
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Check a text or .docx file against the language glossary and print what it finds."

    def add_arguments(self, parser):
        parser.add_argument("file", help="A plain text file or a Word document (.docx).")
        parser.add_argument("--json", action="store_true", dest="as_json", help="Print the findings as JSON.")

    def handle(self, *args, file, as_json=False, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Could not read {file}: {error.strerror or error}") from error
        if len(data) > MAX_BYTES:
            raise CommandError(f"{file} is larger than {MAX_BYTES // MB} MB.")
        try:
            text, unit = read_text(data)
        except UnreadableFile as error:
            raise CommandError(f"{file}: {error}") from error
        except Exception as error:  # python-docx raises several types for damaged files; all mean the same here
            raise CommandError(f"{file}: this Word document could not be opened ({type(error).__name__}).") from error
        terms = selectors.glossary_terms()
        if not terms:
            self.stderr.write(
                "The glossary has not been loaded into the database: using the file shipped with the app."
            )
            terms = language.terms_from_data(json.loads(services.GLOSSARY.read_text(encoding="utf-8"))["terms"])
        result = language.check(text, terms)
        if as_json:
            self.stdout.write(self.to_json(path, result, unit))
        else:
            self.write_text(path, result, unit)

    def to_json(self, path: Path, result: language.Result, unit: str) -> str:
        rate = result.per_thousand
        return json.dumps(
            {
                "file": str(path),
                "words": result.words,
                "flagged": len(result.findings),
                "per_1000_words": str(rate) if rate is not None else None,
                "not_flagged_in_own_words": len(result.own_words),
                "findings": [
                    {
                        "matched": f.matched,
                        "term": f.term.label,
                        unit: f.line,
                        "column": f.column,
                        "context": f.context,
                        "reason": f.reason,
                        "alternatives": list(f.alternatives),
                        "source": f.term.source,
                    }
                    for f in result.findings
                ],
            },
            ensure_ascii=False,
            indent=2,
        )

    def write_text(self, path: Path, result: language.Result, unit: str) -> None:
        rate = result.per_thousand
        self.stdout.write(
            f"{path.name}: {result.words:,} words, {len(result.findings)} term"
            f"{'' if len(result.findings) == 1 else 's'} flagged"
            + (f", {rate} per 1,000 words" if rate is not None else "")
        )
        for finding in result.findings:
            self.stdout.write("")
            self.stdout.write(
                f"{unit} {finding.line}, column {finding.column}: “{finding.matched}” ({finding.term.label})"
            )
            self.stdout.write(f"  In: {finding.context}")
            self.stdout.write(f"  Why: {finding.reason}")
            if finding.alternatives:
                self.stdout.write(f"  Instead: {'; '.join(finding.alternatives)}")
            if finding.term.source:
                self.stdout.write(f"  Source: {finding.term.source}")
        if result.own_words:
            self.stdout.write("")
            self.stdout.write(f"Not flagged: {len(result.own_words)} inside quotations of a person's own words.")
