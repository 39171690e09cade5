"""One fixture per registered quote rule and speaker sieve that no other test pins down.

bench/mutate_rules.py switches each rule off in turn; every one must make a test here or in
the other quote tests fail.
"""

from __future__ import annotations

import pytest

from pipeline.quotes.registry import RULES, SIEVES, markdown_table
from test_quotes import FIN_IND, FIN_PRES, FIN_SUB, SCHEMES, build, one, run

README = __import__("pathlib").Path(__file__).resolve().parent.parent / "docs" / "quote_rules.md"


def w(
    word: str,
    tag: str,
    upos: str,
    lemma: str = "",
    morph: str = "",
    t_head: int = 0,
    t_dep: str = "",
    u_head: int = 0,
    u_dep: str = "",
    ent: str = "",
) -> tuple:
    """A row of test_quotes.build: word, STTS, UPOS, lemma, morph, TIGER head/dep, UD head/dep, entity."""
    return (word, tag, upos, lemma or word.lower(), morph, t_head, t_dep, u_head, u_dep, ent)


def quoted(at: int, head: int, t_dep: str = "oc", u_dep: str = "parataxis") -> list[tuple]:
    """„Wir bleiben hier, das ist sicher.“ starting at index `at`, its verb hung on token `head`."""
    v = at + 2
    return [
        w("„", "$(", "PUNCT", "", "", v, "punct", v, "punct"),
        w("Wir", "PPER", "PRON", "wir", "Case=Nom", v, "sb", v, "nsubj"),
        w("bleiben", "VVFIN", "VERB", "bleiben", FIN_PRES, head, t_dep, head, u_dep),
        w("hier", "ADV", "ADV", "", "", v, "mo", v, "advmod"),
        w(",", "$,", "PUNCT", "", "", v, "punct", v, "punct"),
        w("das", "PDS", "PRON", "der", "Case=Nom", at + 6, "sb", at + 7, "nsubj"),
        w("ist", "VAFIN", "AUX", "sein", FIN_PRES, v, "cj", at + 7, "cop"),
        w("sicher", "ADJD", "ADJ", "", "", at + 6, "pd", v, "conj"),
        w(".", "$.", "PUNCT", "", "", v, "punct", v, "punct"),
        w("“", "$(", "PUNCT", "", "", v, "punct", v, "punct"),
    ]


DER_MINISTER = [
    w("Der", "ART", "DET", "der", "Case=Nom", 1, "nk", 1, "det"),
    w("Minister", "NN", "NOUN", "Minister", "Case=Nom", 2, "sb", 2, "nsubj"),
]
QUOTE = "„Wir bleiben hier, das ist sicher.“"
# "Der Minister besuchte die Truppe.": a person subject and no speech verb
BESUCHTE = [
    *DER_MINISTER,
    w("besuchte", "VVFIN", "VERB", "besuchen", FIN_IND, 2, "ROOT", 2, "ROOT"),
    w("die", "ART", "DET", "der", "Case=Acc", 4, "nk", 4, "det"),
    w("Truppe", "NN", "NOUN", "Truppe", "Case=Acc", 2, "oa", 2, "obj"),
    w(".", "$.", "PUNCT", "", "", 2, "punct", 2, "punct"),
]


def test_so_after_a_direct_quote(de_vocab):
    rows = [
        *quoted(0, 2),
        w(",", "$,", "PUNCT"),
        w("so", "ADV", "ADV"),
        w("der", "ART", "DET"),
        w("Minister", "NN", "NOUN", "Minister"),
        w(".", "$.", "PUNCT"),
    ]
    quote = one(run(build(de_vocab, [rows], None)), "Wir bleiben")
    assert (quote.rule, quote.speaker_text, quote.cue_text) == ("direct_so", "der Minister", "so")


