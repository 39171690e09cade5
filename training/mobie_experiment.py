"""A/B fine-tuning test: does DFKI MobIE (tweets, traffic reports) help the NER on news? (issue 18 item 5)

The shipped pipeline's `ner` goes on training for the same number of steps, with the same
settings as stage 2 (`training/configs/ner_finetune.cfg`: Adam 0.0005, dropout 0.15, batches of
100-1,000 words), once per seed and arm: (A) stage 2's news gold (GermEval train + SmartData
train, MISC added by the shipped NER as `add_misc.py` does), (B) that plus MobIE train, (Bf) that
plus the MobIE sentences that pass SmartData's stage-2 filter. Each arm's runs are also averaged
as `make model` averages its stage-2 runs (`training/soup.py`). All pipelines and the shipped one
are scored on the news dev slices with the scorer of `wersagtwas evaluate ner` (project
pipeline, `--consolidate`); only the `ner` differs between them. Everything is written under W
(never committed); the held-out splits are not read. Commands (about 30 minutes on 2 cores):

    export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 W=/tmp/mobie-exp X="nice -n 10 .venv/bin/python"
    $X training/convert.py germeval ../shared/corpora $W/corpus
    $X training/convert.py smartdata ../shared/corpora $W/corpus
    $X training/mobie_experiment.py convert ../shared/corpora $W
    for s in 1234 1 2; do
      $X training/mobie_experiment.py finetune $W A_$s --seed $s --steps 1500
      $X training/mobie_experiment.py finetune $W B_$s --seed $s --steps 1500 --add mobie_train.spacy
      $X training/mobie_experiment.py finetune $W Bf_$s --seed $s --steps 1500 --add mobie_train_filtered.spacy
    done
    for a in A B Bf; do $X training/soup.py $W/soup_$a $W/${a}_1234 $W/${a}_1 $W/${a}_2; done
    $X training/mobie_experiment.py evaluate $W de_wersagtwas_news $W/A_1234 ... $W/soup_Bf
    $X training/mobie_experiment.py table $W     # the README table from $W/scores.json

(`wersagtwas evaluate ner --model $W/B_1234 --gold $W/corpus/germeval_dev.tsv --format germeval`
gives the same numbers for one pipeline.) Results and the decision: training/README.md, "MobIE".
"""
from __future__ import annotations

import json
import random
import sys
from collections import Counter
from pathlib import Path

import spacy
import typer
from spacy.tokens import Doc, DocBin
from spacy.training import Example
from spacy.training.batchers import minibatch_by_words
from spacy.vocab import Vocab
from thinc.api import Adam, compounding

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from add_misc import with_misc  # noqa: E402
from convert import (  # noqa: E402
    _good_silver,
    _is_name,
    _ner_docs,
    _smartdata_docs,
    _smartdata_sents,
    _unwrap,
    _write,
    _write_iob2,
)

from pipeline import lexicons  # noqa: E402
from pipeline.annotate import load_model  # noqa: E402
from pipeline.evaluate.ner import bio_spans, evaluate_ner, read_gold  # noqa: E402
from pipeline.ops import numpy_gemm  # noqa: E402

app = typer.Typer(add_completion=False, no_args_is_help=True)

SHIPPED = "de_wersagtwas_news"
# MobIE labels -> the model's, as convert.py maps SmartData's (the same DFKI label set): routes
# ("S4", "ICE 1091"), dates, times, triggers, causes ... are no names in GermEval's sense -> O
MOBIE = {"person": "PER", "organization": "ORG", "organization-company": "ORG",
         "location": "LOC", "location-city": "LOC", "location-street": "LOC",
         "location-stop": "LOC"}


def mobie_tag(tag: str) -> str:
    """One MobIE BIO tag in the model's labels (O for everything but persons, places, organisations)."""
    if tag[:2] not in ("B-", "I-") or tag[2:] not in MOBIE:
        return "O"
    return tag[:2] + MOBIE[tag[2:]]


def read_mobie(path: Path) -> list[tuple[list[str], list[str]]]:
    """Sentences of a MobIE CoNLL-2003 file (word, STTS, chunk, label) as (tokens, mapped tags)."""
    sents, toks, tags = [], [], []
    for line in path.read_text(encoding="utf8").splitlines() + [""]:
        cols = line.split("\t")
        if line.startswith("-DOCSTART-") or len(cols) < 4:
            if toks:
                sents.append((toks, tags))
            toks, tags = [], []
            continue
        toks.append(cols[0])
        tags.append(mobie_tag(cols[3].strip()))
    return sents


def drop_derived(sent: tuple[list[str], list[str]], non_names: set[str]) -> tuple[list[str], list[str]]:
    """SmartData's rule: lowercase derived adjectives and role nouns tagged as names become O."""
    toks, tags = sent
    tags = list(tags)
    for start, end, _ in bio_spans(tags):
        if not _is_name(" ".join(toks[start:end]), non_names):
            tags[start:end] = ["O"] * (end - start)
    return toks, tags


