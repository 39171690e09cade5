"""The reading view: static HTML pages in outputs/report/ that open from disk, no server, no network.

index.html: counts, the quote search (data.js holds every quote as a compact array; report.js
filters it in the browser and renders the first matches), top speakers, most mentioned entities,
the first articles. articles.html: every article, with a filter. articles/<doc_id>.html: the
cleaned article with entity mentions linked to their pages and each quote anchored at its speaker
label. entities/<entity_id>.html: one page per quoted entity (and the most mentioned others) with
its quotes across the corpus and the articles that mention it. Pages are rendered by the jinja2
templates in pipeline/templates/ from the CSV tables one document at a time; rows for the entity
pages wait in a temporary SQLite file, so memory stays flat.
"""
from __future__ import annotations

import heapq
import html
import json
import logging
import sqlite3
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import IO, Any, Iterable, Optional
from urllib.parse import quote as url_quote

import jinja2
from markupsafe import Markup

from .export import AtomicFile, per_document, read_table, table_path, unguard
from .records import safe_stem
from .store import CleanTextReader
from .views import speaker_name, tallied_speakers
from .workbook import document_roles

log = logging.getLogger(__name__)

REPORT = "report"
TEMPLATES = Path(__file__).with_name("templates")
ASSETS = ("style.css", "report.js")
DATA = "data.js"
ARTICLES = "articles.html"  # every article; the index shows the first few
TOP = 20
# Entities mentioned but never quoted get a page only among the most mentioned: a corpus of 100,000
# articles has hundreds of thousands of once-mentioned names, and a page each would swamp the folder.
MENTIONED_PAGES = 5000
# An entity page lists at most this many of the articles that mention it (newest first).
LISTED_ARTICLES = 200
QUOTE_TYPES = ("direct", "indirect", "free_indirect", "reported")
# Resolutions the reader needs to know about; an explicit speaker is the normal case.
SHOWN_RESOLUTIONS = ("pronoun", "carried_over", "role")


def plural(n: int, singular: str, plural_form: Optional[str] = None) -> str:
    """ "1 article", "2 articles", "10,000 quotes"; `plural_form` for irregular nouns."""
    word = singular if n == 1 else plural_form or f"{singular}s"
    return f"{n:,} {word}"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The template environment: autoescaping on, undefined names are errors."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["count"] = plural
    return env


def page_name(doc_id: str) -> str:
    """An article's page, relative to the report folder."""
    return f"articles/{safe_stem(doc_id)}.html"


def entity_page(entity_id: str) -> str:
    """An entity's page, relative to the report folder."""
    return f"entities/{safe_stem(entity_id)}.html"


def quote_anchor(quote_id: str) -> str:
    """The id of a quote's label in its article page: the part of the quote id after the document id ("q3")."""
    return safe_stem(quote_id.rsplit(":", 1)[-1])


def speaker_of(quote: dict, names: dict[str, str]) -> tuple[str, str]:
    """(key, name) of a quote's speaker: the entity id and its canonical name (entities.csv), else
    "text:" and the name as written; ("", "") when the quote names nobody ("Sie" left unresolved)."""
    entity = quote.get("speaker_entity_id", "")
    canonical = unguard(quote.get("speaker_canonical", ""))
    if entity:
        return entity, names.get(entity) or canonical or unguard(quote.get("speaker_text", "")) or entity
    name = speaker_name(canonical, unguard(quote.get("speaker_text", "")))
    return (f"text:{name}", name) if name else ("", "")


def confidence(quote: dict) -> Optional[float]:
    """The quote's confidence as a number; None when the cell is empty or not a number."""
    try:
        return float(quote.get("confidence", ""))
    except (TypeError, ValueError):
        return None