def test_speech_verb_and_colon_before_a_direct_quote(de_vocab):
    rows = [*DER_MINISTER, w("sagte", "VVFIN", "VERB", "sagen", FIN_IND), w(":", "$.", "PUNCT"), *quoted(4, 2)]
    quote = one(run(build(de_vocab, [rows], None)), "Wir bleiben")
    assert (quote.rule, quote.speaker_text, quote.cue_lemma) == ("direct_cue_before", "Der Minister", "sagen")
    assert quote.quote_text == QUOTE


def test_frame_beside_a_direct_quote(de_vocab):
    rows = [w("Laut", "APPR", "ADP", "laut"), w("Polizei", "NN", "NOUN", "Polizei"), w(":", "$.", "PUNCT"), *quoted(3, 0)]
    quote = one(run(build(de_vocab, [rows], None)), "Wir bleiben")
    assert (quote.rule, quote.speaker_text, quote.cue_text) == ("direct_frame", "Polizei", "Laut")


def sagte_die_lage() -> list[tuple]:
    """Der Minister sagte, die Lage sei ernst."""
    return [
        *DER_MINISTER,
        w("sagte", "VVFIN", "VERB", "sagen", FIN_IND, 2, "ROOT", 2, "ROOT"),
        w(",", "$,", "PUNCT"),
        w("die", "ART", "DET", "der"),
        w("Lage", "NN", "NOUN", "Lage"),
        w("sei", "VAFIN", "AUX", "sein", "Mood=Sub|VerbForm=Fin"),
        w("ernst", "ADJD", "ADJ"),
        w(".", "$.", "PUNCT"),
    ]


def test_direct_quote_right_after_an_attributed_quote_is_carried(de_vocab):
    quotes = run(build(de_vocab, [sagte_die_lage(), quoted(0, 2)], None))
    quote = one(quotes, "Wir bleiben")
    assert quote.rule == "direct_carried" and quote.speaker_text == "Der Minister"


def test_passive_speech_verb_with_a_content_clause_has_no_speaker(de_vocab):
    rows = [
        w("Ihm", "PPER", "PRON", "er", "Case=Dat"),
        w("wird", "VAFIN", "AUX", "werden", FIN_PRES),
        w("vorgeworfen", "VVPP", "VERB", "vorwerfen"),
        w(",", "$,", "PUNCT"),
        w("das", "ART", "DET", "der"),
        w("Geld", "NN", "NOUN"),
        w("genommen", "VVPP", "VERB", "nehmen"),
        w("zu", "PTKZU", "PART"),
        w("haben", "VAINF", "AUX", "haben"),
        w(".", "$.", "PUNCT"),
    ]
    quote = one(run(build(de_vocab, [rows], None)), "Geld")
    assert (quote.rule, quote.quote_type, quote.speaker_text) == ("indirect_passive", "indirect", "")
    assert quote.quote_text == "das Geld genommen zu haben"


