import pytest
from spacy.tokens import Doc

from pipeline import roles
from pipeline.entities import extract_entities
from pipeline.roles import extract_roles, resolve_role, role_index, role_keys, role_noun

# fmt: off
# word, pos, TIGER head, TIGER dep, UD head, UD dep, entity
ROWS = [
    ("Kremlchef", "NOUN", 3, "sb", 3, "nsubj", "O"),
    ("Wladimir", "PROPN", 2, "pnc", 0, "appos", "B-PER"),
    ("Putin", "PROPN", 0, "nk", 1, "flat", "I-PER"),
    ("kam", "VERB", 3, "ROOT", 3, "ROOT", "O"),
    (".", "PUNCT", 3, "punct", 3, "punct", "O"),
    ("Russland", "PROPN", 6, "sb", 8, "nsubj", "B-LOC"),
    ("habe", "AUX", 10, "oc", 8, "aux", "O"),
    ("nie", "ADV", 6, "ng", 8, "advmod", "O"),
    ("abgelehnt", "VERB", 6, "oc", 10, "ccomp", "O"),
    (",", "PUNCT", 6, "punct", 8, "punct", "O"),
    ("sagte", "VERB", 10, "ROOT", 10, "ROOT", "O"),
    ("Putins", "PROPN", 13, "ag", 13, "nmod:poss", "B-PER"),
    ("aussenpolitischer", "ADJ", 13, "nk", 13, "amod", "O"),
    ("Berater", "NOUN", 10, "sb", 10, "nsubj", "O"),
    (",", "PUNCT", 13, "punct", 15, "punct", "O"),
    ("Juri", "PROPN", 16, "pnc", 13, "appos", "B-PER"),
    ("Uschakow", "PROPN", 13, "app", 15, "flat", "I-PER"),
    (".", "PUNCT", 10, "punct", 10, "punct", "O"),
    ("Der", "DET", 20, "nk", 20, "det", "O"),
    ("ukrainische", "ADJ", 20, "nk", 20, "amod", "O"),
    ("Aussenminister", "NOUN", 23, "sb", 23, "nsubj", "O"),
    ("Andrij", "PROPN", 22, "pnc", 20, "appos", "B-PER"),
    ("Sybiha", "PROPN", 20, "nk", 21, "flat", "I-PER"),
    ("traf", "VERB", 23, "ROOT", 23, "ROOT", "O"),
    ("US-Präsident", "NOUN", 23, "oa", 23, "obj", "O"),
    ("Donald", "PROPN", 26, "pnc", 24, "appos", "B-PER"),
    ("Trump", "PROPN", 24, "nk", 25, "flat", "I-PER"),
    (".", "PUNCT", 23, "punct", 23, "punct", "O"),
    ("Kremlsprecher", "NOUN", 31, "sb", 31, "nsubj", "O"),
    ("Dmitri", "PROPN", 30, "pnc", 28, "appos", "B-PER"),
    ("Peskow", "PROPN", 28, "nk", 29, "flat", "I-PER"),
    ("bestätigte", "VERB", 31, "ROOT", 31, "ROOT", "O"),
    (".", "PUNCT", 31, "punct", 31, "punct", "O"),
]
# fmt: on
SCHEMES = {"tiger": (2, 3), "ud": (4, 5)}


def _doc(vocab, rows, scheme):
    head, dep = SCHEMES[scheme]
    return Doc(vocab, words=[r[0] for r in rows], pos=[r[1] for r in rows], heads=[r[head] for r in rows],
               deps=[r[dep] for r in rows], ents=[r[6] for r in rows])


def _roles(doc):
    mentions, entities = extract_entities(doc, "d")
    return extract_roles(doc, "d", mentions, entities), {e.canonical_name: e.entity_id for e in entities}


def _facts(relations):
    return {(r.subject, r.relation, r.object) for r in relations}


@pytest.mark.parametrize("scheme", SCHEMES)
def test_titles_and_appositions_become_roles(de_vocab, scheme):
    relations, ids = _roles(_doc(de_vocab, ROWS, scheme))
    assert _facts(relations) == {
        ("Wladimir Putin", "role_of", "Kremlchef"),
        ("Wladimir Putin", "member_of", "Kreml"),
        ("Juri Uschakow", "role_of", "aussenpolitischer Berater"),
        ("Juri Uschakow", "works_for", "Wladimir Putin"),
        ("Andrij Sybiha", "role_of", "Aussenminister"),
        ("Andrij Sybiha", "member_of", "Ukraine"),
        ("Donald Trump", "role_of", "US-Präsident"),
        ("Donald Trump", "member_of", "USA"),
        ("Dmitri Peskow", "role_of", "Kremlsprecher"),
        ("Dmitri Peskow", "member_of", "Kreml"),
    }
    (works_for,) = [r for r in relations if r.relation == "works_for"]
    assert works_for.subject_entity_id == ids["Juri Uschakow"]
    assert works_for.object_entity_id == ids["Wladimir Putin"]  # "Putins" is linked to the full name
    assert works_for.evidence_text == "Putins aussenpolitischer Berater , Juri Uschakow"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_evidence_offsets_reproduce_the_text(de_vocab, scheme):
    doc = _doc(de_vocab, ROWS, scheme)
    relations, _ = _roles(doc)
    assert relations and all(doc.text[r.start:r.end] == r.evidence_text for r in relations)


