"""The annotator's path in a real headless browser: predictions in, gold out."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from annotkit import Author, Document, Layer, Span, default_schema, native
from annotkit.cli import main
from annotkit.studio import Studio, push
from annotkit.studio.convert import region_id
from annotkit.studio.server import Credentials

pytestmark = [pytest.mark.studio, pytest.mark.browser]

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TEXT = "🚀 Report\r\nRostec builds the T-90M; Russia pays $24 million.\tEnd"

# Select ``word`` in the page's text (outside existing regions) as a mouse
# drag would, and let Label Studio see the mouseup.
SELECT = """([word]) => {
  const root = document.querySelector('.lsf-htx-richtext');
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const at = node.textContent.indexOf(word);
    if (at >= 0 && !node.parentElement.closest('.htx-highlight')) {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + word.length);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      node.parentElement.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
      return true;
    }
  }
  return false;
}"""


# Select from the first ``start`` word to the last ``end`` word, across lines.
SELECT_ACROSS = """([first, last]) => {
  const root = document.querySelector('.lsf-htx-richtext');
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let node, from, fromAt, to, toAt;
  while ((node = walker.nextNode())) {
    if (!from && node.textContent.includes(first)) {
      from = node;
      fromAt = node.textContent.indexOf(first);
    }
    if (node.textContent.includes(last)) {
      to = node;
      toAt = node.textContent.indexOf(last) + last.length;
    }
  }
  if (!from || !to) return false;
  const range = document.createRange();
  range.setStart(from, fromAt);
  range.setEnd(to, toAt);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  to.parentElement.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
  return true;
}"""


def at(surface: str) -> tuple[int, int]:
    start = TEXT.index(surface)
    return start, start + len(surface)


@pytest.fixture
def page() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        message = "needs Debian's Chromium: run scripts/install-browser.sh (make test does)"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI installs it; a skip there would hide a broken path
        pytest.skip(message)
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            tab = browser.new_page(viewport={"width": 1400, "height": 1000})
            tab.set_default_timeout(60_000)
            yield tab
        finally:
            browser.close()


def log_in(page: Any, credentials: Credentials) -> None:
    page.goto(f"{credentials.url}/user/login")
    page.fill('input[name="email"]', credentials.email)
    page.fill('input[name="password"]', credentials.password)
    page.click('button[type="submit"]')
    page.wait_for_url(lambda address: "/user/login" not in address)


def open_task(page: Any, url: str, project_id: int, task_id: int) -> None:
    page.goto(f"{url}/projects/{project_id}/data?task={task_id}")
    page.wait_for_selector(".lsf-htx-richtext .lsf-richtext__line")
    page.wait_for_selector("button:has-text('Submit')")


def submit(page: Any) -> dict[str, Any]:
    with page.expect_response(lambda r: "/annotations" in r.url
                              and r.request.method == "POST") as posted:
        page.click("button:has-text('Submit')")
    assert posted.value.status == 201
    body: dict[str, Any] = posted.value.request.post_data_json
    return body


def pull_gold(credentials: Credentials, project: str, gold: Path) -> Document:
    result = CliRunner().invoke(
        main, ["pull", "--project", project, "-o", str(gold)],
        env={"LABEL_STUDIO_URL": credentials.url, "LABEL_STUDIO_API_KEY": credentials.token})
    assert result.exit_code == 0, result.output
    (pulled,) = native.load(gold)
    return pulled


def test_annotator_corrects_predictions_and_pull_returns_that_gold(
        page: Any, studio: Studio, ls_credentials: Credentials, tmp_path: Path) -> None:
    predicted = Layer("defense-rules", "prediction", Author("rules", "defense-rules", "e2e"),
                      spans=[Span(*at("Rostec"), "ACTOR", id="rostec",
                                  attrs={"kind": "company"}, score=0.9),
                             Span(*at("builds"), "SYSTEM", id="wrong", score=0.2),
                             Span(*at("T-90M"), "SYSTEM", id="t90m", score=0.8)])
    document = Document("e2e", TEXT, layers=[predicted])
    report = push(studio, [document], "browser e2e", default_schema())
    (task,) = studio.iter_tasks(report.project_id)
    log_in(page, ls_credentials)
    open_task(page, ls_credentials.url, report.project_id, task["id"])
    page.wait_for_selector(".htx-highlight[data-label$='SYSTEM']")

    shown = page.eval_on_selector_all(
        ".htx-highlight",
        "els => els.map(e => [Number(e.dataset.start), Number(e.dataset.end), e.textContent])")
    assert shown == [[*at("Rostec"), "Rostec"], [*at("builds"), "builds"],
                     [*at("T-90M"), "T-90M"]]

    wrong = f".htx-highlight[data-start='{at('builds')[0]}']"
    page.click(wrong)
    page.keyboard.press("Backspace")
    page.wait_for_selector(wrong, state="detached")

    page.click(".lsf-label:has-text('ACTOR')")
    assert page.evaluate(SELECT, ["Russia"])
    page.wait_for_selector(f".htx-highlight[data-start='{at('Russia')[0]}']")
    page.keyboard.press("Escape")
    page.click(".lsf-tree__node:has-text('Russia') .lsf-tree-node-content-wrapper")
    choice = page.locator(".lsf-choice__checkbox:has-text('state')")
    choice.wait_for(state="visible")
    choice.click()
    page.wait_for_selector(".ant-radio-wrapper-checked:has-text('state')")

    submit(page)

    pulled = pull_gold(ls_credentials, "browser e2e", tmp_path / "gold.jsonl")
    assert pulled.text == TEXT
    (layer,) = pulled.layers
    assert layer.author == Author("annotator", ls_credentials.email)
    spans = sorted(layer.spans, key=lambda s: s.start)
    assert [(s.start, s.end, s.label, dict(s.attrs)) for s in spans] == [
        (*at("Rostec"), "ACTOR", {"kind": "company"}),
        (*at("T-90M"), "SYSTEM", {}),
        (*at("Russia"), "ACTOR", {"kind": "state"}),
    ]
    assert [pulled.span_text(s) for s in spans] == ["Rostec", "T-90M", "Russia"]
    assert spans[0].id == region_id(predicted, predicted.span("rostec"))
    assert layer.meta["lead_time"] > 0


def test_region_drawn_across_a_line_break_and_tab_comes_back_exactly(
        page: Any, studio: Studio, ls_credentials: Credentials, tmp_path: Path) -> None:
    """The page reports such a region's text in display form; its offsets stay exact."""
    text = "Intro 🚀 Alpha\r\nBeta\tGamma  Delta end"
    report = push(studio, [Document("display", text)], "browser display", default_schema())
    (task,) = studio.iter_tasks(report.project_id)
    log_in(page, ls_credentials)
    open_task(page, ls_credentials.url, report.project_id, task["id"])
    page.click(".lsf-label:has-text('ACTOR')")
    assert page.evaluate(SELECT_ACROSS, ["Alpha", "Delta"])
    page.wait_for_selector(".htx-highlight")
    posted = submit(page)
    (value,) = [item["value"] for item in posted["result"]]
    assert value["text"] == "Alpha\\n\\nBeta Gamma Delta"
    pulled = pull_gold(ls_credentials, "browser display", tmp_path / "gold.jsonl")
    (span,) = pulled.layers[0].spans
    assert pulled.span_text(span) == "Alpha\r\nBeta\tGamma  Delta"
