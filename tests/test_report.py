import csv
import json
import re
from fnmatch import fnmatch
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline.export import read_table
from pipeline.report import DATA, REPORT, TEMPLATES, TOP, entity_page, highlight, page_name, plural, write_report
from report_corpus import Article, Statement, generated, write_run
from test_workbook import build_outputs

VOID = {"meta", "link", "input", "br"}
ROOT = Path(__file__).resolve().parent.parent


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


# Quotes with markup in them: every one must reach the reader as text.
HOSTILE_TITLE = 'Artikel <A> & „B“ "c"'
IMG = '<img src=x onerror="window.pwned=1"> Alles gut'
BOLD = 'Die Straße ist <b>groß</b> & "breit"'


def hostile_articles() -> list[Article]:
    return [
        Article("a", HOSTILE_TITLE, "2026-01-10", [
            Statement("Juri Uschakow", "Russland habe solche Kontakte nie abgelehnt", "indirect", 0.943),
            Statement("Dmitri Peskow", BOLD, "direct", 0.55),
            Statement(None, "Das war falsch", "reported", 0.3),
        ], places=["Moskau"]),
        Article("b", "Zweiter Artikel", "2026-02-20", [
            Statement("Juri Uschakow", IMG, "direct", 0.831, resolution="carried_over"),
            Statement("Wolodimir Selenski", "Moskau sei bereit", "indirect", 0.71),
        ], places=["Moskau", "Kiew"]),
    ]


@pytest.fixture
def report(de_vocab, tmp_path):
    out = build_outputs(de_vocab, tmp_path / "out")
    write_report(out)
    return out / REPORT


@pytest.fixture
def hostile(tmp_path):
    out = write_run(tmp_path / "run", hostile_articles(), failed=("broken",))
    write_report(out)
    return out


def load_data(report: Path) -> dict:
    """data.js read back as the JSON it is, less the assignment."""
    text = (report / DATA).read_text("utf-8")
    prefix = "window.WERSAGTWAS = "
    assert text.startswith(prefix) and text.endswith(";\n")
    return json.loads(text[len(prefix):-2])


def entity_ids(out: Path) -> dict[str, str]:
    return {row["canonical_name"]: row["entity_id"] for row in read_table(out / "entities.csv")}


def test_plural():
    assert plural(1, "article") == "1 article"
    assert plural(2, "article") == "2 articles"
    assert plural(0, "quote") == "0 quotes"
    assert plural(10000, "quote") == "10,000 quotes"
    assert plural(3, "entity", "entities") == "3 entities"


def test_counts_use_the_singular_for_one(tmp_path):
    out = write_run(tmp_path / "one", [Article("x", "Eins", "2026-03-01", [Statement("Anna Schmidt", "Ja", "direct", 0.9)])])
    report = out / REPORT
    write_report(out)
    index = (report / "index.html").read_text("utf-8")
    assert "1 article · 1 quote · 1 speaker" in index
    article = (report / page_name("x")).read_text("utf-8")
    assert "1 quote · 1 mention" in article
    person = (report / entity_page(entity_ids(out)["Anna Schmidt"])).read_text("utf-8")
    assert "1 quote · 1 mention in 1 article" in person


def test_index_lists_every_article_and_the_speakers(report):
    index = (report / "index.html").read_text("utf-8")
    assert _well_formed(index)
    assert 'href="articles/a.html"' in index and 'href="articles/b.html"' in index
    assert "broken" in index and "broken.html" not in index  # failed documents are listed without a page
    assert "3 articles · 2 quotes · 2 speakers · 1 failed" in index
    speakers = index[index.index("Top speakers"):index.index("Quotes by type")]
    assert "Dmitri Peskow" in speakers and "Donald Trump" in speakers
    assert re.search(r'<a href="entities/E\w+\.html">Dmitri Peskow</a>', speakers)  # speakers are links
    mentioned = index[index.index("Most mentioned"):index.index("<h2>Articles")]
    assert re.search(r'<a href="entities/E\w+\.html">Melania Trump</a>', mentioned)  # so are entities never quoted
    assert '<script src="data.js"></script>' in index and '<script src="report.js"></script>' in index


