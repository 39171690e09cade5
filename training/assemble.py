"""Assemble the shipped pipeline from the separately trained syntax and NER pipelines.

    python training/assemble.py SYNTAX_DIR NER_DIR OUT_DIR [--patterns PATTERNS.jsonl]

The syntax pipeline (tok2vec + tagger + morphologizer + trainable_lemmatizer + parser) is the
base; ``ner`` is sourced from the NER pipeline. The NER model embeds its own CNN tok2vec (no
listener), so each part keeps its own tok2vec and nothing needs replacing. With ``--patterns`` a
built-in ``entity_ruler`` is added before ``ner`` (only when it raised held-out scores).
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import spacy
import typer


def main(syntax_dir: Path, ner_dir: Path, out_dir: Path,
         patterns: Optional[Path] = typer.Option(None, help="entity_ruler JSONL patterns"),
         ruler_after_ner: bool = typer.Option(False, help="ruler after ner (only fills gaps)")) -> None:
    nlp = spacy.load(syntax_dir)
    ner_nlp = spacy.load(ner_dir)
    nlp.add_pipe("ner", source=ner_nlp)
    if patterns is not None:
        cfg = {"overwrite_ents": not ruler_after_ner, "phrase_matcher_attr": "ORTH"}
        if ruler_after_ner:
            ruler = nlp.add_pipe("entity_ruler", after="ner", config=cfg)
        else:
            ruler = nlp.add_pipe("entity_ruler", before="ner", config=cfg)
        ruler.from_disk(patterns)
    nlp.meta["name"] = "wersagtwas_news"
    nlp.meta["version"] = "0.2.0"
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out_dir)
    print(f"assembled {nlp.pipe_names} -> {out_dir}")


if __name__ == "__main__":
    typer.run(main)
