"""Score the assembled pipeline on the held-out splits and write the package meta.json.

    python training/make_meta.py MODEL_DIR META_BASE_JSON OUT_META_JSON

Loads MODEL_DIR with plain ``spacy.load`` (no project components), scores NER on
training/corpus/germeval_heldout.tsv and training/corpus/smartdata_heldout.iob2 and syntax on
training/corpus/ud_heldout.conllu, measures
``nlp.pipe`` words/s, and writes META_BASE_JSON + the measured scores (README notes + the
``performance`` table) to OUT_META_JSON. The scores also go to training/output/scores.json.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from pipeline.evaluate.ner import evaluate_ner, read_gold  # noqa: E402
from pipeline.evaluate.syntax import evaluate_syntax  # noqa: E402

NER_GOLD = ROOT / "training/corpus/germeval_heldout.tsv"
NEWS_GOLD = ROOT / "training/corpus/smartdata_heldout.iob2"
UD_GOLD = ROOT / "training/corpus/ud_heldout.conllu"


def measure(nlp) -> dict:
    gold = read_gold(NER_GOLD, "germeval")
    ner = evaluate_ner(nlp, gold)
    news = evaluate_ner(nlp, read_gold(NEWS_GOLD, "iob2"))
    syn = evaluate_syntax(nlp, UD_GOLD)
    texts = [" ".join(t) for t, _ in gold]
    list(nlp.pipe(texts[:50]))
    t0 = time.perf_counter()
    n = sum(len(d) for d in nlp.pipe(texts, batch_size=256))
    wps = n / (time.perf_counter() - t0)
    return {"ner": ner, "news_ner": news, "syntax": syn, "words_per_sec": wps, "n_ner_sents": len(gold)}


def ner_rows(ner: dict) -> list[str]:
    rows = ["| label | P | R | F1 | support |", "|---|---|---|---|---|"]
    for lab, v in sorted(ner["per_label"].items()):
        rows.append(f"| {lab} | {v['p']:.1f} | {v['r']:.1f} | {v['f1']:.1f} | {v['support']} |")
    o = ner["overall"]
    rows.append(f"| micro | {o['p']:.1f} | {o['r']:.1f} | {o['f1']:.1f} | |")
    return rows


def notes(s: dict) -> str:
    syn = s["syntax"]
    m = syn["mood_sub"]
    return "\n".join([
        "### Held-out scores (measured by `make model`, training/make_meta.py)",
        "",
        f"NER: last {s['n_ner_sents']} sentences of GermEval 2014 test (never trained on); exact "
        "span + label; outer column, OTH->MISC, -deriv/-part -> O.",
        "",
        *ner_rows(s["ner"]),
        "",
        "NER on news: every sentence of the DFKI SmartData v3 test documents (news/RSS, "
        "PER/LOC/ORG; neither they nor copies of them trained on; MISC predictions are left out "
        "of scoring):",
        "",
        *ner_rows(s["news_ner"]),
        "",
        f"Syntax: last 250 sentences of UD German GSD test ({syn['n_tokens']} tokens, gold "
        "tokenisation, multi-word tokens merged): "
        f"TAG {syn['tag_acc']:.1f}, POS {syn['pos_acc']:.1f}, MORPH {syn['morph_acc']:.1f}, "
        f"UAS {syn['uas']:.1f}, LAS {syn['las']:.1f} (punctuation included; without: UAS "
        f"{syn['uas_nopunct']:.1f}, LAS {syn['las_nopunct']:.1f}); Mood=Sub on finite verbs "
        f"P {m['p']:.1f} / R {m['r']:.1f} (n={m['support']}).",
        "",
        f"Speed: {s['words_per_sec']:,.0f} words/s (nlp.pipe, one process, 2-core CPU).",
    ])


def main(model_dir: str, base: str, out: str) -> None:
    nlp = spacy.load(model_dir)
    s = measure(nlp)
    (ROOT / "training/output").mkdir(parents=True, exist_ok=True)
    (ROOT / "training/output/scores.json").write_text(json.dumps(s, indent=2), encoding="utf8")
    meta = json.loads(Path(base).read_text(encoding="utf8"))
    meta["notes"] = meta.get("notes", "") + "\n\n" + notes(s)
    syn, ner = s["syntax"], s["ner"]
    perf = {
        "tag_acc": syn["tag_acc"] / 100, "pos_acc": syn["pos_acc"] / 100,
        "morph_acc": syn["morph_acc"] / 100, "dep_uas": syn["uas"] / 100,
        "dep_las": syn["las"] / 100, "mood_sub_p": syn["mood_sub"]["p"] / 100,
        "mood_sub_r": syn["mood_sub"]["r"] / 100,
        "ents_p": ner["overall"]["p"] / 100, "ents_r": ner["overall"]["r"] / 100,
        "ents_f": ner["overall"]["f1"] / 100,
    }
    for lab, v in ner["per_label"].items():
        perf[f"ents_f_{lab}"] = v["f1"] / 100
    meta["performance"] = perf
    Path(out).write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf8")
    print(notes(s))


if __name__ == "__main__":
    main(*sys.argv[1:4])
