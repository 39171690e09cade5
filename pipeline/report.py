"""The reading view: static HTML pages in outputs/report/, no server, no network.

index.html lists the articles, the top speakers and quote counts; <doc_id>.html shows the cleaned
article with entity mentions highlighted by label and each quote marked with its speaker and type.
Pages are written one document at a time from the CSV tables, so memory stays flat.
"""
from __future__ import annotations

import heapq
import html
import logging
import tempfile
from collections import Counter
from itertools import islice
from pathlib import Path
from typing import Iterable, Optional
from urllib.parse import quote as url_quote

from .export import AtomicFile, per_document, read_table, unguard
from .records import safe_stem
from .store import CleanTextReader
from .views import tallied_speakers
from .workbook import document_roles

log = logging.getLogger(__name__)

REPORT = "report"
TOP = 20
QUOTE_TYPES = ("direct", "indirect", "free_indirect", "reported")
STYLE = """
body { font: 16px/1.5 system-ui, sans-serif; margin: 2em auto; max-width: 62em; padding: 0 1em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border-bottom: 1px solid #ddd; padding: .3em .6em; text-align: left; vertical-align: top; }
th { background: #f4f4f4; } td.n { text-align: right; font-variant-numeric: tabular-nums; } td.date { white-space: nowrap; }
.article { white-space: pre-wrap; line-height: 1.9; }
mark.ent { padding: 0 .15em; border-radius: .25em; }
mark.PER { background: #fde2a8; } mark.LOC { background: #c8e6c9; }
mark.ORG { background: #bbdefb; } mark.MISC { background: #e1bee7; }
.quote { border-bottom: 2px solid #c62828; } .quote.indirect { border-bottom-style: dashed; }
.quote.free_indirect, .quote.reported { border-bottom-style: dotted; }
.speaker { font-size: .75em; background: #c62828; color: #fff; border-radius: .3em;
  padding: 0 .35em; margin-right: .2em; white-space: nowrap; }
.legend span { margin-right: 1em; } .muted { color: #777; }
"""
FILTER_SCRIPT = """
document.getElementById("filter").addEventListener("input", function (event) {
  var needle = event.target.value.toLowerCase();
  document.querySelectorAll("#articles tbody tr").forEach(function (row) {
    row.hidden = needle !== "" && row.textContent.toLowerCase().indexOf(needle) < 0;
  });
});
"""


def write_report(out: Path) -> Path:
    """Write index.html and one page per article into `out`/report and return the index path."""
    out = Path(out)
    folder = out / REPORT
    folder.mkdir(parents=True, exist_ok=True)
    names = {row["entity_id"]: unguard(row["canonical_name"]) for row in read_table(out / "entities.csv")}
    speakers: Counter[str] = Counter()
    types: Counter[str] = Counter()
    n_documents = 0
    documents = read_table(out / "documents.csv")
    texts = CleanTextReader(out)
    tables = [read_table(out / f"{name}.csv") for name in ("mentions", "quotes", "relations")]
    # Article rows go to a spool file, so the index never holds the whole corpus in memory.
    with tempfile.TemporaryFile("w+", encoding="utf-8") as rows:
        for document, (mentions, quotes, relations) in per_document(documents, *tables):
            n_documents += 1
            counts = Counter(q["quote_type"] for q in quotes)
            types.update(counts)
            speakers.update(unguard(name) for name in tallied_speakers(quotes))
            page = _write_page(texts, folder, document, mentions, quotes, relations, names)
            rows.write(_article_row(document, page, counts))
        rows.seek(0)
        index = folder / "index.html"
        with AtomicFile(index) as target:
            target.handle.write(_index_head(n_documents, speakers, types, names, out))
            for line in rows:
                target.handle.write(line)
            target.handle.write(_index_tail())
    return index


def page_name(doc_id: str) -> str:
    """File name of an article's page."""
    return f"{safe_stem(doc_id)}.html"