def test_gemaess_frame(de_vocab):
    rows = [
        w("Gemäß", "APPR", "ADP", "gemäß"),
        w("Polizei", "NN", "NOUN"),
        w("wurde", "VAFIN", "AUX", "werden", FIN_IND),
        w("niemand", "PIS", "PRON"),
        w("verletzt", "VVPP", "VERB", "verletzen"),
        w(".", "$.", "PUNCT"),
    ]
    quote = one(run(build(de_vocab, [rows], None)), "niemand")
    assert (quote.rule, quote.speaker_text, quote.quote_text) == ("frame_gemäß", "Polizei", "wurde niemand verletzt")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_colon_after_a_clause_hands_the_quote_to_its_subject(de_vocab, scheme):
    # "Er sieht es so: „…“": no speech verb, the colon makes the clause's subject the speaker
    rows = [
        w("Er", "PPER", "PRON", "er", "Case=Nom", 1, "sb", 1, "nsubj"),
        w("sieht", "VVFIN", "VERB", "sehen", FIN_PRES, 1, "ROOT", 1, "ROOT"),
        w("es", "PPER", "PRON", "es", "Case=Acc", 1, "oa", 1, "obj"),
        w("so", "ADV", "ADV", "so", "", 1, "mo", 1, "advmod"),
        w(":", "$.", "PUNCT", "", "", 1, "punct", 1, "punct"),
        *quoted(5, 1),
    ]
    quote = one(run(build(de_vocab, [rows], scheme)), "Wir bleiben")
    assert (quote.rule, quote.speaker_text, quote.cue_lemma) == ("direct_colon", "Er", "sehen")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_quote_opening_its_sentence_goes_to_the_previous_sentences_person(de_vocab, scheme):
    # "Der Minister äußerte sich zufrieden. „…“"
    first = [
        *DER_MINISTER,
        w("äußerte", "VVFIN", "VERB", "äußern", FIN_IND, 2, "ROOT", 2, "ROOT"),
        w("sich", "PRF", "PRON", "sich", "Case=Acc", 2, "oa", 2, "obj"),
        w("zufrieden", "ADJD", "ADJ", "", "", 2, "mo", 2, "advmod"),
        w(".", "$.", "PUNCT", "", "", 2, "punct", 2, "punct"),
    ]
    quote = one(run(build(de_vocab, [first, quoted(0, 2, "ROOT", "ROOT")], scheme)), "Wir bleiben")
    assert (quote.rule, quote.speaker_text) == ("direct_previous_subject", "Der Minister")


def test_every_rule_and_sieve_is_declared_once_with_a_calibration_row():
    names = [r.name for r in RULES] + [s.name for s in SIEVES]
    assert len(names) == len(set(names))
    assert len({r.precedence for r in RULES}) == len(RULES)


def test_the_rule_table_in_the_docs_is_generated_from_the_registry():
    text = README.read_text("utf-8")
    assert markdown_table() in text, "docs/quote_rules.md is stale: run `python -m pipeline.quotes.registry --write`"


def test_a_konjunktiv_sentence_with_no_quote_before_is_reported_speech(de_vocab):
    rows = [
        w("Die", "ART", "DET", "der"),
        w("Lage", "NN", "NOUN"),
        w("im", "APPRART", "ADP", "in"),
        w("Hafen", "NN", "NOUN"),
        w("sei", "VAFIN", "AUX", "sein", FIN_SUB),
        w("ernst", "ADJD", "ADJ"),
        w(".", "$.", "PUNCT"),
    ]
    quote = one(run(build(de_vocab, [rows], None)), "Lage")
    assert (quote.rule, quote.quote_type, quote.quote_text) == ("free_indirect_standalone", "free_indirect", "Die Lage im Hafen sei ernst.")
    indicative = [(*r[:4], FIN_PRES, *r[5:]) if r[0] == "sei" else r for r in rows]
    indicative = [("ist", *r[1:]) if r[0] == "sei" else r for r in indicative]
    assert run(build(de_vocab, [indicative], None)) == []


@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_reported_act_may_hold_a_few_quoted_words(de_vocab, scheme):
    # "Die Opposition nannte ihn einen „Verräter“."
    rows = [
        w("Die", "ART", "DET", "der", "Case=Nom", 1, "nk", 1, "det"),
        w("Opposition", "NN", "NOUN", "Opposition", "Case=Nom", 2, "sb", 2, "nsubj", "ORG"),
        w("nannte", "VVFIN", "VERB", "nennen", FIN_IND, 2, "ROOT", 2, "ROOT"),
        w("ihn", "PPER", "PRON", "er", "Case=Acc", 2, "oa", 2, "obj"),
        w("einen", "ART", "DET", "ein", "Case=Acc", 6, "nk", 6, "det"),
        w("„", "$(", "PUNCT", "", "", 6, "punct", 6, "punct"),
        w("Verräter", "NN", "NOUN", "Verräter", "Case=Acc", 2, "oa", 2, "xcomp"),
        w("“", "$(", "PUNCT", "", "", 6, "punct", 6, "punct"),
        w(".", "$.", "PUNCT", "", "", 2, "punct", 2, "punct"),
    ]
    quotes = run(build(de_vocab, [rows], scheme))
    reported = one([q for q in quotes if q.quote_type == "reported"], "nannte")
    assert reported.rule == "reported_act" and reported.speaker_text == "Die Opposition"


