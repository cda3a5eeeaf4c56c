"""Browser journeys: headless Chromium (Debian's) against the live server, with axe-core on every page.

Every page a test visits must be scanned by axe-core. The `browser_page` fixture records each
main-frame navigation and fails the test at teardown if any was not scanned; the helpers below
(`visit`, `click`, `sign_in`, `sign_out`) scan after each navigation they cause, so using them is
enough. After anything else that loads a page (a plain `page.goto`, a form submitted by pressing
Enter), call `scan(page)` yourself. `scan` fails on a serious or critical violation, and on page
problems: a stylesheet, script, image or font that did not load, an uncaught script error or a
Content Security Policy violation.

    @pytest.mark.browser
    def test_a_plan_owner_imports_a_plan(browser_page, demo_users):
        sign_in(browser_page, "demo-owner")
        click(browser_page, browser_page.get_by_role("link", name="Import a plan"))
        ...
"""
import hashlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

# Playwright's sync API keeps an event loop running in this thread; Django would otherwise refuse
# the test's own database queries (fixtures, assertions) as "async unsafe".
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import Browser, Locator, Page, sync_playwright  # noqa: E402

BASE_DIR = Path(__file__).resolve().parents[2]
AXE_SCRIPT = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
FAILING_IMPACTS = {"serious", "critical"}
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
# Every demo user's password in the browser tests (passes the password rules).
DEMO_PASSWORD = "browser-journey-password-2026"
TIMEOUT_MS = 10_000

_RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary})),
  }));
}"""


@dataclass
class PageRecord:
    """What happened on one test's page: each main-frame navigation, which of them were scanned, problems."""

    navigations: list[str] = field(default_factory=list)
    scanned: set[int] = field(default_factory=set)
    scans: list[dict] = field(default_factory=list)  # {"url", "violations"}: every axe result, for later checks
    problems: list[str] = field(default_factory=list)

    def unscanned(self) -> list[str]:
        return [url for i, url in enumerate(self.navigations) if i not in self.scanned]


_records: dict[int, PageRecord] = {}


def record_of(page: Page) -> PageRecord:
    try:
        return _records[id(page)]
    except KeyError:
        raise RuntimeError("Use the browser_page fixture: only its pages are tracked and scanned.") from None


# Fixtures


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One Chromium for the whole run; Playwright never downloads a browser of its own."""
    executable = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not os.access(executable, os.X_OK):
        pytest.fail(
            f"Browser tests need Chromium at {executable} (Debian: apt-get install chromium; or set CHROMIUM=...)."
            " Skip them with -m 'not browser'."
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(browser: Browser, live_server, transactional_db) -> Iterator[Page]:
    """A fresh context and page on the live server; fails at teardown if any page it loaded was not scanned."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    record = PageRecord()
    _records[id(page)] = record
    _watch(page, record)
    try:
        yield page
        unscanned = record.unscanned()
        if unscanned:
            pytest.fail(
                "axe-core must scan every page the browser tests visit; these were not scanned: "
                + ", ".join(unscanned)
                + ". Navigate with visit()/click()/sign_in()/sign_out(), or call scan(page) after loading a page."
            )
        _fail_on_problems(page, record)
    finally:
        _records.pop(id(page), None)
        context.close()


@pytest.fixture
def demo_users(transactional_db) -> dict:
    """The demo organisation and one user per role (demo-admin, demo-slt, ...), password DEMO_PASSWORD."""
    from django.contrib.auth.models import Group

    from organisation import demo
    from organisation.models import User
    from shared.roles import Role

    # A transactional test empties every table afterwards, including the roles the migration made.
    for role in Role:
        Group.objects.get_or_create(name=role.value)
    demo.load_organisation(password=DEMO_PASSWORD)
    return {user.username: user for user in User.objects.filter(username__in=[u for u, *_ in demo.DEMO_USERS])}


