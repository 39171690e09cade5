"""Build pipeline/resources/first_names.txt: given names from Faker's locale data, filtered
against the training text.

    pip download --no-deps faker==40.63.0 -d /tmp/fk && unzip -o -q /tmp/fk/*.whl -d /tmp/fk
    .venv/bin/python training/first_names.py /tmp/fk training/corpus > pipeline/resources/first_names.txt

(after training/gazetteer.py: places are left out). Faker (MIT) ships first-name lists for about 90
locales. Kept: names of at least three letters in Latin script. Dropped: names the training text
(train splits only) writes lowercase ("will"), tags as a noun more often than it names a person
("Jude", "Christen"), uses capitalised outside a person more often than inside one ("August",
"Anders"), and place names of places.txt ("Berlin", "Austin").
"""
from __future__ import annotations

import importlib
import re
import sys
from collections import Counter
from pathlib import Path

import spacy
from spacy.tokens import DocBin

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from pipeline import lexicons  # noqa: E402

NAME = re.compile(r"^[A-ZÄÖÜ][a-zäöüßéèêáàâíìóòôúùçñøåëïšžćčłńśźżőű'-]{2,}$")
TRAIN_FILES = ("ner_gold_train.spacy", "ner_wikiann.spacy", "ud_train.spacy")
ATTRIBUTES = ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary")


def candidates(faker_root: Path) -> set[str]:
    """Latin-script first names of every Faker locale."""
    sys.path.insert(0, str(faker_root))
    names = set()
    for locale in sorted((faker_root / "faker/providers/person").iterdir()):
        if not locale.is_dir() or locale.name.startswith("_"):
            continue
        provider = importlib.import_module(f"faker.providers.person.{locale.name}").Provider
        for attribute in ATTRIBUTES:
            value = provider.__dict__.get(attribute)
            if isinstance(value, (dict, list, tuple, set, frozenset)):
                names.update(n for n in value if NAME.match(n))
    return names


def usage(corpus: Path) -> tuple[Counter, Counter, Counter, set[str]]:
    """Capitalised tokens inside and outside PER entities (not sentence-initial), as nouns (UD);
    lowercase words."""
    nlp = spacy.blank("de")
    inside, outside, nouns, lower = Counter(), Counter(), Counter(), set()
    for file in TRAIN_FILES:
        for doc in DocBin().from_disk(corpus / file).get_docs(nlp.vocab):
            has_ents = doc.has_annotation("ENT_IOB")
            for token in doc:
                if token.text[:1].islower():
                    lower.add(token.text)
                elif token.pos_ == "NOUN":
                    nouns[token.text] += 1
                elif token.ent_type_ == "PER":
                    inside[token.text] += 1
                elif has_ents and not token.is_sent_start:
                    outside[token.text] += 1
    return inside, outside, nouns, lower


def main() -> None:
    names = candidates(Path(sys.argv[1]))
    inside, outside, nouns, lower = usage(Path(sys.argv[2]))
    places = lexicons.load("places")
    kept = sorted(n for n in names
                  if n.lower() not in lower and n not in places and max(outside[n], nouns[n]) <= inside[n])
    print("# Given names (Faker's person providers, MIT, all locales, Latin script, >= 3 letters); names")
    print("# the training text writes lowercase or uses more often outside a person or as a noun, and places.txt")
    print("# names, are left out. Rebuild: training/first_names.py (see its docstring).")
    print("\n".join(kept))
    print(f"{len(names)} candidates, {len(kept)} kept", file=sys.stderr)


if __name__ == "__main__":
    main()
