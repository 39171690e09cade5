"""Runs made of hand-written or generated statements, for the report's tests and bench/report.py.

Each article is "Speaker sagte: „quote“." lines; the tables go through CorpusTables like a real run,
so entities.csv, the corpus-level ids and the speaker columns of quotes.csv are as `extract` writes them.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Optional

from pipeline.corpus import CorpusTables
from pipeline.records import DocumentSummary, Entity, Mention, Quote, entity_id
from pipeline.store import clean_path


@dataclass
class Statement:
    speaker: Optional[str]  # None: an unresolved "Sie"
    quote: str
    quote_type: str = "direct"
    confidence: float = 0.8
    label: str = "PER"
    resolution: str = "explicit"


@dataclass
class Article:
    doc_id: str
    title: str
    date: str
    statements: list[Statement] = field(default_factory=list)
    places: list[str] = field(default_factory=list)  # mentioned, never quoted


def write_run(out: Path, articles: list[Article], failed: tuple[str, ...] = (), safe: bool = False) -> Path:
    """The tables and clean texts of `articles` (plus failed documents) in `out`, as `extract` leaves them."""
    with CorpusTables(out, "rfc4180", safe) as tables:
        for article in articles:
            text, mentions, entities, quotes = _build(article)
            clean_path(out, article.doc_id).parent.mkdir(parents=True, exist_ok=True)
            clean_path(out, article.doc_id).write_text(text, "utf-8")
            summary = DocumentSummary(article.doc_id, f"synthetic/{article.doc_id}.txt", article.title, article.date, "ok", "",
                                      len(text), len(article.statements), len(mentions), len(quotes), "synthetic")
            tables.add(summary, mentions, entities, quotes, [])
        for doc_id in failed:
            tables.add(DocumentSummary(doc_id, f"{doc_id}.jsonl:1", "", "", "error", "malformed", 0, 0, 0, 0, ""), [], [], [], [])
    return out


def _build(article: Article) -> tuple[str, list[Mention], list[Entity], list[Quote]]:
    text = ""
    mentions: list[Mention] = []
    entities: dict[str, Entity] = {}
    quotes: list[Quote] = []

    def mention(name: str, label: str, start: int, sentence: int) -> str:
        eid = entity_id(label, name)
        entity = entities.setdefault(eid, Entity(eid, name, label))
        entity.n_mentions += 1
        mentions.append(Mention(article.doc_id, f"{article.doc_id}:m{len(mentions) + 1}", eid, name, label, start,
                                start + len(name), sentence))
        return eid

    for sentence, s in enumerate(article.statements):
        who = s.speaker or "Sie"
        start = len(text)
        eid = mention(who, s.label, start, sentence) if s.speaker else ""
        text += f"{who} sagte: „"
        quote_start = len(text)
        text += s.quote
        quote_end = len(text)
        text += "“.\n"
        quotes.append(Quote(article.doc_id, f"{article.doc_id}:q{len(quotes) + 1}", sentence, s.quote_type, s.quote,
                            quote_start, quote_end, cue_text="sagte", cue_lemma="sagen", speaker_text=who,
                            speaker_start=start, speaker_end=start + len(who), speaker_entity_id=eid,
                            speaker_canonical=s.speaker or "", speaker_label=s.label if s.speaker else "",
                            speaker_resolution=s.resolution if s.speaker else "none", rule="synthetic",
                            confidence=s.confidence))
    for place in article.places:
        start = len(text) + len("Das geschah in ")
        text += f"Das geschah in {place}.\n"
        mention(place, "LOC", start, len(article.statements))
    return text, mentions, list(entities.values()), quotes


FIRST = ["Anna", "Jonas", "Lea", "Paul", "Mia", "Felix", "Emma", "Lukas", "Sophie", "Max", "Hannah", "Elias", "Lina",
         "Noah", "Marie", "Ben", "Clara", "Leon", "Ida", "Finn"]
LAST = ["Schmidt", "Müller", "Weber", "Wagner", "Becker", "Hoffmann", "Schulz", "Koch", "Richter", "Klein", "Wolf",
        "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange"]
WORDS = ("die Regierung müsse jetzt handeln und die Lage in der Stadt sei ernst aber nicht hoffnungslos man werde "
         "alle Beteiligten an einen Tisch holen die Preise für Energie seien zu hoch und die Mieten steigen weiter "
         "niemand habe mit einer solchen Entwicklung gerechnet die Opposition fordere Aufklärung & Transparenz <sofort>").split()
PLACES = ["Berlin", "Hamburg", "München", "Köln", "Frankfurt", "Stuttgart", "Leipzig", "Dresden", "Bremen", "Hannover"]
TYPES = ("direct", "indirect", "free_indirect", "reported")


def generated(n_quotes: int, per_article: int = 10, n_speakers: int = 400, seed: int = 17) -> list[Article]:
    """Articles with `n_quotes` statements in all, by a few hundred speakers over two years (fixed by `seed`)."""
    rng = random.Random(seed)
    speakers = [f"{FIRST[i % len(FIRST)]} {LAST[i // len(FIRST) % len(LAST)]}" + (f" {i // 400}" if i >= 400 else "")
                for i in range(n_speakers)]
    start = date(2024, 1, 1)
    articles = []
    for n in range((n_quotes + per_article - 1) // per_article):
        statements = [
            Statement(speaker=rng.choice(speakers) if rng.random() > 0.05 else None,
                      quote=" ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 30))).capitalize(),
                      quote_type=rng.choice(TYPES), confidence=round(rng.uniform(0.2, 0.99), 3),
                      resolution=rng.choice(("explicit", "explicit", "explicit", "carried_over", "pronoun")))
            for _ in range(min(per_article, n_quotes - n * per_article))
        ]
        articles.append(Article(f"gen-{n:05d}", f"Meldung {n}: {rng.choice(PLACES)} & die Folgen",
                                (start + timedelta(days=n * 730 // max(1, n_quotes // per_article))).isoformat(),
                                statements, rng.sample(PLACES, 2)))
    return articles