def highlight(text: str, mentions: Iterable[dict], quotes: Iterable[dict], names: Optional[dict[str, str]] = None,
              links: Optional[dict[str, str]] = None) -> Markup:
    """The text as HTML: mentions as <mark class=LABEL>, quotes as <span class="quote TYPE"> led by their speaker label.

    `links` maps entity ids to their page's href: mentions and speakers with one become links. The
    speaker label carries the quote's anchor (id) and confidence. Quotes and mentions may overlap, so
    the text is cut at every boundary and each piece is wrapped in whatever covers it; the markup
    stays well-formed whatever the offsets.
    """
    names = names or {}
    links = links or {}
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
        # html.escape and %-formatting: Markup.format and markupsafe.escape cost a third of a 10,000-quote report.
        piece = _escape(text[a:b])
        mention = _covering(spans, open_mentions, a)
        if mention is not None:
            title = f"{mention['label']}: {names.get(mention['entity_id'], unguard(mention['text']))}"
            href = links.get(mention["entity_id"])
            if href:
                piece = '<a href="%s">%s</a>' % (_escape(href), piece)
            piece = '<mark class="ent %s" title="%s">%s</mark>' % (_escape(mention["label"]), _escape(title), piece)
        quote = _covering(quoted, open_quotes, a)
        if quote is not None:
            piece = '<span class="quote %s">%s</span>' % (_escape(quote["quote_type"]), piece)
        for q in badges.get(a, ()):
            piece = _badge(q, names, links) + piece
        pieces.append(piece)
    return Markup("".join(pieces))


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


def _badge(quote: dict, names: dict[str, str], links: dict[str, str]) -> str:
    """The red speaker label in front of a quote: anchor, speaker (a link where it has a page), type, confidence."""
    key, name = speaker_of(quote, names)
    name = name or unguard(quote.get("speaker_text", "")) or "?"
    href = links.get(key)
    who = '<a href="%s">%s</a>' % (_escape(href), _escape(name)) if href else _escape(name)
    score = confidence(quote)
    title = quote.get("rule", "") + (f" · confidence {score:.2f}" if score is not None else "")
    anchor = ' id="%s"' % _escape(quote_anchor(quote["quote_id"])) if quote.get("quote_id") else ""
    shown = f" · {score:.2f}" if score is not None else ""
    return '<span class="speaker"%s title="%s">%s · %s%s</span>' % (anchor, _escape(title), who, _escape(quote["quote_type"]), shown)


def _escape(value: str) -> str:
    return html.escape(value, quote=True)


def _int(value: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


@dataclass
class _Entities:
    """entities.csv as the report needs it: every canonical name, the rows of entities with a page, the top rows."""

    names: dict[str, str] = field(default_factory=dict)
    paged: dict[str, dict] = field(default_factory=dict)
    top: list[dict] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)  # entity id -> its page, from the report folder
    up_links: dict[str, str] = field(default_factory=dict)  # the same, from a page in a subfolder


def _read_entities(out: Path) -> _Entities:
    quoted = {row["speaker_entity_id"] for row in read_table(table_path(out, "quotes")) if row["speaker_entity_id"]}
    entities = _Entities()
    for rank, row in enumerate(read_table(table_path(out, "entities"))):  # sorted by mentions in the corpus pass
        entities.names[row["entity_id"]] = unguard(row["canonical_name"])
        if row["entity_id"] in quoted or rank < MENTIONED_PAGES:
            entities.paged[row["entity_id"]] = row
        if rank < TOP:
            entities.top.append(row)
    entities.links = {entity: entity_page(entity) for entity in entities.paged}
    entities.up_links = {entity: f"../{page}" for entity, page in entities.links.items()}
    return entities


class _Store:
    """Quotes and mentions of the entities with a page, kept on disk until their pages are written."""

    def __init__(self, path: Path):
        self.db = sqlite3.connect(path)
        self.db.execute("PRAGMA journal_mode=OFF")
        self.db.execute("PRAGMA synchronous=OFF")
        self.db.execute("CREATE TABLE q (entity TEXT, doc INTEGER, seq INTEGER, anchor TEXT, type TEXT, conf REAL,"
                        " text TEXT, written TEXT, resolution TEXT)")
        self.db.execute("CREATE TABLE m (entity TEXT, doc INTEGER, PRIMARY KEY (entity, doc)) WITHOUT ROWID")

    def add(self, doc: int, quotes: list[tuple], mentioned: Iterable[str]) -> None:
        """One document's quotes (entity, seq, anchor, type, conf, text, written, resolution) and mentioned entities."""
        self.db.executemany("INSERT INTO q VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", [(q[0], doc, *q[1:]) for q in quotes])
        self.db.executemany("INSERT OR IGNORE INTO m VALUES (?, ?)", [(e, doc) for e in mentioned])

    def finish(self) -> None:
        """Index the quotes by entity, for the page queries."""
        self.db.execute("CREATE INDEX q_entity ON q (entity)")

    def quotes(self, entity: str) -> list[tuple]:
        return self.db.execute("SELECT doc, seq, anchor, type, conf, text, written, resolution FROM q WHERE entity = ?",
                               (entity,)).fetchall()

    def documents(self, entity: str) -> list[int]:
        return [doc for (doc,) in self.db.execute("SELECT doc FROM m WHERE entity = ?", (entity,))]

    def close(self) -> None:
        self.db.close()


