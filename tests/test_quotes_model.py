"""Quote attribution on the seed article with the real trained pipeline (robust facts only)."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.records import Document
from pipeline.run import analyze

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_98d687d6ed5f3761.txt"


@pytest.fixture(scope="module")
def seed_quotes(nlp):
    text = SEED.read_text("utf-8")
    result = next(analyze(nlp, [Document(doc_id="seed", source=str(SEED), text=text)]))
    return text, result.quotes


def speakers_of(quotes, fragment: str) -> list[str]:
    return [q.speaker_canonical for q in quotes if fragment in q.quote_text]


@pytest.mark.model
def test_offsets_and_ids_are_consistent(seed_quotes):
    text, quotes = seed_quotes
    assert quotes
    for n, quote in enumerate(quotes, start=1):
        assert text[quote.quote_start:quote.quote_end] == quote.quote_text
        assert quote.quote_id == f"seed:q{n}"
        if quote.speaker_start is not None:
            assert text[quote.speaker_start:quote.speaker_end] == quote.speaker_text


@pytest.mark.model
@pytest.mark.parametrize(
    "fragment,name",
    [
        ("Russland habe solche Kontakte nie abgelehnt", "Uschakow"),
        ("Russland garantiere dem ukrainischen Präsidenten Sicherheit", "Uschakow"),
        ("dass Selenski bereit sei, die intensivsten Fragen", "Sybiha"),
        ("sie sollten am kommenden Sonntag fortgesetzt werden", "Peskow"),
    ],
)
def test_seed_quotes_have_their_speakers(seed_quotes, fragment, name):
    _, quotes = seed_quotes
    assert any(name in speaker for speaker in speakers_of(quotes, fragment))


@pytest.mark.model
def test_indicative_sentence_after_a_quote_is_not_a_quote(seed_quotes):
    _, quotes = seed_quotes
    assert not [q for q in quotes if "Dabei ist für die ukrainische Seite klar" in q.quote_text]


@pytest.mark.model
def test_every_quote_has_its_registered_rules_type(seed_quotes):
    from pipeline.quotes.registry import RULES, SIEVES

    declared = {rule.name: rule.qtype for rule in RULES}
    sieves = {sieve.name for sieve in SIEVES}
    _, quotes = seed_quotes
    for quote in quotes:
        assert declared[quote.rule] == quote.quote_type, quote.rule
        assert quote.speaker_sieve in sieves | {""}
