"""Assemble the shipped pipeline from the separately trained syntax and NER pipelines.

    python training/assemble.py SYNTAX_DIR NER_DIR OUT_DIR [--version X.Y.Z]

The syntax pipeline (tok2vec + tagger + morphologizer + trainable_lemmatizer + parser) is the
base; ``ner`` is sourced from the NER pipeline. The NER model embeds its own CNN tok2vec (no
listener), so each part keeps its own tok2vec and nothing needs replacing; the NER's static
vectors (the Brown-cluster table, training/clusters.py) become the pipeline's vectors.
"""
from __future__ import annotations

from pathlib import Path

import spacy
import srsly
import typer


def main(syntax_dir: Path, ner_dir: Path, out_dir: Path, version: str = typer.Option("0.4.0")) -> None:
    nlp = spacy.load(syntax_dir)
    ner_nlp = spacy.load(ner_dir)
    if nlp.vocab.vectors.shape != (0, 0) and nlp.vocab.vectors.name != ner_nlp.vocab.vectors.name:
        raise SystemExit(f"syntax and NER use different vectors: {nlp.vocab.vectors.name}, {ner_nlp.vocab.vectors.name}")
    keep = set(nlp.vocab.strings)  # before the vectors: assigning them copies the NER's strings
    nlp.vocab.vectors = ner_nlp.vocab.vectors
    nlp.add_pipe("ner", source=ner_nlp)
    keep |= set(nlp.get_pipe("ner").labels)
    nlp.meta["name"] = "wersagtwas_news"
    nlp.meta["version"] = version
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out_dir)
    # Sourcing copies every string the NER met in training (200k words, 0.9 MB of the wheel);
    # its features are hashes computed at run time, so only its labels are needed.
    srsly.write_json(out_dir / "vocab" / "strings.json", sorted(keep))
    print(f"assembled {nlp.pipe_names} ({len(keep)} strings) -> {out_dir}")


if __name__ == "__main__":
    typer.run(main)