# fmt: off
LIST = [  # "Er traf den Berater, Juri Uschakow und Sarubin." - a list, not an apposition
    ("Er", "PRON", 1, "sb", 1, "nsubj", "O"),
    ("traf", "VERB", 1, "ROOT", 1, "ROOT", "O"),
    ("den", "DET", 3, "nk", 3, "det", "O"),
    ("Berater", "NOUN", 1, "oa", 1, "obj", "O"),
    (",", "PUNCT", 3, "punct", 5, "punct", "O"),
    ("Juri", "PROPN", 6, "pnc", 3, "conj", "B-PER"),
    ("Uschakow", "PROPN", 3, "cj", 5, "flat", "I-PER"),
    ("und", "CCONJ", 6, "cd", 8, "cc", "O"),
    ("Sarubin", "PROPN", 7, "cj", 3, "conj", "B-PER"),
    (".", "PUNCT", 1, "punct", 1, "punct", "O"),
]
# fmt: on


def test_apposition_parsed_as_a_conjunct_still_counts(de_vocab):
    # A frequent UD parser error: "Berater, Juri Uschakow," as conj instead of appos.
    rows = [row[:4] + (row[4], "conj" if row[0] == "Juri" else row[5], row[6]) for row in ROWS]
    relations, _ = _roles(_doc(de_vocab, rows, "ud"))
    assert ("Juri Uschakow", "role_of", "aussenpolitischer Berater") in _facts(relations)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_list_after_a_role_noun_is_no_apposition(de_vocab, scheme):
    relations, _ = _roles(_doc(de_vocab, LIST, scheme))
    assert relations == []


@pytest.mark.parametrize("scheme", SCHEMES)
def test_role_index_resolves_inflected_role_words(de_vocab, scheme):
    relations, ids = _roles(_doc(de_vocab, ROWS, scheme))
    index = role_index(relations)
    assert resolve_role(index, "Kremlsprecher") == ids["Dmitri Peskow"]
    assert resolve_role(index, "Kremlsprechers") == ids["Dmitri Peskow"]
    assert resolve_role(index, "Aussenministers") == ids["Andrij Sybiha"]
    assert resolve_role(index, "Präsidenten") == ids["Donald Trump"]  # the only "Präsident" here
    assert resolve_role(index, "Kremlchefs") == ids["Wladimir Putin"]
    assert resolve_role(index, "Bürgermeister") == ""
    assert resolve_role(index, "Haus") == ""


def test_a_role_two_people_hold_resolves_to_nobody(de_vocab):
    # fmt: off
    words = ["Präsident", "Wolodimir", "Selenski", "traf", "US-Präsident", "Donald", "Trump", "."]
    ents = ["O", "B-PER", "I-PER", "O", "O", "B-PER", "I-PER", "O"]
    # fmt: on
    doc = Doc(de_vocab, words=words, ents=ents)
    relations, ids = _roles(doc)
    index = role_index(relations)
    assert resolve_role(index, "Präsidenten") == ""
    assert resolve_role(index, "US-Präsidenten") == ids["Donald Trump"]


def test_titles_work_without_a_parse(de_vocab):
    doc = Doc(de_vocab, words=["Kremlsprecher", "Dmitri", "Peskow", "sprach", "."], ents=["O", "B-PER", "I-PER", "O", "O"])
    relations, _ = _roles(doc)
    assert _facts(relations) == {("Dmitri Peskow", "role_of", "Kremlsprecher"), ("Dmitri Peskow", "member_of", "Kreml")}


@pytest.mark.parametrize("word,base", [("Präsidenten", "Präsident"), ("Kremlchefs", "Kremlchef"),
                                       ("Aussenministerin", "Aussenministerin"), ("Haus", ""), ("präsident", "")])
def test_role_noun(word, base):
    assert role_noun(word) == base


def test_no_mentions_no_roles(de_vocab):
    assert extract_roles(Doc(de_vocab, words=["Der", "Kremlsprecher", "sagte"]), "d", [], []) == []


