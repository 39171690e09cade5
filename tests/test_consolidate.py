"""Corpus consolidation rules (issue #18), each on hand-built documents or records."""
from spacy.tokens import Doc

from pipeline.consolidate import consolidation_report, is_derived, name_key, recase
from pipeline.corpus import CorpusTables, Registry
from pipeline.entities import extract_entities
from pipeline.export import read_table
from pipeline.records import DocumentSummary, Entity, Mention, Relation, entity_id


def _entity(doc_id: str, label: str, name: str, n: int = 1) -> tuple[Entity, list[Mention]]:
    eid = entity_id(label, name)
    mentions = [Mention(doc_id, f"{doc_id}:m{i}", eid, name, label, 0, len(name), 0) for i in range(n)]
    return Entity(eid, name, label, n_mentions=n), mentions


def _merge(*docs: list[tuple[str, str, int]], roles: dict[str, str] | None = None) -> dict[str, str]:
    """(label, name, mentions) per entity per document -> {per-document name: "LABEL name"} after the merge."""
    registry = Registry()
    for n, doc in enumerate(docs):
        entities, mentions, relations = [], [], []
        for label, name, count in doc:
            entity, found = _entity(f"d{n}", label, name, count)
            entities.append(entity)
            mentions += found
            if roles and name in roles:
                relations.append(Relation(f"d{n}", "role_of", entity.entity_id, name, "", roles[name], "", 0, 1))
        registry.add(entities, mentions, relations)
    merged = registry.merge()
    return {entry.name: " ".join(merged[eid]) for eid, entry in registry.entries.items()}


# 1. Canonical names in the nominative, in the corpus's usual spelling


def test_inflected_adjective_names_get_the_nominative():
    merged = _merge(
        [("ORG", "Europäischen Union", 15), ("ORG", "Süddeutschen Zeitung", 3)],
        [("ORG", "Europäische Union", 6), ("ORG", "Süddeutscher Zeitung", 1), ("ORG", "Deutschen Bank", 7)],
        [("ORG", "Süddeutsche Zeitung", 1), ("ORG", "Deutsche Bank", 2)],
    )
    assert merged["Europäischen Union"] == merged["Europäische Union"] == "ORG Europäische Union"
    assert {merged[n] for n in ("Süddeutschen Zeitung", "Süddeutscher Zeitung", "Süddeutsche Zeitung")} == {"ORG Süddeutsche Zeitung"}
    assert merged["Deutschen Bank"] == "ORG Deutsche Bank"


def test_hyphen_or_space_is_one_spelling():
    merged = _merge([("PER", "Jan Peter Balkenende", 3)], [("PER", "Jan-Peter Balkenende", 1)], [("PER", "Balkenende", 1)])
    assert set(merged.values()) == {"PER Jan Peter Balkenende"}


def test_given_names_are_not_cut_like_adjectives():
    assert name_key("Christiane Schmidt") != name_key("Christian Schmidt")
    merged = _merge([("PER", "Christiane Schmidt", 1)], [("PER", "Christian Schmidt", 1)])
    assert merged["Christiane Schmidt"] != merged["Christian Schmidt"]


def test_dative_plural_and_genitive_forms_join_the_base_form():
    merged = _merge(
        [("LOC", "Niederlanden", 17), ("ORG", "Roten Kreuzes", 2)],
        [("LOC", "Niederlande", 15), ("ORG", "Rote Kreuz", 1), ("PER", "Michael Jackson's", 1)],
        [("PER", "Michael Jackson", 4)],
    )
    assert merged["Niederlanden"] == "LOC Niederlande"
    assert merged["Roten Kreuzes"] == "ORG Rote Kreuz"
    assert merged["Michael Jackson's"] == "PER Michael Jackson"


def test_a_dative_form_of_a_person_name_is_not_a_place():
    # "Hessen" ends like a dative of the writer "Hesse": a person and a place never join by inflection.
    merged = _merge([("LOC", "Hessen", 8)], [("PER", "Hesse", 1)])
    assert merged["Hessen"] == "LOC Hessen" and merged["Hesse"] == "PER Hesse"


