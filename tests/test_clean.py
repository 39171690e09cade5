from pipeline.clean import clean_document, clean_text, title_of
from pipeline.records import Document

SEED_CHROME = (
    "Trilaterale Gespräche in Abu Dhabi sollen am 1. Februar fortgesetzt werden Die künstliche "
    "Intelligenz von Blick lernt noch und macht vielleicht Fehler. Mehr erfahren Feedback senden Mehr anzeigen"
)


def test_blick_boilerplate_is_removed():
    text = clean_text(SEED_CHROME)
    assert text == "Trilaterale Gespräche in Abu Dhabi sollen am 1. Februar fortgesetzt werden"


def test_teaser_heading_is_split_from_first_bullet():
    text = clean_text("Darum gehts Russland bietet erneut Treffen an\n\nZweiter Punkt")
    assert text.split("\n\n") == ["Darum gehts", "Russland bietet erneut Treffen an", "Zweiter Punkt"]


def test_nfc_soft_hyphens_and_whitespace():
    decomposed = "Mu\u0308nchen Bundes\u00adregierung  \t sagt\r\n\n\n\nNeu"
    assert clean_text(decomposed) == "München Bundesregierung sagt\n\nNeu"


def test_title_is_first_sentence_of_a_long_first_line():
    line = "Kurz: Ein Titel. " + "Mehr Text " * 30
    assert title_of(line) == "Kurz: Ein Titel."


def test_failed_document_passes_untouched():
    doc = Document("x", "x.txt", status="error", error="boom")
    assert clean_document(doc) is doc


def test_only_boilerplate_becomes_empty():
    doc = clean_document(Document("x", "x.txt", text="Mehr erfahren Feedback senden"))
    assert doc.status == "empty"