@dataclass
class _Doc:
    href: str  # the article page from the report folder; "" when the document has none
    title: str
    date: str


class _DataFile:
    """data.js: the quotes stream into a spool file; documents and speakers are written ahead of them at the end."""

    def __init__(self, spool: IO[str]):
        self.spool = spool
        self.speakers: dict[str, int] = {}
        self.speaker_rows: list[list[str]] = []
        self.resolutions: dict[str, int] = {}
        self.n_quotes = 0

    def speaker(self, key: str, name: str, href: str, label: str) -> int:
        """The speaker's index in data.js (added on first sight); -1 for none."""
        if not key:
            return -1
        if key not in self.speakers:
            self.speakers[key] = len(self.speaker_rows)
            self.speaker_rows.append([key, name, href, label])
        return self.speakers[key]

    def add(self, doc: int, speaker: int, quote: dict, written: str) -> None:
        """One quote as [doc, speaker, type, confidence × 1000 (-1: none), text, anchor, resolution (-1: not shown), as written]."""
        score = confidence(quote)
        resolution = quote.get("speaker_resolution", "")
        row = [doc, speaker, _type_index(quote["quote_type"]), -1 if score is None else round(score * 1000),
               unguard(quote["quote_text"]), quote_anchor(quote["quote_id"]),
               self.resolutions.setdefault(resolution, len(self.resolutions)) if resolution in SHOWN_RESOLUTIONS else -1,
               written]
        self.spool.write(("," if self.n_quotes else "") + _js(row) + "\n")
        self.n_quotes += 1

    def write(self, path: Path, docs: list[_Doc]) -> None:
        """The whole data.js: one assignment to window.WERSAGTWAS, a plain object literal."""
        head = {"types": list(QUOTE_TYPES), "resolutions": [r.replace("_", " ") for r in self.resolutions],
                "docs": [[d.href, d.title, d.date] for d in docs], "speakers": self.speaker_rows}
        self.spool.seek(0)
        with AtomicFile(path) as target:
            target.handle.write(f"window.WERSAGTWAS = {_js(head)[:-1]},\n\"quotes\": [\n")
            for line in self.spool:
                target.handle.write(line)
            target.handle.write("]};\n")


def _js(value: Any) -> str:
    # U+2028/2029 are legal in JSON strings, and in JavaScript only since ES2019.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _type_index(quote_type: str) -> int:
    return QUOTE_TYPES.index(quote_type) if quote_type in QUOTE_TYPES else 0


