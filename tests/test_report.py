import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline.report import highlight, page_name, write_report
from test_workbook import build_outputs

VOID = {"meta", "link", "input", "br"}


class _Nesting(HTMLParser):
    """Fails on any end tag that does not close the innermost open element."""

    def __init__(self):
        super().__init__()
        self.stack = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack.pop() == tag, f"misnested </{tag}>"


def _well_formed(markup: str) -> bool:
    parser = _Nesting()
    parser.feed(markup)
    return parser.stack == []


@pytest.fixture
def report(de_vocab, tmp_path):
    out = build_outputs(de_vocab, tmp_path / "out")
    write_report(out)
    return out / "report"


def test_index_lists_every_article_and_the_speakers(report):
    index = (report / "index.html").read_text("utf-8")
    assert _well_formed(index)
    assert 'href="a.html"' in index and 'href="b.html"' in index
    assert "broken" in index and 'href="broken.html"' not in index  # failed documents are listed without a page
    speakers = index[index.index("Top speakers"):index.index("Quotes by type")]
    assert "Dmitri Peskow" in speakers and "Donald Trump" in speakers


def test_article_page_marks_mentions_and_quotes(report):
    page = (report / page_name("a")).read_text("utf-8")
    assert _well_formed(page)
    assert '<mark class="ent PER" title="PER: Dmitri Peskow">Dmitri Peskow</mark>' in page
    assert '<span class="speaker" title="">Dmitri Peskow · direct</span><span class="quote direct">Die Straße' in page
    assert "Kremlsprecher (Kreml)" in page


def test_overlapping_spans_and_markup_in_text_stay_well_formed():
    text = "<b>Trump</b> sagte: Trump kommt."
    mentions = [{"start": "3", "end": "8", "label": "PER", "entity_id": "E1", "text": "Trump"},
                {"start": "20", "end": "25", "label": "PER", "entity_id": "E1", "text": "Trump"}]
    quotes = [{"quote_start": "22", "quote_end": "31", "quote_type": "indirect", "speaker_canonical": "Donald Trump",
               "speaker_text": "", "rule": "r"},
              {"quote_start": "40", "quote_end": "99", "quote_type": "direct", "speaker_canonical": "X",
               "speaker_text": "", "rule": ""}]  # offsets beyond the text are ignored
    markup = highlight(text, mentions, quotes, {"E1": "Donald Trump"})
    assert _well_formed(markup)
    assert "&lt;b&gt;" in markup and "<b>" not in markup
    assert re.sub(r"<[^>]+>|Donald Trump · indirect", "", markup) == text.replace("<", "&lt;").replace(">", "&gt;")


def test_highlight_output_of_overlapping_nested_and_invalid_spans_is_fixed():
    """The exact markup of a small article, as the quadratic version rendered it."""
    text = 'Trump sagte, „Putin & <Co> seien bereit“. Laut Kreml, so Peskow, sei das falsch. Ende.'
    mentions = [
        {"start": "0", "end": "5", "label": "PER", "entity_id": "E1", "text": "Trump"},
        {"start": "14", "end": "19", "label": "PER", "entity_id": "E2", "text": "Putin"},
        {"start": "14", "end": "26", "label": "ORG", "entity_id": "E9", "text": "Putin & <Co>"},
        {"start": "47", "end": "52", "label": "ORG", "entity_id": "E3", "text": "Kreml"},
        {"start": "57", "end": "63", "label": "PER", "entity_id": "", "text": "Peskow"},
        {"start": "x", "end": "3", "label": "PER", "entity_id": "E4", "text": "bad"},
        {"start": "80", "end": "999", "label": "LOC", "entity_id": "E5", "text": "out"},
    ]
    quotes = [
        {"quote_start": "13", "quote_end": "40", "quote_type": "direct",
         "speaker_canonical": "Donald Trump", "speaker_text": "Trump", "rule": "direct_colon"},
        {"quote_start": "14", "quote_end": "33", "quote_type": "indirect", "speaker_canonical": "", "speaker_text": "", "rule": "inner"},
        {"quote_start": "42", "quote_end": "80", "quote_type": "reported",
         "speaker_canonical": "", "speaker_text": "Peskow", "rule": "frame_so"},
        {"quote_start": "42", "quote_end": "52", "quote_type": "indirect",
         "speaker_canonical": "", "speaker_text": "Kreml", "rule": "frame_laut"},
        {"quote_start": "5", "quote_end": "5", "quote_type": "direct", "speaker_canonical": "", "speaker_text": "", "rule": "empty"},
    ]
    expected = (
        '<mark class="ent PER" title="PER: Donald Trump">Trump</mark> sagte, <span class="speaker" title="dir'
        'ect_colon">Donald Trump · direct</span><span class="quote direct">„</span><span class="speaker" titl'
        'e="inner">? · indirect</span><span class="quote direct"><mark class="ent PER" title="PER: Putin">Put'
        'in</mark></span><span class="quote direct"><mark class="ent ORG" title="ORG: Putin &amp; &lt;Co&gt;"'
        '> &amp; &lt;Co&gt;</mark></span><span class="quote direct"> seien </span><span class="quote direct">'
        'bereit“</span>. <span class="speaker" title="frame_laut">Kreml · indirect</span><span class="speaker'
        '" title="frame_so">Peskow · reported</span><span class="quote reported">Laut </span><span class="quo'
        'te reported"><mark class="ent ORG" title="ORG: Kreml &lt;Moskau&gt;">Kreml</mark></span><span class='
        '"quote reported">, so </span><span class="quote reported"><mark class="ent PER" title="PER: Peskow">'
        'Peskow</mark></span><span class="quote reported">, sei das falsch.</span> Ende.'
    )
    assert highlight(text, mentions, quotes, {"E1": "Donald Trump", "E3": "Kreml <Moskau>"}) == expected


# Chromium: the proof that a real browser renders the pages.
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed: run `make setup-views`")
# The machine has no network: nothing in the background may try to reach it.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-default-apps", "--enable-logging=stderr", "--v=0"]


def _browse(tmp_path: Path, page: Path, *mode: str) -> tuple[str, list[str]]:
    """Render a page; returns stdout and the page's console messages (chromium logs them as CONSOLE lines)."""
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    result = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *mode, page.as_uri()],
                            capture_output=True, text=True, timeout=60)
    console = [line for line in result.stderr.splitlines() if ":CONSOLE" in line]
    return result.stdout, console


@needs_chromium
def test_console_check_catches_a_broken_page(tmp_path):
    broken = tmp_path / "broken.html"
    broken.write_text("<p>Hallo</p><script>undefinedFunction();</script>", "utf-8")
    _, console = _browse(tmp_path, broken, "--dump-dom")
    assert any("Uncaught" in line for line in console)


@needs_chromium
def test_browser_renders_speakers_without_console_errors(report, tmp_path):
    dom, console = _browse(tmp_path, report / "index.html", "--dump-dom")
    assert console == []
    assert "Dmitri Peskow" in dom and "Donald Trump" in dom
    dom, console = _browse(tmp_path, report / page_name("b"), "--dump-dom")
    assert console == []
    assert "Donald Trump · direct" in dom and "=1+2 und @SUM(A1)" in dom
    shot = tmp_path / "a.png"
    _, console = _browse(tmp_path, report / page_name("a"), f"--screenshot={shot}", "--window-size=1200,900",
                         "--hide-scrollbars")
    assert console == []
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