def test_nach_frame_with_a_genitive_name_before_its_noun(de_vocab):
    rows = [
        w("Nach", "APPR", "ADP", "nach"),
        w("Grupps", "NE", "PROPN", "Grupp"),
        w("Meinung", "NN", "NOUN"),
        w("sei", "VAFIN", "AUX", "sein", FIN_SUB),
        w("die", "ART", "DET", "der"),
        w("Lage", "NN", "NOUN"),
        w("ernst", "ADJD", "ADJ"),
        w(".", "$.", "PUNCT"),
    ]
    quote = one(run(build(de_vocab, [rows], None)), "Lage")
    assert (quote.rule, quote.speaker_text, quote.quote_text) == ("frame_nach", "Grupps Meinung", "sei die Lage ernst")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_name_after_a_role_phrase_completes_the_speaker(de_vocab, scheme):
    # "Das sei gut, sagte der Chef der Agentur, Frank Weise.": the parse hung the name on the verb
    rows = [
        w("Das", "PDS", "PRON", "der", "Case=Nom", 1, "sb", 2, "nsubj"),
        w("sei", "VAFIN", "AUX", "sein", FIN_SUB, 4, "oc", 2, "cop"),
        w("gut", "ADJD", "ADJ", "", "", 1, "pd", 4, "ccomp"),
        w(",", "$,", "PUNCT", "", "", 4, "punct", 4, "punct"),
        w("sagte", "VVFIN", "VERB", "sagen", FIN_IND, 4, "ROOT", 4, "ROOT"),
        w("der", "ART", "DET", "der", "Case=Nom", 6, "nk", 6, "det"),
        w("Chef", "NN", "NOUN", "Chef", "Case=Nom", 4, "sb", 4, "nsubj"),
        w("der", "ART", "DET", "der", "Case=Gen", 8, "nk", 8, "det"),
        w("Agentur", "NN", "NOUN", "Agentur", "Case=Gen", 6, "ag", 6, "nmod"),
        w(",", "$,", "PUNCT", "", "", 4, "punct", 4, "punct"),
        w("Frank", "NE", "PROPN", "Frank", "", 11, "pnc", 4, "obl", "PER"),
        w("Weise", "NE", "PROPN", "Weise", "", 4, "mo", 10, "flat", "PER"),
        w(".", "$.", "PUNCT", "", "", 4, "punct", 4, "punct"),
    ]
    quote = one(run(build(de_vocab, [rows], scheme)), "gut")
    assert quote.speaker_text == "der Chef der Agentur, Frank Weise" and quote.speaker_canonical == "Frank Weise"


def test_a_reflexive_before_a_zufolge_source_is_not_part_of_it(de_vocab):
    rows = [
        w("Die", "ART", "DET", "der"),
        w("Parteien", "NN", "NOUN", "Partei"),
        w("seien", "VAFIN", "AUX", "sein", FIN_SUB),
        w("sich", "PRF", "PRON", "sich"),
        w("Berichten", "NN", "NOUN", "Bericht"),
        w("zufolge", "APPO", "ADP", "zufolge"),
        w("einig", "ADJD", "ADJ"),
        w(".", "$.", "PUNCT"),
    ]
    quote = one(run(build(de_vocab, [rows], None)), "Parteien")
    assert (quote.rule, quote.speaker_text) == ("frame_zufolge", "Berichten")


