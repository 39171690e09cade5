"""Syntax scorer: tagger / morphologizer / parser accuracy against a CoNLL-U file.

Conventions (stated so the numbers can be compared):

* Tokens are the *surface* tokens of the treebank: multi-word tokens such as ``im`` = ``in dem``
  are merged back into one token (spaCy's German tokenizer does not split them). The merged
  token gets STTS tag ``APPRART`` when the parts are APPR+ART (otherwise the first part's tag),
  the first part's UPOS, lemma, head and relation, and the features of the last part. The same
  merge is used to build the training data (``training/convert.py``), so train and test agree.
* Every sentence is a separate pre-tokenised ``Doc`` (gold sentence boundaries), sent through
  the real pipeline with ``nlp.pipe``.
* TAG / POS / MORPH accuracy are over all tokens. MORPH is exact match of the whole FEATS string.
* UAS / LAS count every token **including punctuation** (CoNLL 2018 shared-task convention);
  ``uas_nopunct`` / ``las_nopunct`` leave out tokens whose gold UPOS is PUNCT. LAS compares the
  full label (subtypes like ``nsubj:pass`` included); the root is the token whose head is
  itself in spaCy, label ``root`` (case-insensitive match with UD ``root``).
* Mood=Sub: gold positives are tokens whose gold FEATS have ``Mood=Sub`` and ``VerbForm=Fin``
  (finite verbs); predicted positives are tokens whose predicted morphology has ``Mood=Sub``
  (any token, so a Konjunktiv assigned to a non-finite token is a false positive).

All values are percentages (0-100).
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from spacy.tokens import Doc


def _feats(s: str) -> dict[str, str]:
    if not s or s == "_":
        return {}
    out = {}
    for part in s.split("|"):
        if "=" in part:
            k, v = part.split("=", 1)
            out[k] = v
    return out


def _merge_mwt(words: list[dict], mwts: list[tuple[int, int, str, bool]]) -> list[dict]:
    """Merge multi-word tokens (UD ids a-b) into single surface tokens; re-index heads."""
    # map word id -> index of its surface token
    span_of = {}
    for start, end, form, space in mwts:
        for i in range(start, end + 1):
            span_of[i] = (start, end, form, space)
    new_index = {}  # word id -> new 1-based index
    out: list[dict] = []
    i = 1
    n = len(words)
    while i <= n:
        w = words[i - 1]
        if i in span_of:
            start, end, form, space = span_of[i]
            parts = words[start - 1:end]
            first, last = parts[0], parts[-1]
            tags = [p["tag"] for p in parts]
            tag = "APPRART" if tags[:2] == ["APPR", "ART"] else first["tag"]
            ids = set(range(start, end + 1))
            # the part whose head leaves the span carries the attachment
            anchor = next((p for p in parts if p["head"] not in ids), first)
            tok = dict(first)
            tok.update(form=form, tag=tag, feats=last["feats"], head=anchor["head"],
                       dep=anchor["dep"], space=space)
            if tok["head"] in ids:  # pathological, attach to first part's head
                tok["head"] = first["head"]
            out.append(tok)
            for j in range(start, end + 1):
                new_index[j] = len(out)
            i = end + 1
        else:
            out.append(dict(w))
            new_index[i] = len(out)
            i += 1
    for tok in out:
        tok["head"] = new_index.get(tok["head"], 0) if tok["head"] else 0
    return out


def read_conllu(path: str | Path) -> list[dict]:
    """Read a CoNLL-U file into sentences with multi-word tokens merged.

    Each sentence: ``{"sent_id", "text", "words", "spaces", "tags", "pos", "morphs", "lemmas",
    "heads" (0-based index into the sentence; root points to itself), "deps"}``.
    """
    sents: list[dict] = []
    meta: dict[str, str] = {}
    words: list[dict] = []
    mwts: list[tuple[int, int, str, bool]] = []

    def flush():
        nonlocal words, mwts, meta
        if words:
            toks = _merge_mwt(words, mwts)
            heads = [(t["head"] - 1) if t["head"] else k for k, t in enumerate(toks)]
            sents.append({
                "sent_id": meta.get("sent_id", str(len(sents))),
                "text": meta.get("text", ""),
                "words": [t["form"] for t in toks],
                "spaces": [t["space"] for t in toks],
                "tags": [t["tag"] for t in toks],
                "pos": [t["upos"] for t in toks],
                "morphs": [t["feats"] for t in toks],
                "lemmas": [t["lemma"] for t in toks],
                "heads": heads,
                "deps": [("ROOT" if t["dep"] == "root" else t["dep"]) for t in toks],
            })
        words, mwts, meta = [], [], {}

    with open(path, encoding="utf8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                flush()
                continue
            if line.startswith("#"):
                if "=" in line:
                    k, v = line[1:].split("=", 1)
                    meta[k.strip()] = v.strip()
                continue
            cols = line.split("\t")
            if len(cols) < 10:
                continue
            tid = cols[0]
            space = "SpaceAfter=No" not in cols[9]
            if "-" in tid:
                a, b = tid.split("-")
                mwts.append((int(a), int(b), cols[1], space))
                continue
            if "." in tid:  # empty nodes
                continue
            feats = "" if cols[5] == "_" else cols[5]
            words.append({
                "form": cols[1], "lemma": cols[2], "upos": cols[3],
                "tag": "" if cols[4] == "_" else cols[4], "feats": feats,
                "head": int(cols[6]) if cols[6] != "_" else 0, "dep": cols[7], "space": space,
            })
    flush()
    return sents


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = 100.0 * tp / n_pred if n_pred else 0.0
    r = 100.0 * tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f1": f}


def score_docs(sents: list[dict], docs: Iterable[Doc]) -> dict:
    """Score predicted Docs (aligned 1:1 with ``sents``) against gold sentences."""
    n = tag_ok = pos_ok = morph_ok = uas = las = 0
    n_np = uas_np = las_np = 0
    sub_tp = sub_pred = sub_gold = 0
    for sent, doc in zip(sents, docs):
        assert len(doc) == len(sent["words"]), "tokenisation changed"
        for i, tok in enumerate(doc):
            n += 1
            tag_ok += tok.tag_ == sent["tags"][i]
            pos_ok += tok.pos_ == sent["pos"][i]
            gf = _feats(sent["morphs"][i])
            pf = _feats(str(tok.morph))
            morph_ok += gf == pf
            head_ok = tok.head.i == sent["heads"][i]
            lab_ok = head_ok and tok.dep_.lower() == sent["deps"][i].lower()
            uas += head_ok
            las += lab_ok
            if sent["pos"][i] != "PUNCT":
                n_np += 1
                uas_np += head_ok
                las_np += lab_ok
            g_sub = gf.get("Mood") == "Sub" and gf.get("VerbForm") == "Fin"
            p_sub = "Sub" in pf.get("Mood", "").split(",")
            sub_gold += g_sub
            sub_pred += p_sub
            sub_tp += g_sub and p_sub

    def pct(x, d):
        return 100.0 * x / d if d else 0.0

    return {
        "tag_acc": pct(tag_ok, n),
        "pos_acc": pct(pos_ok, n),
        "morph_acc": pct(morph_ok, n),
        "mood_sub": dict(_prf(sub_tp, sub_pred, sub_gold), support=sub_gold),
        "uas": pct(uas, n),
        "las": pct(las, n),
        "uas_nopunct": pct(uas_np, n_np),
        "las_nopunct": pct(las_np, n_np),
        "n_tokens": n,
    }


def evaluate_syntax(nlp, path: str | Path, batch_size: int = 256) -> dict:
    """Run the real pipeline over the gold-tokenised sentences of a CoNLL-U file and score it."""
    sents = read_conllu(path)
    docs_in = (Doc(nlp.vocab, words=s["words"], spaces=s["spaces"]) for s in sents)
    docs = list(nlp.pipe(docs_in, batch_size=batch_size))
    return score_docs(sents, docs)