def _iob2_sents(path: Path) -> set[tuple[str, ...]]:
    return {tuple(toks) for toks, _ in read_gold(path, "iob2")}


def _split_smartdata_dev(corpora: Path, corpus: Path, non_names: set[str]) -> None:
    """SmartData v3 dev by document type: news articles, RSS (mostly traffic reports), tweets.

    The dev slice is 103 tweets, 49 RSS items and 76 news pages: MobIE's own domains are most of
    it, so a gain there need not be a gain on news."""
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    parts: dict[str, list] = {}
    for doc in _smartdata_docs(corpora / "smartdata/v3_20200302/dev.json.gz"):
        kind = {"NEWS_HTML": "news", "RSS_XML": "rss", "TWITTER_JSON": "tweets"}[str(_unwrap(doc["docType"]))]
        parts.setdefault(kind, []).extend(_smartdata_sents(nlp, doc, non_names, lambda toks, tags: True))
    for kind, sents in sorted(parts.items()):
        ents = Counter(tag[2:] for _, tags in sents for tag in tags if tag.startswith("B-"))
        print(f"SmartData dev, {kind}: {len(sents)} sentences, ents {dict(ents)}")
        _write_iob2(sents, corpus / f"smartdata_dev_{kind}.iob2")


@app.command()
def convert(corpora: Path, work: Path) -> None:
    """MobIE train/dev -> WORK/corpus/mobie_{train,dev}.spacy (PER/LOC/ORG), minus copies of news dev/held-out."""
    corpus = work / "corpus"
    non_names = lexicons.load("roles") | lexicons.load("title_nouns")
    # MobIE and SmartData are both DFKI tweet crawls: a sentence of >= 8 tokens that is in a
    # SmartData dev or held-out slice must not be trained on
    seen = {s for s in _iob2_sents(corpus / "smartdata_dev.iob2") | _iob2_sents(corpus / "smartdata_heldout.iob2")
            if len(s) >= 8}
    for split in ("dev", "train"):
        sents = [drop_derived(s, non_names) for s in read_mobie(corpora / "mobie" / f"{split}.conll2003")]
        kept = [s for s in sents if tuple(s[0]) not in seen]
        raw = Counter(tag[2:] for _, tags in read_mobie(corpora / "mobie" / f"{split}.conll2003")
                      for tag in tags if tag.startswith("B-"))
        print(f"MobIE {split}: {len(sents)} sentences, {len(sents) - len(kept)} dropped as copies of "
              f"SmartData dev/held-out; entities (all sentences, before the name rule) {dict(raw)}")
        _write(_ner_docs(Vocab(), kept), corpus / f"mobie_{split}.spacy")
    _split_smartdata_dev(corpora, corpus, non_names)
    # the stage-2 filter of SmartData train (sentences, not hashtag lists; entities start
    # upper-case, so "#DB" goes): the variant that treats MobIE as the recipe treats SmartData
    filtered = [s for s in kept if _good_silver(*s, min_len=5)]
    _write(_ner_docs(Vocab(), filtered), corpus / "mobie_train_filtered.spacy")


def _with_teacher_misc(nlp, path: Path) -> list[Doc]:
    """Docs of a DocBin whose O tokens get the MISC spans the shipped NER predicts (add_misc.py)."""
    gold = list(DocBin().from_disk(path).get_docs(nlp.vocab))
    texts = (Doc(nlp.vocab, words=[t.text for t in g], spaces=[t.whitespace_ for t in g]) for g in gold)
    out = []
    with nlp.select_pipes(enable=["ner"]):
        for g, pred in zip(gold, nlp.pipe(texts, batch_size=256)):
            iob = ["O" if t.ent_iob_ == "O" else f"{t.ent_iob_}-{t.ent_type_}" for t in g]
            tagged = with_misc(iob, [(e.start, e.end) for e in pred.ents if e.label_ == "MISC"])
            out.append(Doc(nlp.vocab, words=[t.text for t in g], spaces=[t.whitespace_ for t in g],
                           ents=tagged, sent_starts=[t.is_sent_start for t in g]))
    return out


def _train_docs(nlp, corpus: Path, extra: list[str]) -> list[Doc]:
    """Stage 2's data (GermEval train + SmartData train with MISC), plus `extra` DocBins with MISC."""
    docs = list(DocBin().from_disk(corpus / "ner_gold_train.spacy").get_docs(nlp.vocab))
    for name in ["ner_smartdata.spacy", *extra]:
        docs += _with_teacher_misc(nlp, corpus / name)
    return docs