def test_werden_in_the_reported_clause_does_not_make_the_cue_passive(de_vocab):
    # "Der Minister hatte erklärt, sie werde ernst.": active, whatever verb the content has
    rows = [
        *DER_MINISTER,
        w("hatte", "VAFIN", "AUX", "haben", FIN_IND),
        w("erklärt", "VVPP", "VERB", "erklären"),
        w(",", "$,", "PUNCT"),
        w("sie", "PPER", "PRON", "sie"),
        w("werde", "VAFIN", "AUX", "werden", FIN_SUB),
        w("ernst", "ADJD", "ADJ"),
        w(".", "$.", "PUNCT"),
    ]
    quote = one(run(build(de_vocab, [rows], None)), "werde")
    assert (quote.rule, quote.speaker_text) == ("indirect_cue_first", "Der Minister")


def test_paragraphs_break_at_an_empty_line_not_at_a_wrapped_line(de_vocab):
    from spacy.tokens import Doc

    from pipeline.quotes.sieves import paragraphs

    words = ["Eins", ".", "\n", "Zwei", ".", "\n\n", "Drei", ".", "\n \n", "Vier", "."]
    starts = [True, False, False, True, False, False, True, False, False, True, False]
    doc = Doc(de_vocab, words=words, spaces=[False] * len(words), sent_starts=starts)
    assert paragraphs(doc, list(doc.sents)) == [0, 0, 1, 2]


def test_every_trigger_names_a_resource_file():
    from importlib import resources

    files = {p.name.removesuffix(".txt") for p in resources.files("pipeline.resources").iterdir() if p.name.endswith(".txt")}
    unknown = [(r.name, t) for r in RULES for t in r.triggers if t not in files and any(c.isalnum() for c in t)]
    assert not unknown


