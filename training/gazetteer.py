"""Build entity_ruler patterns (LOC) from pycountry's German locale files.

    python training/gazetteer.py OUT.jsonl

German names of all ISO 3166-1 countries (name, common name, official name) and of the
ISO 3166-2 subdivisions of DE, AT and CH; only used if it raises the held-out scores (see
training/README.md).
"""
from __future__ import annotations

import gettext
import json
import sys

import pycountry
import spacy


def main(out: str) -> None:
    de1 = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["de"])
    de2 = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["de"])
    names = set()
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            v = getattr(c, attr, None)
            if v:
                names.add(de1.gettext(v))
    for cc in ("DE", "AT", "CH"):
        for sd in pycountry.subdivisions.get(country_code=cc):
            names.add(de2.gettext(sd.name))
    # drop names with commas/brackets (ISO-style inversions) and lowercase starts
    names = {n for n in names if "," not in n and "(" not in n and n[:1].isupper()}
    tok = spacy.blank("de").tokenizer
    with open(out, "w", encoding="utf8") as f:
        for n in sorted(names):
            pat = [{"ORTH": t.text} for t in tok(n)]
            f.write(json.dumps({"label": "LOC", "pattern": pat}, ensure_ascii=False) + "\n")
    print(f"{len(names)} LOC patterns -> {out}")


if __name__ == "__main__":
    main(sys.argv[1])