def test_quote_given_to_a_named_person_is_quoted_by(de_vocab):
    from pipeline.records import Quote
    from pipeline.roles import quote_relations

    words = ["Juri", "Uschakow", "sagte", "dem", "Korrespondenten", "Pawel", "Sarubin", ",", "Putin", "komme", "."]
    ents = ["B-PER", "I-PER", "O", "O", "O", "B-PER", "I-PER", "O", "B-PER", "O", "O"]
    doc = Doc(de_vocab, words=words, ents=ents)
    mentions, entities = extract_entities(doc, "d")
    ids = {e.canonical_name: e.entity_id for e in entities}
    quote = Quote("d", "d:q1", 0, "indirect", "Putin komme", 60, 71, speaker_entity_id=ids["Juri Uschakow"],
                  speaker_canonical="Juri Uschakow", addressee_text="dem Korrespondenten Pawel Sarubin")
    (relation,) = quote_relations("d", [quote], mentions)
    assert (relation.subject, relation.relation, relation.object) == ("Juri Uschakow", "quoted_by", "Pawel Sarubin")
    assert relation.object_entity_id == ids["Pawel Sarubin"]
    assert doc.text[relation.start:relation.end] == relation.evidence_text
    assert quote_relations("d", [Quote("d", "d:q2", 0, "direct", "x", 0, 1)], mentions) == []


@pytest.mark.parametrize("adjective,noun,role", [
    ("kremlnahen", "Korrespondenten", "kremlnaher Korrespondent"),
    ("aussenpolitische", "Beraterin", "aussenpolitische Beraterin"),
    ("ehemaligen", "Präsidenten", "ehemaliger Präsident"),
])
def test_roles_are_kept_in_the_nominative(de_vocab, adjective, noun, role):
    words = ["mit", "dem", adjective, noun, "Pawel", "Sarubin"]
    doc = Doc(de_vocab, words=words, pos=["ADP", "DET", "ADJ", "NOUN", "PROPN", "PROPN"], ents=["O"] * 4 + ["B-PER", "I-PER"])
    relations, _ = _roles(doc)
    assert _facts(relations) == {("Pawel Sarubin", "role_of", role)}


def test_a_compound_role_is_found_by_its_shorter_role():
    # "Verteidigungsminister X" ... "der Minister": the quote resolver looks up "minister"
    assert role_keys("Verteidigungsminister") == ["verteidigungsminister", "minister"]
    assert role_keys("stellvertretender Regierungssprecher")[:2] == ["regierungssprecher", "sprecher"]
    assert role_keys("Wetter") == ["wetter"]


def _scanned_roles(text: str) -> list[str]:
    """The lexicon scan the suffix index replaced: every role the word is or ends in, longest first."""
    if not text[:1].isupper():
        return []
    folded = text.casefold()
    return [role for role in roles._roles_by_length() if folded == role.casefold()
            or len(role) >= roles.MIN_ROLE_SUFFIX and len(folded) > len(role) + 1 and folded.endswith(role.casefold())]


def _scanned_affiliation(noun: str) -> str:
    folded = noun.casefold()
    for role in roles._roles_by_length():
        if len(folded) > len(role) and folded.endswith(role.casefold()):
            return roles._affiliations().get(folded[: -len(role)], "")
    return ""


def test_role_suffix_index_agrees_with_a_scan_of_the_lexicon():
    """The suffix lookup finds exactly what a pass over the whole lexicon found, in the same order."""
    lexicon = roles._roles_by_length()
    words = [w for role in lexicon for w in (
        role, role.lower(), role.upper(), "Kreml" + role.lower(), "X" + role.lower(), "Xy" + role.lower(),
        "Aussen" + role.lower(), role + "n", role[1:].capitalize(), role.replace("ss", "ß"), role.replace("ß", "ss"))]
    words += ["Kremlsprecher", "Verteidigungsminister", "US-Präsident", "Berater", "Sprecher", "Bundesaußenministerin",
              "Chef", "Hauschef", "Xchef", "Ministerpräsident", "Putin", "Haus", "", "Ä"]
    for word in words:
        assert roles.role_suffixes(word) == _scanned_roles(word), word
        assert roles.role_suffix(word) == next(iter(_scanned_roles(word)), ""), word
        if "-" not in word:
            assert roles._affiliation_of_compound(word) == _scanned_affiliation(word), word
    assert roles.role_suffix("Armeesprecher") == "Sprecher"
    assert roles.role_suffixes("Kremlsprecher") == ["Kremlsprecher", "Sprecher"]
    assert roles._affiliation_of_compound("Kremlsprecher") == "Kreml"
