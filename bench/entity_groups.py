"""Rows of entities.csv that a crude German normaliser puts together: likely one entity split in several.

The normaliser is the one of issue #18: case-fold; per word strip "'s" and then one ending of
-en, -em, -er, -es, -e, -n, -s when at least three letters are left. A group is two or more rows
with the same normalised name. Each group is one of
  spelling: the rows' names differ (inflection or casing: "Europäischen Union" / "Europäische Union",
            also a demonym next to its place: "Nürnberger" MISC / "Nürnberg" LOC),
  label:    one name under several labels ("Thailand" LOC / PER).
"spelling, one label" counts the spelling groups whose rows also share their label: the pure
inflection and casing splits.

    .venv/bin/python bench/entity_groups.py OUT/entities.csv [--show N]

Reproduce the issue's numbers (850 quotes_news_2024 train+dev texts):
    python bench/entity_groups.py --make-input /tmp/qn.jsonl
    wersagtwas extract /tmp/qn.jsonl --out /tmp/qn --no-views
    python bench/entity_groups.py /tmp/qn/entities.csv
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import defaultdict
from pathlib import Path

ENDINGS = ("en", "em", "er", "es", "e", "n", "s")
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "quotes_news_2024" / "data"


def normalise_word(word: str) -> str:
    """ "Jackson's" -> "jackson", "europäischen" -> "europäisch", "usa" stays."""
    word = word.casefold()
    for apostrophe in ("'s", "’s"):
        if word.endswith(apostrophe):
            word = word[: -len(apostrophe)]
            break
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def normalise(name: str) -> str:
    return " ".join(normalise_word(w) for w in name.split())


def groups(rows: list[dict]) -> list[list[dict]]:
    """Groups of two or more rows sharing a normalised name, largest first (then by key)."""
    by_key: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_key[normalise(row["canonical_name"])].append(row)
    found = [g for _, g in sorted(by_key.items()) if len(g) > 1]
    return sorted(found, key=lambda g: -sum(int(r["n_mentions"] or 0) for r in g))


def kind(group: list[dict]) -> str:
    return "spelling" if len({r["canonical_name"] for r in group}) > 1 else "label"


def one_label(group: list[dict]) -> bool:
    return len({r["label"] for r in group}) == 1


def read_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        sample = handle.readline()
        handle.seek(0)
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        return list(csv.DictReader(handle, delimiter=delimiter))


def make_input(target: Path, corpus: Path = CORPUS) -> int:
    """A JSONL of {"id", "text"} from the train and dev articles of quotes_news_2024."""
    n = 0
    with open(target, "w", encoding="utf-8") as out:
        for split in ("train", "dev"):
            for path in sorted((corpus / split).glob("*.json")):
                data = json.loads(path.read_text("utf-8"))
                doc_id = data.get("documentName", path.stem).split(" - ", 1)[0].strip() or path.stem
                out.write(json.dumps({"id": f"{split}-{doc_id}", "text": data["originalText"]}, ensure_ascii=False) + "\n")
                n += 1
    return n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("entities", nargs="?", type=Path, help="entities.csv of a run")
    parser.add_argument("--show", type=int, default=30, help="groups to list (largest first)")
    parser.add_argument("--make-input", type=Path, help="write the 850-article JSONL here and stop")
    args = parser.parse_args(argv)
    if args.make_input:
        print(f"wrote {make_input(args.make_input)} articles to {args.make_input}")
        return 0
    if args.entities is None:
        parser.error("give entities.csv or --make-input")
    rows = read_rows(args.entities)
    found = groups(rows)
    counts: dict[str, int] = defaultdict(int)
    for group in found:
        counts[kind(group)] += 1
    print(f"{args.entities}: {len(rows)} entity rows, {len(found)} groups sharing a normalised name")
    print(f"{'kind':<22}{'groups':>7}")
    for name in ("spelling", "label"):
        print(f"{name:<22}{counts[name]:>7}")
    print(f"{'spelling, one label':<22}{sum(kind(g) == 'spelling' and one_label(g) for g in found):>7}")
    print()
    for group in found[: args.show]:
        cells = " / ".join(f"{r['canonical_name']} {r['label']} {r['n_mentions']}" for r in group)
        print(f"  [{kind(group)}] {cells}")
    print(f"\nreproduce: python bench/entity_groups.py {args.entities}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