@app.command()
def finetune(work: Path, name: str, steps: int = typer.Option(1000, help="Updates."),
             seed: int = typer.Option(1234, help="Seed (dropout, batch order)."),
             add: list[str] = typer.Option([], "--add", help="More DocBins of WORK/corpus to train on, "
                                           "e.g. mobie_train.spacy (run B).")) -> None:
    """Fine-tune the shipped pipeline's ner with ner_finetune.cfg's settings -> WORK/NAME (whole pipeline)."""
    with numpy_gemm():
        nlp = spacy.load(SHIPPED)
        docs = _train_docs(nlp, work / "corpus", add)
        ents = Counter(e.label_ for d in docs for e in d.ents)
        print(f"{name}: {len(docs)} training docs, {sum(len(d) for d in docs)} tokens, ents {dict(ents)}")
        examples = [Example(Doc(nlp.vocab, words=[t.text for t in d], spaces=[t.whitespace_ for t in d]), d)
                    for d in docs]
        spacy.util.fix_random_seed(seed)
        rng = random.Random(seed)
        optimizer = Adam(learn_rate=0.0005, beta1=0.9, beta2=0.999, L2=0.01, L2_is_weight_decay=True,
                         grad_clip=1.0, use_averages=True, eps=1e-8)
        sizes = compounding(100.0, 1000.0, 1.001)
        step, losses = 0, {"ner": 0.0}
        with nlp.select_pipes(enable=["ner"]):
            while step < steps:
                rng.shuffle(examples)
                for batch in minibatch_by_words(examples, size=sizes, tolerance=0.2):
                    nlp.update(batch, drop=0.15, sgd=optimizer, losses=losses)
                    step += 1
                    if step % 250 == 0:
                        print(f"{name}: step {step}, loss {losses['ner']:.1f}", flush=True)
                        losses = {"ner": 0.0}
                    if step >= steps:
                        break
        with nlp.use_params(optimizer.averages):
            nlp.to_disk(work / name)
    print(f"wrote {work / name}")


def _score(model: str, gold: list[tuple[list[str], list[str]]]) -> dict:
    return evaluate_ner(load_model(model), gold, consolidate=True)


@app.command()
def evaluate(work: Path, models: list[str]) -> None:
    """Score each pipeline on the GermEval and SmartData dev slices (consolidated) -> WORK/scores.json."""
    golds = {"germeval_dev": read_gold(work / "corpus/germeval_dev.tsv", "germeval"),
             "smartdata_dev": read_gold(work / "corpus/smartdata_dev.iob2", "iob2")}
    for kind in ("news", "rss", "tweets"):
        golds[f"smartdata_dev_{kind}"] = read_gold(work / f"corpus/smartdata_dev_{kind}.iob2", "iob2")
    scores = {m: {g: _score(m, sents) for g, sents in golds.items()} for m in models}
    (work / "scores.json").write_text(json.dumps(scores, indent=2), encoding="utf8")
    for gname in golds:
        labels = sorted(next(iter(scores.values()))[gname]["per_label"])
        print(f"\n{gname}: micro P / R / F1, per-label F1 ({' / '.join(labels)})")
        for m in models:
            s = scores[m][gname]
            o = s["overall"]
            per = " / ".join(f"{s['per_label'][lab]['f1']:.1f}" for lab in labels)
            print(f"{m:<28}{o['p']:6.1f} /{o['r']:5.1f} /{o['f1']:5.1f}   {per}")


def _counts(score: dict) -> tuple[float, float, float]:
    """True positives, predictions and gold entities behind one score (over its labels)."""
    tp = pred = gold = 0.0
    for s in score["per_label"].values():
        t = s["r"] / 100 * s["support"]
        tp, gold = tp + t, gold + s["support"]
        pred += t / (s["p"] / 100) if s["p"] else 0.0
    return tp, pred, gold


def pooled_f1(scores: list[dict]) -> float:
    """Micro F1 over several scored sets together."""
    tp, pred, gold = (sum(c) for c in zip(*(_counts(s) for s in scores)))
    return 200 * tp / (pred + gold) if pred + gold else 0.0


@app.command()
def table(work: Path) -> None:
    """WORK/scores.json as the markdown table of training/README.md."""
    scores = json.loads((work / "scores.json").read_text(encoding="utf8"))
    print("| pipeline | GermEval dev P / R / F1 | ... PER / LOC / ORG / MISC | SmartData news P / R / F1 | "
          "... PER / LOC / ORG | news pooled F1 | SmartData tweets F1 | SmartData RSS F1 | SmartData dev F1 |")
    print("|---" * 9 + "|")
    for model, s in scores.items():
        ge, sn = s["germeval_dev"], s["smartdata_dev_news"]

        def prf(x: dict) -> str:
            return " / ".join(f"{x['overall'][k]:.1f}" for k in ("p", "r", "f1"))

        def labels(x: dict, names: tuple[str, ...]) -> str:
            return " / ".join(f"{x['per_label'][n]['f1']:.1f}" for n in names)

        print(f"| {Path(model).name} | {prf(ge)} | {labels(ge, ('PER', 'LOC', 'ORG', 'MISC'))} | {prf(sn)} | "
              f"{labels(sn, ('PER', 'LOC', 'ORG'))} | {pooled_f1([ge, sn]):.1f} | "
              f"{s['smartdata_dev_tweets']['overall']['f1']:.1f} | {s['smartdata_dev_rss']['overall']['f1']:.1f} | "
              f"{s['smartdata_dev']['overall']['f1']:.1f} |")


if __name__ == "__main__":
    app()
