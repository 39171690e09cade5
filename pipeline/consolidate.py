"""German-aware consolidation of corpus entities: name keys, nominative display names, label votes.

Used by the corpus pass (pipeline/corpus.py); the rules are described in docs/entities.md.

- `name_key`: one key for the inflected forms of a name: case-folded, "'s" cut, inflected adjectives
  before the last word cut to their stem ("Europäischen Union" and "Europäische Union" ->
  "europäisch union"). Given names are never cut ("Christiane Schmidt" is not "Christian Schmidt").
- `key_variants`: the keys a genitive or dative form may come from ("niederlanden" -> "niederlande",
  "roten kreuzes" -> "roten kreuz"); the corpus pass joins a key to a variant only when that exists.
- `display_penalty`: how far a spelling is from the nominative, so the display name is the
  nominative form when the corpus has it, else the most frequent one.
- `label_priors`: the places gazetteer and countries list for LOC, organisation cues for ORG.
- `is_derived`: demonyms and place adjectives ("Berliner", "Australier", "US-amerikanische"): MISC.

`consolidation_report(out)` lists, from a run's entities.csv, the merges made (each entity with the
surface forms it joined) and the rows that look alike but were kept apart.
"""
from __future__ import annotations

import csv
import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from . import lexicons

ADJECTIVE_ENDINGS = ("en", "em", "er", "es", "e")
APOSTROPHES = ("'s", "’s", "'", "’")
# A cut adjective keeps at least this many letters ("Roten" -> "rot", never "e" -> "").
MIN_STEM = 3
MIN_COMPOUND_CUE = 4
DERIVED_ADJECTIVE = re.compile(r"(\w{3}isch|deutsch)(e|en|er|es|em)$")  # not "Fischer"


@lru_cache(maxsize=1)
def _first_names() -> frozenset[str]:
    return frozenset(n.casefold() for n in lexicons.load("first_names"))


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    return frozenset(n.casefold() for n in lexicons.load("places") | lexicons.load("countries"))


@lru_cache(maxsize=1)
def _org_cues() -> tuple[frozenset[str], tuple[str, ...]]:
    cues = lexicons.load("organisation_cues")
    words = frozenset(c.casefold() for c in cues)
    suffixes = tuple(sorted(c.casefold() for c in cues if len(c) >= MIN_COMPOUND_CUE and c.isalpha()))
    return words, suffixes


def words(name: str) -> list[str]:
    """The name's words; line breaks and runs of spaces count as one space."""
    return name.split()


def _adjective_stem(word: str) -> str | None:
    """ "Europäischen" -> "europäisch": a capitalised inflected word before the head noun, else None."""
    folded = word.casefold()
    if (not word[:1].isupper() or not folded.replace("-", "").isalpha()
            or any(part in _first_names() for part in [folded, *folded.split("-")])):
        return None
    for ending in ADJECTIVE_ENDINGS:
        if folded.endswith(ending) and len(folded) - len(ending) >= MIN_STEM:
            return folded[: -len(ending)]
    return None


def _strip_apostrophe(word: str) -> str:
    for ending in APOSTROPHES:
        if word.endswith(ending) and len(word) > len(ending):
            return word[: -len(ending)]
    return word


@lru_cache(maxsize=65536)  # the corpus pass asks for each name's key several times
def name_key(name: str) -> str:
    """The key the inflected and differently cased forms of one name share."""
    parts = words(name)
    if not parts:
        return ""
    keyed = []
    for i, word in enumerate(parts):
        stem = _adjective_stem(word) if i < len(parts) - 1 else None
        keyed.append(stem if stem is not None else _strip_apostrophe(word).casefold())
    return " ".join(keyed)


def key_variants(key: str) -> list[str]:
    """Keys this key may be an inflected form of: one word's genitive -s/-es cut, or a dative -n after e."""
    parts = key.split()
    found = []
    for i, word in enumerate(parts):
        cuts = []
        if word.endswith("es") and len(word) - 2 >= MIN_STEM:
            cuts.append(word[:-2])
        if word.endswith("s") and not word.endswith("ss") and len(word) - 1 >= MIN_STEM:
            cuts.append(word[:-1])
        if word.endswith("en") and len(word) - 1 >= MIN_STEM:
            cuts.append(word[:-1])
        for cut in cuts:
            found.append(" ".join(parts[:i] + [cut] + parts[i + 1:]))
    return found


