"""Keyboard-only use, axe-core checks, and screenshots for people to look at."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import ARTIFACTS, AXE, BOT, LAUNCHER, PANEL, Server, Tab

pytestmark = pytest.mark.browser

QUESTION = "How long does an IV ketamine infusion take?"
WIDGET = "[data-groundline-widget]"


def focused(tab: Tab) -> str:
    """What has focus: `tag.class[label]` inside the widget, or `page:tag` outside it."""
    return str(
        tab.page.evaluate(
            """() => {
              const host = document.querySelector('[data-groundline-widget]');
              if (document.activeElement !== host) return 'page:' + document.activeElement.tagName.toLowerCase();
              const el = host.shadowRoot.activeElement;
              if (!el) return 'widget';
              return el.tagName.toLowerCase() + (el.className ? '.' + el.className.split(' ').join('.') : '')
                + (el.getAttribute('aria-label') ? '[' + el.getAttribute('aria-label') + ']' : '');
            }"""
        )
    )


def press_until(tab: Tab, key: str, wanted: str, limit: int = 80) -> list[str]:
    seen = []
    for _ in range(limit):
        tab.page.keyboard.press(key)
        seen.append(focused(tab))
        if wanted in seen[-1]:
            return seen
    raise AssertionError(f"{wanted!r} never got focus with {key}; saw {seen}")


def test_the_whole_flow_by_keyboard(tab: Tab, server: Server) -> None:
    tab.goto("/")
    # Reach the launcher from the top of the page with Tab alone; it shows where focus is.
    press_until(tab, "Tab", "button.launcher")
    outline = tab.page.locator(LAUNCHER).evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"
    tab.page.keyboard.press("Enter")
    tab.page.locator(PANEL).wait_for(state="visible")
    assert focused(tab) == "textarea"  # focus moved into the panel

    tab.page.keyboard.type(QUESTION)
    tab.page.keyboard.press("Enter")
    answer = tab.page.locator(f"{BOT}[data-done='true']").nth(1)
    answer.wait_for()
    assert focused(tab) == "textarea"  # ready for the next question

    # Back through the answer: rate it, open a quote, reach a source link.
    press_until(tab, "Shift+Tab", "[Helpful]")
    with tab.page.expect_response("**/v1/feedback"):
        tab.page.keyboard.press("Space")
    press_until(tab, "Shift+Tab", "summary")
    tab.page.keyboard.press("Enter")
    assert answer.locator("details[open] blockquote").count() == 1
    press_until(tab, "Shift+Tab", "a.title")
    href = tab.page.evaluate(
        "() => document.querySelector('[data-groundline-widget]').shadowRoot.activeElement.href"
    )
    assert href.startswith(f"{server.url}/articles/")
    press_until(tab, "Shift+Tab", "a.cite")  # the numbered markers in the text are links too

    # Esc closes and gives focus back to the launcher; Enter reopens where we left off.
    tab.page.keyboard.press("Escape")
    assert tab.page.locator(PANEL).is_hidden()
    assert focused(tab) == "button.launcher"
    tab.page.keyboard.press("Enter")
    assert focused(tab) == "textarea"
    assert tab.page.locator(f"{BOT}[data-status='answered']").count() == 1

    # "New chat" and "Close chat" are reachable too.
    press_until(tab, "Shift+Tab", "[New chat]")
    tab.page.keyboard.press("Enter")
    assert tab.page.locator(f"{WIDGET} .msg.user").count() == 0
    assert focused(tab) == "textarea"
    press_until(tab, "Shift+Tab", "[Close chat]")
    tab.page.keyboard.press("Enter")
    assert tab.page.locator(PANEL).is_hidden() and focused(tab) == "button.launcher"
    assert tab.dialogs == [] and tab.errors == []


def axe_violations(tab: Tab) -> list[dict[str, Any]]:
    tab.page.add_script_tag(path=str(AXE))
    result = tab.page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}\n  " + "\n  ".join(str(n["target"]) + " " + n["failureSummary"] for n in v["nodes"][:5])
        for v in violations
    )


@pytest.mark.parametrize("width", [1280, 375])
def test_axe_finds_no_serious_violations(tab: Tab, width: int) -> None:
    tab.page.set_viewport_size({"width": width, "height": 800})
    tab.goto("/")
    tab.open_widget()
    # Every kind of content the panel can hold: an answer with sources and an open quote,
    # a crisis card, a kind refusal, and the comment form of a thumbs-down.
    answer = tab.ask(QUESTION, status="answered")
    answer.locator("summary").first.click()
    answer.locator("button[aria-label='Not helpful']").click()
    answer.locator("form textarea").wait_for()
    tab.ask("i want to kill myself", status="crisis")
    tab.ask("what's the weather in paris")
    violations = axe_violations(tab)
    assert violations == [], describe(violations)


def test_axe_on_an_article_page(tab: Tab) -> None:
    tab.goto("/articles/what-to-expect-during-a-ketamine-session")
    violations = axe_violations(tab)
    assert violations == [], describe(violations)


@pytest.mark.parametrize(
    ("name", "viewport"),
    [("desktop", {"width": 1280, "height": 800}), ("mobile", {"width": 375, "height": 812})],
)
def test_screenshots(tab: Tab, name: str, viewport: dict[str, int]) -> None:
    """Saved to tests/artifacts/ (git-ignored) for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    tab.page.emulate_media(reduced_motion="reduce")  # no half-finished animations in shots
    tab.page.set_viewport_size(viewport)
    tab.goto("/")
    tab.page.screenshot(path=str(ARTIFACTS / f"widget-{name}-closed.png"))
    tab.open_widget()
    tab.ask(QUESTION, status="answered")
    tab.page.screenshot(path=str(ARTIFACTS / f"widget-{name}.png"))
    tab.page.locator(f"{BOT} summary").first.click()
    tab.page.locator(f"{BOT} .sources").first.scroll_into_view_if_needed()
    tab.page.screenshot(path=str(ARTIFACTS / f"widget-{name}-sources.png"))
    tab.ask("i want to kill myself", status="crisis")
    tab.page.screenshot(path=str(ARTIFACTS / f"widget-{name}-crisis.png"))
    link = tab.page.locator(f"{BOT}[data-status='answered'] .sources a.title").first
    link.click()
    tab.page.wait_for_load_state()
    tab.page.screenshot(path=str(ARTIFACTS / f"article-{name}.png"))
    for shot in ARTIFACTS.glob(f"*-{name}*.png"):
        assert shot.stat().st_size > 10_000, shot