@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_surname_that_is_also_a_place_stays_the_person(de_vocab, scheme):
    # "Nina Hagen kam. Hagen sagte, das sei gut.": Hagen is a city of the gazetteer too
    first = [
        w("Nina", "NE", "PROPN", "Nina", "", 1, "pnc", 0, "nsubj", "PER"),
        w("Hagen", "NE", "PROPN", "Hagen", "", 2, "sb", 0, "flat", "PER"),
        w("kam", "VVFIN", "VERB", "kommen", FIN_IND, 2, "ROOT", 2, "ROOT"),
        w(".", "$.", "PUNCT", "", "", 2, "punct", 2, "punct"),
    ]
    second = [
        w("Hagen", "NE", "PROPN", "Hagen", "Case=Nom", 1, "sb", 1, "nsubj"),
        w("sagte", "VVFIN", "VERB", "sagen", FIN_IND, 1, "ROOT", 1, "ROOT"),
        w(",", "$,", "PUNCT", "", "", 1, "punct", 1, "punct"),
        w("das", "PDS", "PRON", "der", "Case=Nom", 4, "sb", 5, "nsubj"),
        w("sei", "VAFIN", "AUX", "sein", FIN_SUB, 1, "oc", 5, "cop"),
        w("gut", "ADJD", "ADJ", "", "", 4, "pd", 1, "ccomp"),
        w(".", "$.", "PUNCT", "", "", 1, "punct", 1, "punct"),
    ]
    quote = one(run(build(de_vocab, [first, second], scheme)), "gut")
    assert quote.speaker_text == "Hagen" and quote.speaker_canonical == "Nina Hagen"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_konjunktiv_sentence_with_no_quote_before_takes_the_subject_before(de_vocab, scheme):
    # "Der Minister besuchte die Truppe. Die Lage im Hafen sei ernst."
    second = [
        w("Die", "ART", "DET", "der", "Case=Nom", 1, "nk", 1, "det"),
        w("Lage", "NN", "NOUN", "Lage", "Case=Nom", 4, "sb", 5, "nsubj"),
        w("im", "APPRART", "ADP", "in", "", 1, "mnr", 3, "case"),
        w("Hafen", "NN", "NOUN", "Hafen", "", 2, "nk", 1, "nmod"),
        w("sei", "VAFIN", "AUX", "sein", FIN_SUB, 4, "ROOT", 5, "cop"),
        w("ernst", "ADJD", "ADJ", "", "", 4, "pd", 5, "ROOT"),
        w(".", "$.", "PUNCT", "", "", 4, "punct", 5, "punct"),
    ]
    quote = one(run(build(de_vocab, [BESUCHTE, second], scheme)), "Lage")
    assert (quote.rule, quote.speaker_sieve, quote.speaker_text) == ("free_indirect_standalone", "previous_subject", "Der Minister")
    # "Lammert besuchte die Truppe.": a name the parse left without a role still opens the sentence as its subject
    lammert = [
        w("Lammert", "ADV", "ADV", "lammert", "", 1, "mo", 1, "advmod", "PER"),
        w("besuchte", "VVFIN", "VERB", "besuchen", FIN_IND, 1, "ROOT", 1, "ROOT"),
        w("die", "ART", "DET", "der", "Case=Acc", 3, "nk", 3, "det"),
        w("Truppe", "NN", "NOUN", "Truppe", "Case=Acc", 1, "oa", 1, "obj"),
        w(".", "$.", "PUNCT", "", "", 1, "punct", 1, "punct"),
    ]
    quote = one(run(build(de_vocab, [lammert, second], scheme)), "Lage")
    assert (quote.speaker_sieve, quote.speaker_text) == ("previous_subject", "Lammert")
    # "Unterdessen besuchte der Minister die Truppe.": parsed with two subjects, the adverb first
    unterdessen = [
        w("Unterdessen", "ADV", "ADV", "unterdessen", "", 1, "sb", 1, "nsubj"),
        w("besuchte", "VVFIN", "VERB", "besuchen", FIN_IND, 1, "ROOT", 1, "ROOT"),
        w("der", "ART", "DET", "der", "Case=Nom", 3, "nk", 3, "det"),
        w("Minister", "NN", "NOUN", "Minister", "Case=Nom", 1, "sb", 1, "nsubj"),
        w("die", "ART", "DET", "der", "Case=Acc", 5, "nk", 5, "det"),
        w("Truppe", "NN", "NOUN", "Truppe", "Case=Acc", 1, "oa", 1, "obj"),
        w(".", "$.", "PUNCT", "", "", 1, "punct", 1, "punct"),
    ]
    quote = one(run(build(de_vocab, [unterdessen, second], scheme)), "Lage")
    assert (quote.speaker_sieve, quote.speaker_text) == ("previous_subject", "der Minister")
    # "Der Minister hat die Truppe besucht.": UD hangs the finite auxiliary and the subject on the participle
    perfect = [
        w("Der", "ART", "DET", "der", "Case=Nom", 1, "nk", 1, "det"),
        w("Minister", "NN", "NOUN", "Minister", "Case=Nom", 2, "sb", 5, "nsubj"),
        w("hat", "VAFIN", "AUX", "haben", FIN_PRES, 2, "ROOT", 5, "aux"),
        w("die", "ART", "DET", "der", "Case=Acc", 4, "nk", 4, "det"),
        w("Truppe", "NN", "NOUN", "Truppe", "Case=Acc", 5, "oa", 5, "obj"),
        w("besucht", "VVPP", "VERB", "besuchen", "VerbForm=Part", 2, "oc", 5, "ROOT"),
        w(".", "$.", "PUNCT", "", "", 2, "punct", 5, "punct"),
    ]
    quote = one(run(build(de_vocab, [perfect, second], scheme)), "Lage")
    assert (quote.speaker_sieve, quote.speaker_text) == ("previous_subject", "Der Minister")


