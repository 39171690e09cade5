"""Build pipeline/resources/frequent_words.txt: the most frequent space-separated words of German text.

    .venv/bin/python training/frequent_words.py ../shared/corpora/germeval2014 > pipeline/resources/frequent_words.txt

Inside a spaCy memory zone the tokenizer caches nothing (spaCy 3.8, `Tokenizer._save_cached`), so
every word of every document is split into prefixes, suffixes and infixes again. `annotate.load_model`
tokenizes these words once, outside any zone: they stay in the tokenizer's cache and the vocabulary
(a fixed set: memory stays bounded). The words are GermEval 2014's (CC BY 4.0: Wikipedia and news),
rejoined as they are written: punctuation after a word belongs to it ("sagte,"), as in running text.
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from pipeline.evaluate.ner import read_gold  # noqa: E402

WORDS = 5000
FILES = ("NER-de-dev.tsv", "NER-de-test.tsv")
# Tokens written without a space before them.
ATTACHED = set(",.;:!?)]%“")


def written(words: list[str]) -> list[str]:
    """The space-separated words of a tokenized sentence."""
    out: list[str] = []
    for word in words:
        if out and all(ch in ATTACHED for ch in word):
            out[-1] += word
        else:
            out.append(word)
    return out


def main(folder: Path) -> None:
    counts: Counter[str] = Counter()
    for name in FILES:
        for words, _ in read_gold(folder / name, "germeval"):
            counts.update(written(words))
    print(f"# The {WORDS:,} most frequent space-separated words of GermEval 2014 dev + test, punctuation after a")
    print("# word attached: a frequency list derived from the NoSta-D NER data of Benikova, Biemann and Reznicek")
    print("# (LREC 2014; Wikipedia and news), CC BY 4.0 https://creativecommons.org/licenses/by/4.0/.")
    print("# Rebuild: training/frequent_words.py.")
    words = [word for word, _ in counts.most_common() if not word.startswith("#")]
    for word in words[:WORDS]:
        print(word)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
