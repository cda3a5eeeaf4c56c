"""Each demo role signs in, is offered the navigation its roles give it, and signs out."""
import pytest

from organisation import demo
from shared import navigation

from .conftest import click, nav_labels, record_of, scan, sign_in, sign_out, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_USERNAMES = [username for username, *_ in demo.DEMO_USERS]


@pytest.mark.parametrize("username", DEMO_USERNAMES)
def test_each_demo_role_signs_in_sees_its_navigation_and_signs_out(browser_page, demo_users, username):
    page = browser_page
    expected = [item["label"] for item in navigation.items_for(demo_users[username])]

    visit(page, "/")
    assert page.url.endswith("/accounts/sign-in/?next=/"), "an anonymous visitor should be sent to sign in"
    assert nav_labels(page) == []

    sign_in(page, username)
    start = navigation.start_page_for(demo_users[username])
    assert f"Signed in as {demo_users[username]}" in page.locator("header").inner_text()
    assert nav_labels(page) == expected
    if start:  # leadership land on the dashboard, councillors on published packs
        assert page.url.endswith(start)
    else:
        assert page.url.endswith("/")
        assert page.get_by_role("heading", level=1).inner_text() == "Anti-racist action plans"
        start_page_links = page.locator("main .govuk-list a").all_inner_texts()
        assert [label.strip() for label in start_page_links] == expected

    sign_out(page)
    assert page.url.endswith("/accounts/signed-out/")
    assert page.get_by_role("heading", level=1).inner_text() == "You have signed out"
    assert page.get_by_role("button", name="Sign out").count() == 0
    assert nav_labels(page) == []


def test_the_first_tab_focuses_the_skip_link_which_moves_focus_to_the_main_content(browser_page):
    page = browser_page
    visit(page, "/accounts/sign-in/")
    skip_link = page.locator(".govuk-skip-link")
    # The service's stylesheet hides the skip link until it has focus: proof the CSS loaded.
    assert skip_link.evaluate("el => el.getBoundingClientRect().width") <= 1

    page.keyboard.press("Tab")

    assert page.evaluate("() => document.activeElement.className") == "govuk-skip-link"
    assert skip_link.get_attribute("href") == "#main-content"
    assert skip_link.evaluate("el => el.getBoundingClientRect().width") > 1

    page.keyboard.press("Enter")

    # GOV.UK Frontend's skip link script moves focus to <main>: proof the JavaScript loaded.
    assert page.evaluate("() => document.activeElement.id") == "main-content"


# The harness itself: it must not pass a page it did not check.


def test_the_harness_notices_a_page_loaded_without_a_scan(browser_page):
    page = browser_page
    visit(page, "/accounts/sign-in/")

    page.goto("/accounts/password-reset/")

    assert record_of(page).unscanned() == [page.url]
    scan(page)
    assert record_of(page).unscanned() == []


def test_the_harness_fails_on_a_serious_accessibility_problem(browser_page):
    page = browser_page
    visit(page, "/accounts/sign-in/")
    page.evaluate("() => document.querySelector('main').append(document.createElement('img'))")

    with pytest.raises(pytest.fail.Exception, match=r"(?s)/accounts/sign-in/.*\[critical\] image-alt.*at img"):
        scan(page)


def test_the_harness_scans_each_page_a_click_loads(browser_page):
    page = browser_page
    visit(page, "/accounts/sign-in/")

    click(page, page.get_by_role("link", name="I have forgotten my password"))

    assert page.url.endswith("/accounts/password-reset/")
    assert [s["url"] for s in record_of(page).scans] == [
        page.url.replace("password-reset/", "sign-in/"),
        page.url,
    ]


def test_the_harness_fails_when_a_stylesheet_does_not_load(browser_page):
    page = browser_page
    visit(page, "/accounts/sign-in/")
    with page.expect_response("**/missing.css"):
        page.evaluate("""() => document.head.append(Object.assign(document.createElement("link"),
                                                    {rel: "stylesheet", href: "/static/css/missing.css"}))""")

    with pytest.raises(pytest.fail.Exception, match=r"stylesheet .*/static/css/missing.css"):
        scan(page)