def write_report(out: Path) -> Path:
    """Write index.html, data.js, the article and entity pages into `out`/report and return the index path."""
    out = Path(out)
    folder = out / REPORT
    folder.mkdir(parents=True, exist_ok=True)
    entities = _read_entities(out)
    for asset in ASSETS:
        with AtomicFile(folder / asset) as target:
            target.handle.write((TEMPLATES / asset).read_text("utf-8"))
    with tempfile.TemporaryDirectory(prefix="wersagtwas-report-") as tmp:
        store = _Store(Path(tmp) / "entities.sqlite")
        try:
            with open(Path(tmp) / "quotes.js", "w+", encoding="utf-8") as quotes_spool, \
                    open(Path(tmp) / "articles.jsonl", "w+", encoding="utf-8") as articles_spool:
                data = _DataFile(quotes_spool)
                summary = _write_articles(out, folder, entities, data, store, articles_spool)
                store.finish()
                data.write(folder / DATA, summary.docs)
                _write_entity_pages(folder, entities, store, summary.docs)
                articles_spool.seek(0)
                _render(folder / ARTICLES, "articles.html", stream=True, title="Articles", root="", quote_types=QUOTE_TYPES,
                        n_documents=len(summary.docs), n_failed=summary.n_failed,
                        articles=(json.loads(line) for line in articles_spool))
                articles_spool.seek(0)
                index = folder / "index.html"
                _render(index, "index.html", title="Wer sagt was", root="", quote_types=QUOTE_TYPES,
                        n_documents=len(summary.docs), n_failed=summary.n_failed, n_quotes=data.n_quotes,
                        n_speakers=len(data.speaker_rows), types=summary.types,
                        top_speakers=_top_speakers(summary.speakers, data, entities),
                        talked_about=[_entity_link(row, entities) for row in entities.top],
                        articles=[json.loads(line) for line in islice(articles_spool, TOP)])
        finally:
            store.close()
    return index


@dataclass
class _Summary:
    docs: list[_Doc] = field(default_factory=list)
    n_failed: int = 0
    types: Counter[str] = field(default_factory=Counter)
    speakers: Counter[str] = field(default_factory=Counter)  # speaker key -> statements


def _write_articles(out: Path, folder: Path, entities: _Entities, data: _DataFile, store: _Store,
                    articles_spool: IO[str]) -> _Summary:
    """Every article page; fills data.js, the entity store and the index's article rows on the way."""
    summary = _Summary()
    links = entities.links
    documents = read_table(table_path(out, "documents"))
    texts = CleanTextReader(out)
    tables = [read_table(table_path(out, name)) for name in ("mentions", "quotes", "relations")]
    for document, (mentions, quotes, relations) in per_document(documents, *tables):
        doc = len(summary.docs)
        summary.n_failed += document["status"] == "error"
        page = _write_page(texts, folder, document, mentions, quotes, relations, entities)
        summary.docs.append(_Doc(page or "", unguard(document["title"] or document["doc_id"]), unguard(document["date"])))
        counts = Counter(q["quote_type"] for q in quotes)
        summary.types.update(counts)
        summary.speakers.update(_statements(quotes, entities.names))
        paged = []
        for seq, quote in enumerate(quotes):
            key, name = speaker_of(quote, entities.names)
            written = unguard(quote["speaker_text"])
            speaker = data.speaker(key, name, links.get(key, ""), quote["speaker_label"])
            data.add(doc, speaker, quote, "" if written == name else written)
            if key in entities.paged:
                paged.append((key, seq, quote_anchor(quote["quote_id"]), quote["quote_type"], confidence(quote),
                              unguard(quote["quote_text"]), written, _resolution(quote)))
        store.add(doc, paged, {m["entity_id"] for m in mentions if m["entity_id"] in entities.paged})
        articles_spool.write(json.dumps({
            "href": page or "", "title": summary.docs[-1].title, "date": summary.docs[-1].date, "status": document["status"],
            "n_mentions": document["n_mentions"], "n_quotes": sum(counts.values()), "counts": [counts.get(t, 0) for t in QUOTE_TYPES],
        }, ensure_ascii=False) + "\n")
    return summary


def _statements(quotes: list[dict], names: dict[str, str]) -> list[str]:
    """Speaker keys of one article's statements, counted as views.tallied_speakers counts them."""
    rows: list[dict] = []
    keys: dict[str, str] = {}
    for quote in quotes:
        key, name = speaker_of(quote, names)
        if key:
            keys.setdefault(name, key)
        rows.append({"speaker_canonical": name, "speaker_text": "", "quote_start": quote["quote_start"], "quote_end": quote["quote_end"]})
    return [keys[name] for name in tallied_speakers(rows) if name in keys]


def _resolution(quote: dict) -> str:
    resolution = quote.get("speaker_resolution", "")
    return resolution.replace("_", " ") if resolution in SHOWN_RESOLUTIONS else ""