def test_wie_and_a_name_before_a_comma_enclosed_apposition(de_vocab):
    rows = [
        w("Wie", "KOUS", "SCONJ", "wie"),
        w("Steve", "NE", "PROPN", ent="PER"),
        w("Marshall", "NE", "PROPN", ent="PER"),
        w(",", "$,", "PUNCT"),
        w("Sprecher", "NN", "NOUN", "Sprecher"),
        w("der", "ART", "DET", "der"),
        w("UN", "NE", "PROPN", ent="ORG"),
        w(",", "$,", "PUNCT"),
        w("in", "APPR", "ADP", "in"),
        w("Bangkok", "NE", "PROPN", ent="LOC"),
        w("mitteilte", "VVFIN", "VERB", "mitteilen", FIN_IND),
        w(",", "$,", "PUNCT"),
        w("sei", "VAFIN", "AUX", "sein", FIN_SUB),
        w("die", "ART", "DET", "der"),
        w("Lage", "NN", "NOUN"),
        w("ernst", "ADJD", "ADJ"),
        w(".", "$.", "PUNCT"),
    ]
    quote = one(run(build(de_vocab, [rows], None)), "Lage")
    assert quote.rule == "indirect_wie" and quote.speaker_text.startswith("Steve Marshall")
    assert quote.speaker_canonical == "Steve Marshall"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_quoted_words_inside_a_sieve_attributed_quote_share_its_speaker(de_vocab, scheme):
    # "Der Minister besuchte die Truppe. Die Lage im Hafen sei „sehr ernst und bedrohlich“."
    second = [
        w("Die", "ART", "DET", "der", "Case=Nom", 1, "nk", 1, "det"),
        w("Lage", "NN", "NOUN", "Lage", "Case=Nom", 4, "sb", 7, "nsubj"),
        w("im", "APPRART", "ADP", "in", "", 1, "mnr", 3, "case"),
        w("Hafen", "NN", "NOUN", "Hafen", "", 2, "nk", 1, "nmod"),
        w("sei", "VAFIN", "AUX", "sein", FIN_SUB, 4, "ROOT", 7, "cop"),
        w("„", "$(", "PUNCT", "", "", 4, "punct", 7, "punct"),
        w("sehr", "ADV", "ADV", "", "", 7, "mo", 7, "advmod"),
        w("ernst", "ADJD", "ADJ", "", "", 4, "pd", 7, "ROOT"),
        w("und", "KON", "CCONJ", "", "", 7, "cd", 9, "cc"),
        w("bedrohlich", "ADJD", "ADJ", "", "", 8, "cj", 7, "conj"),
        w("“", "$(", "PUNCT", "", "", 4, "punct", 7, "punct"),
        w(".", "$.", "PUNCT", "", "", 4, "punct", 7, "punct"),
    ]
    quotes = run(build(de_vocab, [BESUCHTE, second], scheme))
    nested = one([q for q in quotes if q.quote_type == "direct"], "bedrohlich")
    assert nested.rule == "direct_nested" and nested.speaker_text == "Der Minister"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_verbless_name_before_a_colon_is_the_speaker(de_vocab, scheme):
    # "Innenminister Klaus Weber zur Lage: „…“": no verb, the named phrase hands over the floor
    rows = [
        w("Innenminister", "NN", "NOUN", "Innenminister", "Case=Nom", 2, "nk", 2, "compound"),
        w("Klaus", "NE", "PROPN", "Klaus", "Case=Nom", 2, "pnc", 2, "flat", "PER"),
        w("Weber", "NE", "PROPN", "Weber", "Case=Nom", 2, "ROOT", 2, "ROOT", "PER"),
        w("zur", "APPRART", "ADP", "zu", "", 2, "mnr", 4, "case"),
        w("Lage", "NN", "NOUN", "Lage", "Case=Dat", 3, "nk", 2, "nmod"),
        w(":", "$.", "PUNCT", "", "", 2, "punct", 2, "punct"),
        *quoted(6, 2),
    ]
    quote = one(run(build(de_vocab, [rows], scheme)), "Wir bleiben")
    assert (quote.rule, quote.speaker_text, quote.speaker_canonical) == ("direct_colon_name", "Innenminister Klaus Weber", "Klaus Weber")