def test_index_shows_the_first_articles_and_articles_html_all(tmp_path):
    out = write_run(tmp_path / "many", generated(TOP + 5, per_article=1), failed=("broken",))
    write_report(out)
    index = (out / REPORT / "index.html").read_text("utf-8")
    listed = index[index.index("<h2>Articles"):]
    assert listed.count('<a href="articles/gen-') == TOP and "The first 20 · " in listed
    assert '<a href="articles.html">all 26 articles, with a filter</a>' in listed
    every = (out / REPORT / "articles.html").read_text("utf-8")
    assert _well_formed(every) and every.count('<a href="articles/gen-') == TOP + 5 and "<td>broken</td>" in every
    assert "26 articles · 1 failed" in every


def test_article_page_marks_mentions_and_quotes(report):
    page = (report / page_name("a")).read_text("utf-8")
    assert _well_formed(page)
    assert re.search(r'<mark class="ent PER" title="PER: Dmitri Peskow"><a href="\.\./entities/E\w+\.html">Dmitri Peskow</a></mark>', page)
    assert re.search(r'<span class="speaker" id="q1" title=" · confidence 0.83"><a href="\.\./entities/E\w+\.html">Dmitri Peskow</a>'
                     r' · direct · 0.83</span><span class="quote direct">Die Straße', page)
    assert "Kremlsprecher (Kreml)" in page
    assert '<a href="#q1" title="jump to the quote in the text">' in page  # who-says-what rows lead to the quote
    assert '<td class="conf">0.83' in page
    assert 'href="../style.css"' in page and 'href="../index.html"' in page


def test_every_page_is_well_formed_and_escapes_markup_in_the_data(hostile):
    report = hostile / REPORT
    pages = [report / "index.html", report / "articles.html",
             *sorted((report / "articles").glob("*.html")), *sorted((report / "entities").glob("*.html"))]
    assert len(pages) == 2 + 2 + 5  # Uschakow, Peskow, Selenski, Moskau, Kiew
    for page in pages:
        markup = page.read_text("utf-8")
        assert _well_formed(markup), page
        assert "<img" not in markup and "<b>" not in markup and "<A>" not in markup, page
    article = (report / page_name("a")).read_text("utf-8")
    assert "Die Straße ist &lt;b&gt;groß&lt;/b&gt; &amp; &#34;breit&#34;" in article  # the who-says-what table (jinja)
    assert "Die Straße ist &lt;b&gt;groß&lt;/b&gt; &amp; &quot;breit&quot;" in article  # the article text (highlight)
    assert "<title>Artikel &lt;A&gt; &amp; „B“ &#34;c&#34;</title>" in article
    uschakow = (report / entity_page(entity_ids(hostile)["Juri Uschakow"])).read_text("utf-8")
    assert "&lt;img src=x onerror=&#34;window.pwned=1&#34;&gt; Alles gut" in uschakow


def test_data_file_holds_every_quote_with_speaker_columns_and_canonical_names(hostile):
    data = load_data(hostile / REPORT)
    ids = entity_ids(hostile)
    assert [d[1:] for d in data["docs"]] == [[HOSTILE_TITLE, "2026-01-10"], ["Zweiter Artikel", "2026-02-20"], ["broken", ""]]
    assert data["docs"][0][0] == "articles/a.html" and data["docs"][2][0] == ""  # no page for the failed document
    speakers = {row[0]: row[1:] for row in data["speakers"]}
    assert speakers[ids["Juri Uschakow"]] == ["Juri Uschakow", entity_page(ids["Juri Uschakow"]), "PER"]
    rows = data["quotes"]
    assert len(rows) == 5
    doc, speaker, kind, score, text, anchor, resolution, written = rows[3]
    assert (doc, data["speakers"][speaker][1], data["types"][kind], score, text, anchor) == (1, "Juri Uschakow", "direct", 831, IMG, "q1")
    assert data["resolutions"][resolution] == "carried over" and written == ""
    unnamed = rows[2]
    assert unnamed[1] == -1 and unnamed[7] == "Sie"  # an unresolved pronoun names no speaker but is shown as written


