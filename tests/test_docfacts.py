"""Work done once instead of again and again: per-Doc facts (docfacts), the quote index's tables, flat table rows."""
import random

import pytest
import spacy

from pipeline.docfacts import doc_text, opened, per_doc, tokens_of
from pipeline.quotes.index import LOOK, DocIndex

TEXT = "Der Minister sagte, man werde prüfen. „Wir kommen“, sagte sie.\n\nDann ging er."


@pytest.fixture(scope="module")
def doc():
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    return nlp(TEXT)


def test_outside_an_open_block_everything_is_made_afresh(doc):
    assert doc_text(doc) == doc.text
    first, second = tokens_of(doc, 2, 5), tokens_of(doc, 2, 5)
    assert [t.i for t in first] == [2, 3, 4]
    assert first[0] is not second[0]


def test_inside_the_block_text_and_tokens_are_made_once(doc):
    with opened(doc):
        assert doc_text(doc) is doc_text(doc)
        assert doc_text(doc) == doc.text
        assert tokens_of(doc, 2, 5)[0] is tokens_of(doc)[2]
        assert [t.i for t in tokens_of(doc, 3)] == list(range(3, len(doc)))
        assert [t.text for t in tokens_of(doc, 1, 4)] == [t.text for t in doc[1:4]]


def test_blocks_nest_and_other_docs_are_not_served(doc):
    other = spacy.blank("de")("Ein anderer Text.")
    with opened(doc) as outer:
        with opened(doc) as inner:
            assert inner is outer
        assert tokens_of(other)[0].doc is other
        assert tokens_of(other)[0] is not tokens_of(other)[0]
    assert tokens_of(doc)[0] is not tokens_of(doc)[0]  # closed: fresh again


def test_per_doc_answers_are_computed_once_per_position_while_open(doc):
    """A memoised rule question runs once per token and arguments inside the block, every time outside it."""
    calls = []

    @per_doc
    def ends_with(token, suffix, *, lower=False):
        calls.append((suffix, lower))
        return (token.lower_ if lower else token.text).endswith(suffix)

    plain = [ends_with(t, "e") for t in doc]
    assert len(calls) == len(doc)
    ends_with(doc[1], "e")
    assert len(calls) == len(doc) + 1  # closed: computed again
    calls.clear()
    with opened(doc):
        for _ in range(3):
            assert [ends_with(t, "e") for t in doc] == plain
        assert ends_with(doc[0], "R", lower=True) is False and ends_with(doc[0], "r", lower=True) is True
        ends_with(doc[0], "r", lower=True)
        assert ends_with(doc[1:3], "r") is doc[1:3].text.endswith("r")  # spans by their bounds
        other = spacy.blank("de")("Andere")
        ends_with(other[0], "e")
        ends_with(other[0], "e")  # another Doc is not served from this one's answers
    assert len(calls) == len(doc) + 2 + 1 + 2


def test_index_answers_equal_a_plain_scan_however_many_lookups(doc):
    """The scans of a name switch to tables after a document's worth of tokens: the answers stay those of a scan."""
    nlp = spacy.blank("de")
    long_doc = nlp(" ".join(["Er sagte , dass es regnet ."] * (3 * LOOK)))

    def comma(token):
        return token.text == ","

    truth = [comma(t) for t in long_doc]
    n = len(long_doc)
    rng = random.Random(0)
    with opened(long_doc):
        index = DocIndex(long_doc)
        for _ in range(4 * n // LOOK):  # enough look-ups to pass the switch
            i = rng.randrange(n + 1)
            start, end = sorted((rng.randrange(n + 1), rng.randrange(n + 1)))
            assert index.next_at("comma", comma, i) == next((k for k in range(i, n) if truth[k]), n)
            assert index.previous_before("comma", comma, i) == next((k for k in range(i - 1, -1, -1) if truth[k]), -1)
            assert index.count("comma", comma, start, end) == sum(truth[start:end])
    assert "comma" in index._truths  # the tables were built on the way


def test_rows_of_flat_records_equal_the_deep_copy():
    """to_row reads a flat record's fields instead of asdict's deep copy: same row; nested records still asdict."""
    from dataclasses import asdict, dataclass, field

    from pipeline.records import Entity, Quote, to_row

    entity = Entity("e1", "Olaf Scholz", "PER", aliases=["Scholz", "Kanzler Scholz"])
    quote = Quote("d", "d:q1", 0, "direct", "„Wir kommen“", 3, 15, speaker_start=None, confidence=0.5)
    for record in (entity, quote):
        assert to_row(record) == {k: " | ".join(v) if isinstance(v, list) else v for k, v in asdict(record).items()}

    @dataclass
    class Holder:
        inner: Entity
        names: list[str] = field(default_factory=list)

    assert to_row(Holder(entity, ["a", "b"])) == {"inner": asdict(entity), "names": "a | b"}


@pytest.mark.parametrize("scheme", ["tiger", "ud"])
def test_memoised_rule_questions_answer_as_the_plain_functions(de_vocab, scheme):
    """Every per_doc question of the quote grammar gives, while the facts are open, what the undecorated function gives."""
    from pipeline.quotes import grammar
    from test_quotes import PISTORIUS, USCHAKOW, build

    doc = build(de_vocab, [USCHAKOW, PISTORIUS], scheme)
    names = ("_verb_lexicon_lemma", "_is_passive", "_finite_verb", "_subject", "_main_finite", "is_reported_mood",
             "is_reported_sentence", "_mood_tokens")
    memoised = {name: getattr(grammar, name) for name in names}
    assert all(f.__wrapped__.__code__ is not f.__code__ for f in memoised.values())
    calls = {
        "_verb_lexicon_lemma": lambda f, t, s: (f(t, "speech_verbs"), f(t, "reported_verbs")),  # the arguments are part of the key
        "is_reported_mood": lambda f, t, s: (f(t, True), f(t, False)),
        "_main_finite": lambda f, t, s: f(s),
        "is_reported_sentence": lambda f, t, s: (f(s, in_run=False), f(s)),
        "_mood_tokens": lambda f, t, s: f(s),
    }
    plain = {name: [calls.get(name, lambda f, t, s: f(t))(f.__wrapped__, t, t.sent) for t in doc]
             for name, f in memoised.items()}
    with opened(doc):
        for _ in range(2):  # the second round is served from the memo
            for name, f in memoised.items():
                assert [calls.get(name, lambda f, t, s: f(t))(f, t, t.sent) for t in doc] == plain[name], name
