import pytest

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


MORE = " Danach ging es um die Lage im Land und um viele weitere Dinge" * 4


@pytest.mark.parametrize("line, title", [
    ("Am vergangenen Freitag, den 9. Mai 2024 trafen sich die Aussenminister in Berlin." + MORE,
     "Am vergangenen Freitag, den 9. Mai 2024 trafen sich die Aussenminister in Berlin."),
    ("Die Heimspiele des FC St. Pauli sind ausverkauft, sagte Prof. Dr. Anna Müller z.B. am 9.5. im Radio." + MORE,
     "Die Heimspiele des FC St. Pauli sind ausverkauft, sagte Prof. Dr. Anna Müller z.B. am 9.5. im Radio."),
    ("Donald J. Trump und Papst Leo XIV. sagten: «Wir sind bereit!» Danach" + MORE,
     "Donald J. Trump und Papst Leo XIV. sagten: «Wir sind bereit!»"),
    ("Rund 1.000 Menschen kamen. Die Polizei" + MORE, "Rund 1.000 Menschen kamen."),
])
def test_a_long_first_line_is_cut_at_a_real_sentence_end(line, title):
    assert len(line) > 160
    assert title_of(line) == title


def test_without_a_sentence_end_a_long_line_is_cut_at_a_word_boundary():
    line = "Heimspiele des FC St. Pauli" + MORE.replace(".", "")
    title = title_of(line)
    assert title.startswith("Heimspiele des FC St. Pauli Danach") and title.endswith(" …")
    assert len(title) <= 162 and line.startswith(title[:-2]) and line[len(title) - 2] == " "  # a whole word


def test_a_first_line_that_fits_is_the_title():
    assert title_of("Heimspiele des FC St. Pauli: Dr. Müller am 9. Mai\n\nText.") == \
        "Heimspiele des FC St. Pauli: Dr. Müller am 9. Mai"


def test_failed_document_passes_untouched():
    doc = Document("x", "x.txt", status="error", error="boom")
    assert clean_document(doc) is doc


def test_only_boilerplate_becomes_empty():
    doc = clean_document(Document("x", "x.txt", text="Mehr erfahren Feedback senden"))
    assert doc.status == "empty"