def is_all_caps(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def display_penalty(name: str) -> tuple[int, int, int]:
    """Lower is nearer the nominative: (inflected adjectives, "'s" genitive, all caps)."""
    parts = words(name)
    adjectives = sum(1 for w in parts[:-1] if _adjective_stem(w) is not None and not w.endswith("e"))
    apostrophe = int(bool(parts) and _strip_apostrophe(parts[-1]) != parts[-1])
    return adjectives, apostrophe, int(is_all_caps(name) and len(name) > 4)


def recase(name: str, forms: Iterable[str]) -> str:
    """An all-caps word gets the corpus's other casing ("GRÜNE" with "Grünen" seen -> "Grüne")."""
    seen: dict[str, str] = {}
    for form in sorted(forms):
        for word in words(form):
            if not is_all_caps(word):
                seen.setdefault(_loose(word), word)
    out = []
    for word in words(name):
        model = seen.get(_loose(word)) if is_all_caps(word) and len(word) > 4 else None
        out.append(_copy_case(word, model) if model else word)
    return " ".join(out)


def _loose(word: str) -> str:
    """The bench normaliser's word: case-folded, "'s" and one ending cut after three letters."""
    word = _strip_apostrophe(word.casefold())
    for ending in ("en", "em", "er", "es", "e", "n", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word


def _copy_case(word: str, model: str) -> str:
    """ "GRÜNE" after "Grünen" -> "Grüne": the model's casing, letter by letter, lower beyond it."""
    return "".join((m.upper() if m.isupper() else c.lower()) if n < len(model) else c.lower()
                   for n, (c, m) in enumerate(zip(word, model + " " * len(word))))


def label_priors(names: Iterable[str]) -> set[str]:
    """Labels a name is known to have whatever the model said: a place, an organisation."""
    priors: set[str] = set()
    for name in names:
        priors |= _name_priors(name)
    return priors


@lru_cache(maxsize=65536)  # the corpus pass asks for every spelling of a group, once per vote
def _name_priors(name: str) -> frozenset[str]:
    """`label_priors` of one name."""
    priors = set()
    org_words, org_suffixes = _org_cues()
    key = _strip_apostrophe(" ".join(words(name))).casefold()
    bare = [key] + [key[: -len(e)] for e in ("s", "es") if key.endswith(e)]
    if any(b in _places() for b in bare):
        priors.add("LOC")
    for word in words(name):
        folded = word.casefold()
        tail = folded.rsplit("-", 1)[-1]
        if folded in org_words or tail in org_words or (
                word[:1].isupper() and any(folded.endswith(s) and len(folded) > len(s) for s in org_suffixes)):
            priors.add("ORG")
    return frozenset(priors)


def genitive_of_place(name: str) -> bool:
    """ "Venezuelas", "Südkoreas": a known place with a genitive -s, which the model often calls a
    person after a role noun ("Staatspräsident Venezuelas")."""
    key = " ".join(words(name)).casefold()
    return key not in _places() and any(key.endswith(e) and key[: -len(e)] in _places() for e in ("s", "es"))


def is_derived(name: str, places: Iterable[str] = (), person: bool = False) -> bool:
    """A demonym or place adjective, not a name: "Berliner", "Nürnbergern", "Australier", "US-amerikanische".

    -er words count when their stem is a place (the gazetteer, the countries list or `places`,
    the corpus's own LOC names): "Nürnberg"+er, "Australi(en)"+er, "Münch(en)"+ner; not for a
    `person`, since many surnames are such words ("Fischer", the town "Fischen").
    """
    parts = words(name)
    if not parts or not parts[-1][:1].isupper():
        return False
    folded = " ".join(parts).casefold()
    if len(parts) == 1 and DERIVED_ADJECTIVE.search(folded):
        return True
    if person:
        return False
    known = _known_places(frozenset(places))
    for ending in ("ern", "er"):
        if folded.endswith(ending) and len(folded) - len(ending) >= MIN_STEM:
            stem = folded[: -len(ending)]
            if {stem, stem + "en", stem[:-1] + "en", stem + "n"} & known:
                return True
    return False


@lru_cache(maxsize=8)
def _known_places(places: frozenset[str]) -> frozenset[str]:
    """The lexicon's places and `places`, casefolded (the corpus pass asks once per group, with the same places)."""
    return _places() | {p.casefold() for p in places}


def consolidation_report(out: Path | str) -> str:
    """The merges in a run's entities.csv and the rows that look alike but were kept apart, as text."""
    path = Path(out) / "entities.csv"
    with open(path, encoding="utf-8-sig", newline="") as handle:
        sample = handle.readline()
        handle.seek(0)
        rows = list(csv.DictReader(handle, delimiter=";" if sample.count(";") > sample.count(",") else ","))
    lines = [f"Entity consolidation of {path}: {len(rows)} entities", "", "Merged (canonical name <- other surface forms):"]
    merged = [r for r in rows if r["aliases"]]
    merged.sort(key=lambda r: (-len(r["aliases"].split(" | ")), r["canonical_name"]))
    for row in merged:
        lines.append(f"  {row['canonical_name']} [{row['label']}, {row['n_mentions']} mentions] <- {row['aliases']}")
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        groups[" ".join(_loose(w) for w in words(row["canonical_name"]))].append(row)
    surnames: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        parts = words(row["canonical_name"])
        if row["label"] == "PER" and parts:
            surnames[parts[-1].casefold()].append(row)
    lines += ["", "Kept apart although the names look alike:"]
    apart = [g for _, g in sorted(groups.items()) if len(g) > 1]
    apart += [g for _, g in sorted(surnames.items()) if len(g) > 1 and len({r["canonical_name"] for r in g}) > 1]
    for group in apart:
        lines.append("  " + " / ".join(f"{r['canonical_name']} [{r['label']}, {r['n_mentions']}]" for r in group))
    if not apart:
        lines.append("  (none)")
    return "\n".join(lines) + "\n"