def test_all_caps_takes_the_corpus_casing_and_the_display_is_the_nominative():
    merged = _merge([("ORG", "GRÜNEN", 46)], [("ORG", "GRÜNE", 7), ("ORG", "Grünen", 3)],
                    [("ORG", "EU", 5), ("ORG", "WikiLeaks", 2)], [("MISC", "Wikileaks", 1)])
    # "Grünen" and "GRÜNEN" are one per-document entity (case variants share an id)
    assert merged["GRÜNEN"] == merged["GRÜNE"] == "ORG Grüne"
    assert merged["EU"] == "ORG EU"  # a short acronym keeps its capitals
    assert merged["Wikileaks"] == merged["WikiLeaks"] == "ORG WikiLeaks"  # the more frequent spelling and label
    assert recase("GRÜNE", ["Grünen"]) == "Grüne" and recase("GRÜNE", ["GRÜNEN"]) == "GRÜNE"


def test_a_name_particle_in_capitals_joins_the_full_name():
    merged = _merge([("PER", "Marco van Basten", 1)], [("PER", "Van Basten", 2)])
    assert merged["Van Basten"] == "PER Marco van Basten"


# 2. Label voting


def test_labels_are_voted_over_all_mentions():
    merged = _merge([("LOC", "Thailand", 18), ("ORG", "EU", 28), ("MISC", "Taliban", 11)],
                    [("PER", "Thailand", 2), ("LOC", "EU", 5), ("ORG", "Taliban", 7)])
    assert merged["Thailand"] == "LOC Thailand" and merged["EU"] == "ORG EU" and merged["Taliban"] == "MISC Taliban"


def test_priors_gazetteer_organisation_cues_and_roles():
    merged = _merge(
        [("PER", "Indonesiens", 1), ("LOC", "Nordbank", 2), ("LOC", "Guttenberg", 14)],
        [("PER", "Deutsche Bahn AG", 3), ("PER", "Guttenberg", 3), ("PER", "Venezuelas", 1)],
        roles={"Guttenberg": "Verteidigungsminister", "Venezuelas": "Staatspräsident"},
    )
    assert merged["Indonesiens"] == "LOC Indonesiens"  # a country's genitive is no person
    assert merged["Nordbank"] == "ORG Nordbank" and merged["Deutsche Bahn AG"] == "ORG Deutsche Bahn AG"
    assert merged["Guttenberg"] == "PER Guttenberg"  # "Verteidigungsminister Guttenberg" outweighs 14 LOC votes
    assert merged["Venezuelas"] == "LOC Venezuelas"  # "Staatspräsident Venezuelas": the role's country


def test_mentions_and_quotes_take_the_entity_label(de_vocab, tmp_path):
    with CorpusTables(tmp_path) as tables:
        for n, (words, ents) in enumerate([
            (["Thailand", "wählt", "."], ["B-LOC", "O", "O"]),
            (["Thailand", "sagte", "."], ["B-PER", "O", "O"]),
        ]):
            doc = Doc(de_vocab, words=words, ents=ents)
            mentions, entities = extract_entities(doc, f"d{n}")
            tables.add(DocumentSummary(f"d{n}", "", "", "", "ok", "", 0, 1, len(mentions), 0, ""), mentions, entities, [], [])
    assert {m["label"] for m in read_table(tmp_path / "mentions.csv")} == {"LOC"}
    assert [(e["canonical_name"], e["label"], e["n_mentions"]) for e in read_table(tmp_path / "entities.csv")] == [("Thailand", "LOC", "2")]


# 3. Not entities


def test_demonyms_and_place_adjectives_become_misc():
    merged = _merge([("LOC", "Berliner", 1), ("LOC", "Nürnberger", 4), ("LOC", "US-amerikanische", 13),
                     ("ORG", "Australier", 5), ("LOC", "Nürnberg", 20), ("PER", "Fischer", 3)])
    assert [merged[n] for n in ("Berliner", "Nürnberger", "US-amerikanische", "Australier")] == [
        "MISC Berliner", "MISC Nürnberger", "MISC US-amerikanische", "MISC Australier"]
    assert merged["Nürnberg"] == "LOC Nürnberg" and merged["Fischer"] == "PER Fischer"
    assert is_derived("Münchner") and is_derived("Kölnern") and not is_derived("Müller")