def highlight(text: str, mentions: Iterable[dict], quotes: Iterable[dict], names: Optional[dict[str, str]] = None) -> str:
    """The text as HTML: mentions as <mark class=LABEL>, quotes as <span class="quote TYPE"> led by their speaker.

    Quotes and mentions may overlap, so the text is cut at every boundary and each piece is
    wrapped in whatever covers it; the markup stays well-formed whatever the offsets.
    """
    names = names or {}
    spans = [(_int(m["start"]), _int(m["end"]), m) for m in mentions]
    spans = [(s, e, m) for s, e, m in spans if 0 <= s < e <= len(text)]
    quoted = [(_int(q["quote_start"]), _int(q["quote_end"]), q) for q in quotes]
    quoted = [(s, e, q) for s, e, q in quoted if 0 <= s < e <= len(text)]
    cuts = sorted({0, len(text)} | {p for s, e, _ in spans + quoted for p in (s, e)})
    # One sweep over the cuts: each list is walked in start order; a heap keyed by list position
    # holds the spans begun so far, and the first one in list order that has not ended covers the piece.
    mention_order = sorted(range(len(spans)), key=lambda i: spans[i][0])
    quote_order = sorted(range(len(quoted)), key=lambda i: quoted[i][0])
    badges: dict[int, list[dict]] = {}
    for s, _, q in quoted:
        badges.setdefault(s, []).append(q)
    open_mentions: list[tuple[int, int]] = []
    open_quotes: list[tuple[int, int]] = []
    next_mention = next_quote = 0
    pieces = []
    for a, b in zip(cuts, cuts[1:]):
        next_mention = _open(spans, mention_order, next_mention, open_mentions, a)
        next_quote = _open(quoted, quote_order, next_quote, open_quotes, a)
        piece = html.escape(text[a:b])
        mention = _covering(spans, open_mentions, a)
        if mention is not None:
            label = html.escape(mention["label"])
            title = html.escape(f"{mention['label']}: {names.get(mention['entity_id'], unguard(mention['text']))}")
            piece = f'<mark class="ent {label}" title="{title}">{piece}</mark>'
        quote = _covering(quoted, open_quotes, a)
        if quote is not None:
            kind = html.escape(quote["quote_type"])
            piece = f'<span class="quote {kind}">{piece}</span>'
        for q in badges.get(a, ()):
            piece = _badge(q) + piece
        pieces.append(piece)
    return "".join(pieces)


def _open(spans: list[tuple[int, int, dict]], order: list[int], cursor: int, heap: list[tuple[int, int]], at: int) -> int:
    """Push every span starting at or before `at` onto the heap (as list position, end); the new cursor."""
    while cursor < len(order) and spans[order[cursor]][0] <= at:
        index = order[cursor]
        heapq.heappush(heap, (index, spans[index][1]))
        cursor += 1
    return cursor


def _covering(spans: list[tuple[int, int, dict]], heap: list[tuple[int, int]], at: int) -> Optional[dict]:
    """The first span in list order among those open at `at`; spans ended by then leave the heap.

    Every start and end is a cut, so a span begun at or before the piece's start and ending after
    it covers the whole piece.
    """
    while heap and heap[0][1] <= at:
        heapq.heappop(heap)
    return spans[heap[0][0]][2] if heap else None


def _badge(quote: dict) -> str:
    speaker = unguard(quote["speaker_canonical"] or quote["speaker_text"]) or "?"
    return f'<span class="speaker" title="{html.escape(quote["rule"])}">{html.escape(speaker)} · {html.escape(quote["quote_type"])}</span>'


