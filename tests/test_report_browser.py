"""The report in headless Chromium, driven over the DevTools protocol: search, filters, "show more", anchors.

Skipped only when no Chromium is installed (`make setup-views` installs it; CI runs that). Every
check waits for a condition in the page with a generous timeout, never for a fixed time.
"""
import json
from pathlib import Path

import pytest

from cdp import Browser, chromium_path
from pipeline.export import read_table
from pipeline.report import REPORT, entity_page, page_name, write_report
from report_corpus import generated, write_run
from test_report import IMG, hostile_articles

pytestmark = pytest.mark.skipif(chromium_path() is None, reason="chromium not installed: run `make setup-views`")

READY = "document.documentElement.dataset.ready === '1'"
ROWS = "Array.from(document.querySelectorAll('#quotes tbody tr')).map(r => r.innerText)"


@pytest.fixture(scope="module")
def browser():
    with Browser() as b:
        yield b


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = write_run(tmp_path_factory.mktemp("report") / "run", hostile_articles(), failed=("broken",))
    write_report(out)
    return out


@pytest.fixture
def index(browser, run):
    """The index, freshly loaded with its quote table rendered; the event log starts empty."""
    browser.events.clear()
    browser.open(run / REPORT / "index.html", READY)
    return browser


def type_into(browser: Browser, element: str, value: str) -> None:
    """Set a form field as a user would and fire its input event."""
    browser.evaluate(f"(() => {{ const e = document.getElementById({json.dumps(element)}); e.value = {json.dumps(value)};"
                     " e.dispatchEvent(new Event('input', {bubbles: true})); })()")


def rows_after(browser: Browser, n: int) -> list[str]:
    """The visible quote rows once there are `n` of them (the table re-renders on each input)."""
    browser.wait(f"{ROWS}.length === {n}")
    return browser.evaluate(ROWS)


def speaker_id(run: Path, name: str) -> str:
    return next(row["entity_id"] for row in read_table(run / "entities.csv") if row["canonical_name"] == name)


def test_console_check_catches_a_broken_page(browser, tmp_path):
    broken = tmp_path / "broken.html"
    broken.write_text("<p>Hallo</p><script>undefinedFunction();</script>", "utf-8")
    browser.events.clear()
    browser.open(broken)
    browser.wait("true")
    assert any("undefinedFunction" in error for error in browser.errors())


def test_index_shows_every_quote_without_errors_or_network(index):
    assert index.evaluate("document.getElementById('count').textContent") == "5 quotes"
    rows = rows_after(index, 5)
    assert any("Juri Uschakow" in r and "0.94" in r and "Russland habe solche Kontakte nie abgelehnt" in r for r in rows)
    assert index.errors() == []
    assert {url.split(":")[0] for url in index.requests()} <= {"file", "data"}


def test_search_finds_quotes_by_text_and_speaker(index):
    type_into(index, "search", "uschakow")
    rows = rows_after(index, 2)
    assert all("Juri Uschakow" in r for r in rows)
    assert index.evaluate("document.getElementById('count').textContent") == "2 of 5 quotes match"
    type_into(index, "search", "strasse")  # case and ß folded
    [row] = rows_after(index, 1)
    assert "Dmitri Peskow" in row and 'Die Straße ist <b>groß</b> & "breit"' in row
    assert index.evaluate("document.querySelector('#quotes tbody mark').textContent") == "Straße"
    type_into(index, "search", '"kontakte nie" russland')  # a phrase and a word, both required
    [row] = rows_after(index, 1)
    assert "Russland habe solche Kontakte nie abgelehnt" in row
    type_into(index, "search", "niemand sagt das")
    assert rows_after(index, 0) == []
    assert index.evaluate("document.getElementById('count').textContent") == "0 of 5 quotes match"