def _watch(page: Page, record: PageRecord) -> None:
    def on_new_document(loaded: Page) -> None:
        # A new document, not a same-document navigation (a #fragment, history.pushState).
        if not loaded.url.startswith(("about:", "data:", "chrome-error:")):
            record.navigations.append(loaded.url)

    def on_response(response) -> None:
        if response.status >= 400 and response.request.resource_type in {"stylesheet", "script", "image", "font"}:
            record.problems.append(f"{response.request.resource_type} {response.url} answered {response.status}")

    def on_request_failed(request) -> None:
        if request.resource_type in {"stylesheet", "script", "image", "font"}:
            record.problems.append(f"{request.resource_type} {request.url} failed: {request.failure}")

    def on_console(message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            record.problems.append(f"{page.url}: {message.text}")

    page.on("domcontentloaded", on_new_document)
    page.on("response", on_response)
    page.on("requestfailed", on_request_failed)
    page.on("console", on_console)
    page.on("pageerror", lambda error: record.problems.append(f"{page.url}: script error: {error}"))


def _fail_on_problems(page: Page, record: PageRecord) -> None:
    if record.problems:
        problems, record.problems = record.problems, []
        pytest.fail("Problems loading pages:\n  " + "\n  ".join(problems))


# Helpers: navigate, then scan


def scan(page: Page) -> list[dict]:
    """Runs axe-core on the page as it is now; fails on a serious or critical violation. Returns all violations.

    A document identical to one already scanned in this run (apart from its CSRF token) reuses that
    result: the sign-in page is the same page every time a journey passes through it.
    """
    record = record_of(page)
    page.wait_for_load_state("load")
    _fail_on_problems(page, record)
    document = hashlib.sha256(page.evaluate(_DOCUMENT_WITHOUT_TOKENS).encode()).hexdigest()
    violations = _scanned_documents.get(document)
    if violations is None:
        if not page.evaluate("() => typeof window.axe === 'object'"):
            # evaluate() is not subject to the page's Content Security Policy, unlike an injected <script>.
            page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
        violations = _scanned_documents[document] = page.evaluate(_RUN_AXE, AXE_TAGS)
    record.scans.append({"url": page.url, "violations": violations})
    if record.navigations:
        record.scanned.add(len(record.navigations) - 1)
    failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    if failing:
        pytest.fail(_describe_violations(page.url, failing), pytrace=False)
    return violations


_scanned_documents: dict[str, list[dict]] = {}  # sha256 of the document -> its violations
_DOCUMENT_WITHOUT_TOKENS = """() => {
  const root = document.documentElement.cloneNode(true);
  root.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach(input => input.removeAttribute("value"));
  return location.origin + " " + root.outerHTML;
}"""


def _describe_violations(url: str, violations: list[dict]) -> str:
    lines = [f"axe-core found {len(violations)} serious or critical accessibility problem(s) on {url}:"]
    for v in violations:
        lines.append(f"- [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:10]:
            lines.append(f"    at {node['target']}: {' '.join((node['summary'] or '').split())}")
        if len(v["nodes"]) > 10:
            lines.append(f"    ... and {len(v['nodes']) - 10} more")
    return "\n".join(lines)


def visit(page: Page, url: str) -> None:
    """Opens a URL (a path is relative to the live server) and scans the page it lands on."""
    response = page.goto(url)
    scan(page)
    if response is not None and response.status >= 500:
        pytest.fail(f"{url} answered {response.status}")


def click(page: Page, target: Locator | str) -> None:
    """Clicks a link or button that loads a page (a locator, or a selector), waits for it and scans it."""
    locator = page.locator(target) if isinstance(target, str) else target
    with page.expect_navigation():
        locator.click()
    scan(page)


def after(page: Page, action: Callable[[], object]) -> None:
    """Runs an action that loads a page (e.g. pressing Enter in a form), waits for it and scans it."""
    with page.expect_navigation():
        action()
    scan(page)


def sign_in(page: Page, username: str, password: str = DEMO_PASSWORD) -> None:
    """Signs in through the sign-in page (each page scanned); fails with the page's error if it is refused."""
    visit(page, "/accounts/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    click(page, page.get_by_role("button", name="Sign in"))
    if page.get_by_role("button", name="Sign out").count() != 1:
        summary = page.locator(".govuk-error-summary")
        reason = summary.inner_text() if summary.count() else page.url
        pytest.fail(f"Signing in as {username} failed: {' '.join(reason.split())}")


def sign_out(page: Page) -> None:
    click(page, page.get_by_role("button", name="Sign out"))


def nav_labels(page: Page) -> list[str]:
    """The labels of the service navigation's links, in order ([] when there is no menu)."""
    return [text.strip() for text in page.locator("nav[aria-label='Menu'] a").all_inner_texts()]