def _write_page(texts: CleanTextReader, folder: Path, document: dict, mentions: list[dict], quotes: list[dict],
                relations: list[dict], entities: _Entities) -> Optional[str]:
    """One article's page; None when the document has no text (failed or empty)."""
    if document["status"] != "ok":
        return None
    try:
        text = texts.get(document["doc_id"])
    except OSError as err:
        log.warning("report: no clean text for %s: %s", document["doc_id"], err)
        return None
    links = entities.up_links
    roles = document_roles(relations)
    rows = []
    for quote in quotes:
        key, name = speaker_of(quote, entities.names)
        rows.append({
            "anchor": quote_anchor(quote["quote_id"]), "speaker": name or unguard(quote["speaker_text"]) or "?",
            "href": links.get(key, ""), "label": quote["speaker_label"], "as_written": unguard(quote["speaker_text"]),
            "resolution": _resolution(quote), "role": roles.get(quote["speaker_entity_id"], ""), "type": quote["quote_type"],
            "confidence": confidence(quote), "text": unguard(quote["quote_text"]), "cue": unguard(quote["cue_text"]),
        })
    name = page_name(document["doc_id"])
    _render(folder / name, "article.html", title=unguard(document["title"] or document["doc_id"]), root="../",
            date=unguard(document["date"]), source=unguard(document["source"]), n_mentions=len(mentions), quotes=rows,
            text=highlight(text, mentions, quotes, entities.names, links))
    return name


def _write_entity_pages(folder: Path, entities: _Entities, store: _Store, docs: list[_Doc]) -> None:
    """One page per entity with a page: its quotes in date order and the newest articles that mention it."""
    for entity, row in entities.paged.items():
        quotes = sorted(store.quotes(entity), key=lambda q: (docs[q[0]].date, q[0], q[1]))
        mentioned = sorted(store.documents(entity), key=lambda d: (docs[d].date, d), reverse=True)
        listed = [d for d in mentioned if docs[d].href][:LISTED_ARTICLES]
        _render(folder / entity_page(entity), "entity.html", title=entities.names[entity], root="../", key=entity,
                name=entities.names[entity], label=row["label"], roles=unguard(row["roles"]), aliases=unguard(row["aliases"]),
                n_quotes=len(quotes), n_mentions=_int(row["n_mentions"]), n_docs=_int(row["n_docs"]),
                quotes=[_entity_quote(q, docs) for q in quotes],
                articles=[{"href": "../" + docs[d].href, "title": docs[d].title, "date": docs[d].date} for d in listed],
                n_more=len(mentioned) - len(listed))


def _entity_quote(row: tuple, docs: list[_Doc]) -> dict:
    doc, _, anchor, kind, score, text, written, resolution = row
    href = f"../{docs[doc].href}#{anchor}" if docs[doc].href else ""
    return {"date": docs[doc].date, "href": href, "title": docs[doc].title, "type": kind, "confidence": score,
            "text": text, "as_written": written, "resolution": resolution}


def _top_speakers(statements: Counter[str], data: _DataFile, entities: _Entities) -> list[dict]:
    """The most quoted speakers: name, href (the entity page, else the index filtered to them), statements."""
    rows = []
    for key, n in sorted(statements.items(), key=lambda kv: (-kv[1], data.speaker_rows[data.speakers[kv[0]]][1]))[:TOP]:
        _, name, href, _ = data.speaker_rows[data.speakers[key]]
        rows.append({"name": name, "href": href or f"#speaker={_url(key)}", "count": n})
    return rows


def _entity_link(row: dict, entities: _Entities) -> dict:
    entity = row["entity_id"]
    return {"name": entities.names[entity], "href": entity_page(entity) if entity in entities.paged else "",
            "label": row["label"], "n_mentions": row["n_mentions"], "n_docs": row["n_docs"]}


def _url(value: str) -> str:
    return url_quote(value, safe="")


def _render(path: Path, template: str, stream: bool = False, **context: Any) -> None:
    """Render a template into `path` atomically; `stream` for the index, whose article rows come from a spool."""
    compiled = environment().get_template(template)
    with AtomicFile(path) as target:
        if stream:
            target.handle.writelines(compiled.generate(**context))
        else:
            target.handle.write(compiled.render(**context))