# 4. Persons stay apart unless the name is unambiguous


def test_person_merging_stays_conservative():
    merged = _merge(
        [("PER", "Donald Trump", 3), ("PER", "George Bush", 2)],
        [("PER", "Melania Trump", 1), ("PER", "George W. Bush", 4)],
        [("PER", "Trump", 2), ("PER", "Bush", 1), ("PER", "W. Bush", 1)],
    )
    assert len({merged[n] for n in ("Donald Trump", "Melania Trump", "Trump")}) == 3
    assert merged["George Bush"] != merged["George W. Bush"] and merged["Bush"] == "PER Bush"
    assert merged["W. Bush"] == "PER George W. Bush"


def test_a_surname_joins_the_one_full_name():
    merged = _merge([("PER", "Donald Trump", 3)], [("PER", "Trumps", 1)])
    assert merged["Trumps"] == "PER Donald Trump"


# 5. Consolidation report


def test_consolidation_report_lists_merges_and_lookalikes(de_vocab, tmp_path):
    docs = [
        (["Die", "Europäischen", "Union", "und", "Nürnberg", "."], ["O", "B-ORG", "I-ORG", "O", "B-LOC", "O"]),
        (["Die", "Europäische", "Union", "und", "die", "Nürnberger", "."], ["O", "B-ORG", "I-ORG", "O", "O", "B-LOC", "O"]),
    ]
    with CorpusTables(tmp_path) as tables:
        for n, (words, ents) in enumerate(docs):
            mentions, entities = extract_entities(Doc(de_vocab, words=words, ents=ents), f"d{n}")
            tables.add(DocumentSummary(f"d{n}", "", "", "", "ok", "", 0, 1, len(mentions), 0, ""), mentions, entities, [], [])
    report = consolidation_report(tmp_path)
    assert "Europäische Union [ORG, 2 mentions] <- Europäischen Union" in report
    assert "Nürnberg [LOC, 1] / Nürnberger [MISC, 1]" in report


def test_entities_report_command(tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    (tmp_path / "entities.csv").write_text(
        "entity_id,canonical_name,label,aliases,n_mentions,n_docs,roles\n"
        "E1,Europäische Union,ORG,Europäischen Union | EU-Kommission,3,2,\n"
        "E2,Nürnberg,LOC,,2,1,\nE3,Nürnberger,MISC,,1,1,\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["entities-report", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Europäische Union [ORG, 3 mentions] <- Europäischen Union | EU-Kommission" in result.output
    assert "Nürnberg [LOC, 2] / Nürnberger [MISC, 1]" in result.output
    assert CliRunner().invoke(app, ["entities-report", "--out", str(tmp_path / "none")]).exit_code == 2


def test_the_merge_does_not_depend_on_document_order():
    docs = [
        [("ORG", "Europäischen Union", 3), ("PER", "Trump", 1), ("LOC", "Niederlanden", 2)],
        [("ORG", "Europäische Union", 1), ("PER", "Donald Trump", 2), ("ORG", "GRÜNEN", 4)],
        [("LOC", "Niederlande", 2), ("ORG", "Grüne", 1), ("PER", "Thailand", 1), ("LOC", "Thailand", 3)],
    ]
    assert _merge(*docs) == _merge(*reversed(docs)) == _merge(docs[1], docs[2], docs[0])


def test_the_registry_keeps_an_audit_trail_of_each_merge():
    registry = Registry()
    for n, (label, name, count) in enumerate([("LOC", "Thailand", 3), ("PER", "Thailand", 1), ("LOC", "Thailands", 1)]):
        entity, mentions = _entity(f"d{n}", label, name, count)
        registry.add([entity], mentions)
    registry.merge()
    (merge,) = registry.merges
    assert (merge.label, merge.name, merge.votes, merge.priors) == ("LOC", "Thailand", {"LOC": 4, "PER": 1}, ["LOC"])
    assert merge.members == [("LOC", "Thailand", 3), ("LOC", "Thailands", 1), ("PER", "Thailand", 1)]
