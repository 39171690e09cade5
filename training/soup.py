"""Average the weights of pipelines trained on from one model with different seeds (a "soup").

    python training/soup.py OUT_DIR MODEL_DIR [MODEL_DIR ...]

Runs that start from the same weights and differ only in their seed (dropout, batch order) stay
in one basin of the loss, so their mean is a model too, and it scores better than the average
run: the dev scores of single runs spread by about two points (training/README.md, session 6).
Every trainable component of the first pipeline gets the mean of that component's parameters
over all pipelines; everything else (vocab, labels, config) is the first pipeline's.
"""
from __future__ import annotations

from pathlib import Path

import spacy
import typer


def soup(nlps: list) -> int:
    """Set the first pipeline's parameters to the mean over ``nlps``; the number averaged."""
    n_params = 0
    for name, pipe in nlps[0].pipeline:
        if not hasattr(getattr(pipe, "model", None), "walk"):
            continue
        for nodes in zip(*(list(nlp.get_pipe(name).model.walk()) for nlp in nlps)):
            for param in nodes[0].param_names:
                if not all(node.has_param(param) for node in nodes):
                    continue
                arrays = [node.get_param(param) for node in nodes]
                if any(a.shape != arrays[0].shape for a in arrays):
                    raise SystemExit(f"{name}: parameter {param} differs in shape; not one recipe")
                nodes[0].set_param(param, sum(arrays) / len(arrays))
                n_params += arrays[0].size
    return n_params


def main(out_dir: Path, model_dirs: list[Path]) -> None:
    nlps = [spacy.load(path) for path in model_dirs]
    if len({tuple(nlp.pipe_names) for nlp in nlps}) != 1:
        raise SystemExit("the pipelines have different components")
    n_params = soup(nlps)
    nlps[0].to_disk(out_dir)
    print(f"averaged {n_params:,} parameters of {len(nlps)} pipelines -> {out_dir}")


if __name__ == "__main__":
    typer.run(main)