def test_filters_by_speaker_type_date_and_confidence(index, run):
    type_into(index, "speaker", speaker_id(run, "Juri Uschakow"))
    assert len(rows_after(index, 2)) == 2
    type_into(index, "type", "direct")
    [row] = rows_after(index, 1)
    assert "Alles gut" in row
    type_into(index, "speaker", "")
    assert all("\tdirect\t" in r for r in rows_after(index, 2))
    type_into(index, "type", "")
    type_into(index, "confidence", "0.8")
    assert sorted(r.split("\t")[3] for r in rows_after(index, 2)) == ["0.83", "0.94"]
    type_into(index, "confidence", "")
    type_into(index, "from", "2026-02-01")
    assert all(r.startswith("2026-02-20") for r in rows_after(index, 2))
    type_into(index, "to", "2026-02-19")
    rows_after(index, 0)
    assert "from=2026-02-01" in index.evaluate("location.hash")  # the filters are in the address, for bookmarks


def test_markup_in_quotes_stays_text(index):
    type_into(index, "search", "alles gut")
    [row] = rows_after(index, 1)
    assert IMG in row
    assert index.evaluate("document.querySelectorAll('#quotes img').length") == 0
    assert index.evaluate("window.pwned === undefined")


def test_a_link_with_filters_opens_them(browser, run):
    browser.open(f"{run / REPORT / 'index.html'}#speaker={speaker_id(run, 'Dmitri Peskow')}", READY)
    [row] = rows_after(browser, 1)
    assert "Dmitri Peskow" in row
    assert browser.evaluate("document.getElementById('speaker').selectedOptions[0].textContent") == "Dmitri Peskow (1)"


def test_rows_link_to_the_quote_in_the_article(index, run):
    type_into(index, "search", "alles gut")
    rows_after(index, 1)
    href = index.evaluate("document.querySelector('#quotes tbody tr td:last-child a').href")
    assert href.endswith("/" + page_name("b") + "#q1")
    index.open(href.removeprefix("file://"))
    assert index.wait("document.querySelector(':target') && document.querySelector(':target').textContent") \
        == "Juri Uschakow · direct · 0.83"
    assert index.evaluate("document.querySelector(':target').getBoundingClientRect().top < innerHeight")  # scrolled to it


def test_entity_page_links_lead_to_their_quotes(browser, run):
    browser.events.clear()
    browser.open(run / REPORT / entity_page(speaker_id(run, "Juri Uschakow")))
    links = browser.evaluate("Array.from(document.querySelectorAll('#entity-quotes a')).map(a => a.href)")
    assert len(links) == 2
    for link in links:
        browser.open(link.removeprefix("file://"))
        assert "Juri Uschakow" in browser.wait("document.querySelector(':target') && document.querySelector(':target').textContent")
    assert browser.errors() == []


def test_show_more_renders_the_next_rows(browser, tmp_path):
    out = write_run(tmp_path / "many", generated(250, per_article=25))
    write_report(out)
    browser.open(out / REPORT / "index.html", READY)
    assert len(rows_after(browser, 100)) == 100
    assert browser.evaluate("document.getElementById('more').textContent") == "show 100 more (150 left)"
    browser.evaluate("document.getElementById('more').click()")
    rows_after(browser, 200)
    browser.evaluate("document.getElementById('more').click()")
    rows_after(browser, 250)
    assert browser.evaluate("document.getElementById('more').hidden")


def test_article_list_filter(browser, run):
    browser.events.clear()
    browser.open(run / REPORT / "articles.html")
    type_into(browser, "filter", "zweiter")
    browser.wait("document.querySelectorAll('#articles tbody tr:not([hidden])').length === 1")
    assert "Zweiter Artikel" in browser.evaluate("document.querySelector('#articles tbody tr:not([hidden])').innerText")
    assert browser.errors() == []


def test_screenshot_of_an_article(browser, run, tmp_path):
    browser.open(run / REPORT / page_name("a"))
    shot = tmp_path / "a.png"
    browser.screenshot(shot)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