def _int(value: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


def _write_page(texts: CleanTextReader, folder: Path, document: dict, mentions: list[dict], quotes: list[dict],
                relations: list[dict], names: dict[str, str]) -> Optional[str]:
    """One article's page; None when the document has no text (failed or empty)."""
    if document["status"] != "ok":
        return None
    try:
        text = texts.get(document["doc_id"])
    except OSError as err:
        log.warning("report: no clean text for %s: %s", document["doc_id"], err)
        return None
    roles = document_roles(relations)
    title = unguard(document["title"] or document["doc_id"])
    rows = "".join(
        f"<tr><td>{_e(q['speaker_canonical'] or q['speaker_text'] or '?')}</td><td>{_e(roles.get(q['speaker_entity_id'], ''))}</td>"
        f"<td>{_e(q['quote_type'])}</td><td>{_e(q['quote_text'])}</td><td>{_e(q['cue_text'])}</td></tr>"
        for q in quotes
    )
    legend = "".join(f'<mark class="ent {label}">{label}</mark> ' for label in ("PER", "LOC", "ORG", "MISC"))
    body = (
        f'<p><a href="index.html">← all articles</a></p><h1>{_e(title)}</h1>'
        f'<p class="muted">{_e(document["date"])} · {_e(document["source"])} · {len(quotes)} quotes · {len(mentions)} mentions</p>'
        f'<p class="legend">{legend}<span class="quote direct">direct</span> <span class="quote indirect">indirect</span> '
        f'<span class="quote reported">reported / free indirect</span></p>'
        f'<div class="article">{highlight(text, mentions, quotes, names)}</div>'
        f"<h2>Who says what</h2><table><thead><tr><th>speaker</th><th>role</th><th>type</th><th>quote</th><th>cue</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )
    name = page_name(document["doc_id"])
    with AtomicFile(folder / name) as target:
        target.handle.write(_page(title, body))
    return name


def _article_row(document: dict, page: Optional[str], counts: Counter) -> str:
    title = _e(document["title"] or document["doc_id"])
    link = f'<a href="{url_quote(page)}">{title}</a>' if page else title
    numbers = "".join(f'<td class="n">{counts.get(t, 0)}</td>' for t in QUOTE_TYPES)
    return (f"<tr><td>{link}</td><td class=\"date\">{_e(document['date'])}</td><td>{_e(document['status'])}</td>"
            f'<td class="n">{_e(document["n_mentions"])}</td><td class="n">{sum(counts.values())}</td>{numbers}</tr>\n')


def _index_head(n_documents: int, speakers: Counter, types: Counter, names: dict[str, str], out: Path) -> str:
    talked_about = list(islice(read_table(out / "entities.csv"), TOP))  # sorted by mentions in the corpus pass
    speaker_rows = "".join(f'<tr><td>{_e(name)}</td><td class="n">{n}</td></tr>' for name, n in speakers.most_common(TOP))
    entity_rows = "".join(
        f'<tr><td>{_e(e["canonical_name"])}</td><td>{_e(e["label"])}</td><td class="n">{_e(e["n_mentions"])}</td>'
        f'<td class="n">{_e(e["n_docs"])}</td></tr>' for e in talked_about
    )
    type_rows = "".join(f'<tr><td>{t}</td><td class="n">{types.get(t, 0)}</td></tr>' for t in QUOTE_TYPES)
    type_heads = "".join(f"<th>{t}</th>" for t in QUOTE_TYPES)
    body = (
        f"<h1>Wer sagt was</h1><p class=\"muted\">{n_documents} articles · {sum(types.values())} quotes</p>"
        f"<h2>Top speakers</h2><table><thead><tr><th>speaker</th><th>quotes</th></tr></thead><tbody>{speaker_rows}</tbody></table>"
        f"<h2>Quotes by type</h2><table><tbody>{type_rows}</tbody></table>"
        f"<h2>Most mentioned</h2><table><thead><tr><th>entity</th><th>label</th><th>mentions</th><th>articles</th></tr></thead>"
        f"<tbody>{entity_rows}</tbody></table>"
        f'<h2>Articles</h2><p><input id="filter" type="search" placeholder="filter articles"></p>'
        f'<table id="articles"><thead><tr><th>article</th><th>date</th><th>status</th><th>mentions</th><th>quotes</th>'
        f"{type_heads}</tr></thead><tbody>\n"
    )
    page = _page("Wer sagt was", body)
    return page[: page.index("</body>")]


def _index_tail() -> str:
    return f"</tbody></table><script>{FILTER_SCRIPT}</script></body></html>\n"


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>{_e(title)}</title>'
            f'<link rel="icon" href="data:,"><style>{STYLE}</style></head><body>{body}</body></html>\n')


def _e(value) -> str:
    return html.escape(unguard(str(value)))