def test_names_come_from_entities_csv(hostile):
    """The corpus pass may rename an entity after quotes.csv was staged: entities.csv has the last word."""
    table = hostile / "entities.csv"
    with open(table, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["canonical_name"] == "Juri Uschakow":
            row["canonical_name"] = "Juri W. Uschakow"
            uschakow = row["entity_id"]
    with open(table, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    write_report(hostile)
    report = hostile / REPORT
    assert {row[1] for row in load_data(report)["speakers"] if row[0] == uschakow} == {"Juri W. Uschakow"}
    assert "<h1>Juri W. Uschakow" in (report / entity_page(uschakow)).read_text("utf-8")
    assert "Juri W. Uschakow · indirect · 0.94" in re.sub(r"<[^>]+>", "", (report / page_name("a")).read_text("utf-8"))
    assert ">Juri W. Uschakow</a>" in (report / "index.html").read_text("utf-8")


def test_entity_pages_link_to_each_quote_in_its_article(hostile):
    report = hostile / REPORT
    ids = entity_ids(hostile)
    page = (report / entity_page(ids["Juri Uschakow"])).read_text("utf-8")
    links = re.findall(r'<td><a href="\.\./(articles/[^"#]+)#([^"]+)">', page)
    assert links == [("articles/a.html", "q1"), ("articles/b.html", "q1")]  # in date order
    for target, anchor in links:
        assert f'id="{anchor}"' in (report / target).read_text("utf-8")
    assert "0.94" in page and "0.83" in page and "carried over" in page
    assert f'href="../index.html#speaker={ids["Juri Uschakow"]}"' in page
    moscow = (report / entity_page(ids["Moskau"])).read_text("utf-8")
    assert "<h2>Quotes</h2>" not in moscow and moscow.count('<li><a href="../articles/') == 2  # mentioned, never quoted


def test_excel_safe_tables_are_unguarded(de_vocab, tmp_path):
    out = build_outputs(de_vocab, tmp_path / "safe", safe=True)
    write_report(out)
    texts = [row[4] for row in load_data(out / REPORT)["quotes"]]
    assert "=1+2 und @SUM(A1)" in texts and not any(t.startswith("'") for t in texts)


def test_excel_de_tables_give_the_same_confidence(de_vocab, tmp_path):
    out = build_outputs(de_vocab, tmp_path / "de", dialect="excel-de")
    write_report(out)
    assert [row[3] for row in load_data(out / REPORT)["quotes"]] == [830, 830]
    assert '<td class="conf">0.83' in (out / REPORT / page_name("a")).read_text("utf-8")


def test_report_uses_no_network_and_no_absolute_paths(hostile):
    for path in (hostile / REPORT).rglob("*"):
        if path.is_file():
            text = path.read_text("utf-8")
            assert not re.search(r"(src|href)=\"(https?:)?//", text), path
            assert "http://" not in text and "https://" not in text, path
            assert str(hostile) not in text, path  # the folder can be moved or zipped


def test_templates_ship_in_the_package():
    """A wheel or a fresh install carries every template: each file is matched by package-data."""
    tomllib = pytest.importorskip("tomllib", reason="tomllib needs Python 3.11")
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    globs = config["tool"]["setuptools"]["package-data"]["pipeline"]
    files = [p.relative_to(TEMPLATES.parent).as_posix() for p in TEMPLATES.iterdir() if p.is_file()]
    assert files and all(any(fnmatch(f, g) for g in globs) for f in files), files
    assert any(d.startswith("jinja2") for d in config["project"]["dependencies"])


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


