"""Convert the open corpora in ../shared/corpora into spaCy DocBin files (training/corpus/).

One sub-command per corpus; every split is deterministic (fixed slices, no shuffling):

    python training/convert.py ud        CORPORA OUTDIR   # UD GSD dev+test (minus held-out) + PUD
    python training/convert.py germeval  CORPORA OUTDIR   # GermEval 2014 dev+test (minus held-out)
    python training/convert.py wikiann   CORPORA OUTDIR   # WikiANN de train, filtered (silver)
    python training/convert.py historic  CORPORA OUTDIR   # Europeana (CC0) + HIPE newseye/sonar (CC BY)
    python training/convert.py smartdata CORPORA OUTDIR   # DFKI SmartData v1 minus v3 dev/test (news)

Never used: quotes_news_2024 (NC), UD LIT (NC), HIPE hipe2020 (NC).
"""
from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import typer
from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from pipeline import lexicons  # noqa: E402
from pipeline.evaluate.ner import _norm_tag, read_gold  # noqa: E402
from pipeline.evaluate.syntax import _feats, read_conllu  # noqa: E402

app = typer.Typer(add_completion=False)

UD_HELDOUT_N = 250   # last 250 sentences of GSD test: held-out syntax evaluation
UD_DEV_N = 150       # last 150 sentences of GSD dev: model selection during training
GE_HELDOUT_N = 900   # last 900 of 5,100 GermEval test sentences (17.6%): held-out NER eval
GE_DEV_N = 400       # last 400 GermEval dev sentences: model selection during training
GROUP = 10           # sentences per training Doc (lets the parser learn sentence boundaries)


def _write(docs: list[Doc], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = DocBin(store_user_data=False)
    for d in docs:
        db.add(d)
    db.to_disk(path)
    ntok = sum(len(d) for d in docs)
    ents = Counter(e.label_ for d in docs for e in d.ents)
    print(f"{path}: {len(docs)} docs, {ntok} tokens, ents {dict(ents)}")


def _ud_docs(vocab: Vocab, sents: list[dict], keep_tags: bool = True) -> list[Doc]:
    docs = []
    for k in range(0, len(sents), GROUP):
        chunk = sents[k:k + GROUP]
        words, spaces, tags, pos, morphs, lemmas, heads, deps, starts = ([] for _ in range(9))
        for s in chunk:
            off = len(words)
            n = len(s["words"])
            words += s["words"]
            sp = list(s["spaces"])
            sp[-1] = True
            spaces += sp
            tags += s["tags"] if keep_tags else [""] * n
            pos += s["pos"]
            morphs += s["morphs"]
            lemmas += s["lemmas"]
            heads += [h + off for h in s["heads"]]
            deps += s["deps"]
            starts += [True] + [False] * (n - 1)
        doc = Doc(vocab, words=words, spaces=spaces, tags=tags, pos=pos, morphs=morphs,
                  lemmas=lemmas, heads=heads, deps=deps, sent_starts=starts)
        docs.append(doc)
    return docs


def _align_pud_feats(pud: list[dict], gsd: list[dict]) -> None:
    """Keep only PUD features GSD also uses for that UPOS/VerbForm; add VerbForm=Fin to finite
    verbs (PUD leaves it out). PUD XPOS is not STTS, so its tags are dropped (missing)."""
    seen = set()
    for s in gsd:
        for upos, m in zip(s["pos"], s["morphs"]):
            f = _feats(m)
            for k, v in f.items():
                seen.add((upos, f.get("VerbForm"), k, v))
    dropped = Counter()
    for s in pud:
        new = []
        for upos, m in zip(s["pos"], s["morphs"]):
            f = _feats(m)
            if upos in ("VERB", "AUX") and "Mood" in f and "VerbForm" not in f:
                f["VerbForm"] = "Fin"
            vf = f.get("VerbForm")
            kept = {}
            for k, v in f.items():
                if (upos, vf, k, v) in seen:
                    kept[k] = v
                else:
                    dropped[k] += 1
            new.append("|".join(f"{k}={kept[k]}" for k in sorted(kept)))
        s["morphs"] = new
        s["tags"] = [""] * len(s["words"])
    print("PUD features dropped (not in GSD conventions):", dict(dropped.most_common(12)))


@app.command()
def ud(corpora: Path, outdir: Path) -> None:
    """UD German GSD (dev, test minus held-out) + PUD -> ud_train/ud_dev.spacy, ud_heldout.conllu."""
    gsd_dev = read_conllu(corpora / "ud_german/GSD/de_gsd-ud-dev.conllu")
    gsd_test = read_conllu(corpora / "ud_german/GSD/de_gsd-ud-test.conllu")
    pud = read_conllu(corpora / "ud_german/PUD/de_pud-ud-test.conllu")
    heldout = gsd_test[-UD_HELDOUT_N:]
    dev = gsd_dev[-UD_DEV_N:]
    gsd_train = gsd_dev[:-UD_DEV_N] + gsd_test[:-UD_HELDOUT_N]
    _align_pud_feats(pud, gsd_train)
    vocab = Vocab()
    _write(_ud_docs(vocab, gsd_train) + _ud_docs(vocab, pud), outdir / "ud_train.spacy")
    _write(_ud_docs(vocab, dev), outdir / "ud_dev.spacy")
    # held-out slice: copy of the original CoNLL-U blocks (gitignored folder, never committed)
    ids = {s["sent_id"] for s in heldout}
    blocks = (corpora / "ud_german/GSD/de_gsd-ud-test.conllu").read_text(encoding="utf8").split("\n\n")
    keep = [b for b in blocks if re.search(r"^# sent_id = (\S+)", b, re.M)
            and re.search(r"^# sent_id = (\S+)", b, re.M).group(1) in ids]
    (outdir / "ud_heldout.conllu").write_text("\n\n".join(b.strip("\n") for b in keep) + "\n\n",
                                              encoding="utf8")
    print(f"held-out UD: {len(keep)} sentences")


def _ner_docs(vocab: Vocab, sents: list[tuple[list[str], list[str]]], group: int = 1) -> list[Doc]:
    docs = []
    for k in range(0, len(sents), group):
        words, ents, starts = [], [], []
        for toks, tags in sents[k:k + group]:
            # repair I- without a preceding entity of the same label
            fixed, prev = [], "O"
            for t in tags:
                t = _norm_tag(t)
                if t.startswith("I-") and prev[2:] != t[2:]:
                    t = "B-" + t[2:]
                fixed.append(t)
                prev = t
            words += toks
            ents += fixed
            starts += [True] + [False] * (len(toks) - 1)
        if words:
            docs.append(Doc(vocab, words=words, ents=ents, sent_starts=starts))
    return docs


def _germeval_blocks(path: Path) -> list[str]:
    text = path.read_text(encoding="utf8")
    return [b for b in re.split(r"\n\s*\n", text) if b.strip()]


@app.command()
def germeval(corpora: Path, outdir: Path) -> None:
    """GermEval 2014 dev+test (gold; OTH->MISC, -deriv/-part -> O) minus held-out slice."""
    ge = corpora / "germeval2014"
    dev = read_gold(ge / "NER-de-dev.tsv", "germeval")
    test = read_gold(ge / "NER-de-test.tsv", "germeval")
    assert len(test) == 5100 and len(dev) == 2200, (len(test), len(dev))
    vocab = Vocab()
    train = dev[:-GE_DEV_N] + test[:-GE_HELDOUT_N]
    _write(_ner_docs(vocab, train), outdir / "ner_gold_train.spacy")
    _write(_ner_docs(vocab, dev[-GE_DEV_N:]), outdir / "ner_gold_dev.spacy")
    blocks = _germeval_blocks(ge / "NER-de-test.tsv")
    assert len(blocks) == 5100
    (outdir / "germeval_heldout.tsv").write_text("\n\n".join(blocks[-GE_HELDOUT_N:]) + "\n\n",
                                                 encoding="utf8")
    # the dev slice as text too, for `wersagtwas evaluate ner` (tuning the NER post-processing)
    dev_blocks = _germeval_blocks(ge / "NER-de-dev.tsv")
    assert len(dev_blocks) == 2200
    (outdir / "germeval_dev.tsv").write_text("\n\n".join(dev_blocks[-GE_DEV_N:]) + "\n\n", encoding="utf8")
    print(f"held-out GermEval: {GE_HELDOUT_N} sentences")


def _good_silver(toks: list[str], tags: list[str], min_len: int = 6) -> bool:
    """Silver filter: real sentences (>= min_len tokens, some lowercase words, no list/title
    fragments) whose entities all start upper-case and contain letters."""
    if len(toks) < min_len:
        return False
    if sum(t[:1].islower() for t in toks) < 2:
        return False
    for s, e, _ in _spans(tags):
        first = toks[s]
        if not first[:1].isupper() or not any(c.isalpha() for c in first):
            return False
        if e - s > 6:
            return False
    return True


def _spans(tags):
    from pipeline.evaluate.ner import bio_spans
    return sorted(bio_spans(tags))


@app.command()
def wikiann(corpora: Path, outdir: Path) -> None:
    """WikiANN de train (silver), filtered -> ner_wikiann.spacy."""
    sents, toks, tags = [], [], []
    for line in (corpora / "wikiann_de/train").read_text(encoding="utf8").splitlines() + [""]:
        if not line.strip():
            if toks:
                sents.append((toks, tags))
            toks, tags = [], []
            continue
        tok, tag = line.rsplit(None, 1) if "\t" not in line else line.split("\t", 1)
        toks.append(tok[3:] if tok.startswith("de:") else tok)
        tags.append(tag.strip())
    kept = [s for s in sents if _good_silver(*s)]
    print(f"WikiANN: kept {len(kept)} of {len(sents)} sentences")
    _write(_ner_docs(Vocab(), kept, group=1), outdir / "ner_wikiann.spacy")


_TYPO = {"PER": "PER", "LOC": "LOC", "ORG": "ORG"}


def _hist_tag(tag: str) -> str:
    tag = tag.strip()
    if tag in ("O", "_", ""):
        return "O"
    m = re.match(r"^([BI])-(.*)$", tag)
    if not m:
        return "O"
    lab = m.group(2).upper().replace("OLOC", "LOC")
    lab = {"PERS": "PER"}.get(lab, lab)
    if lab not in _TYPO:
        return "O"
    return f"{m.group(1)}-{lab}"


def _norm_hist_token(t: str) -> str:
    return t.replace("ſ", "s")


def _segment(toks: list[str], tags: list[str], max_len: int = 60):
    """Split a token stream into pseudo-sentences at . ! ? followed by a capitalised token."""
    out, cur_t, cur_g = [], [], []
    for i, (t, g) in enumerate(zip(toks, tags)):
        cur_t.append(t)
        cur_g.append(g)
        nxt = toks[i + 1] if i + 1 < len(toks) else ""
        nxt_tag = tags[i + 1] if i + 1 < len(tags) else "O"
        boundary = (t in (".", "!", "?") and nxt[:1].isupper() and not nxt_tag.startswith("I-"))
        if boundary or (len(cur_t) >= max_len and not nxt_tag.startswith("I-")):
            out.append((cur_t, cur_g))
            cur_t, cur_g = [], []
    if cur_t:
        out.append((cur_t, cur_g))
    return out


@app.command()
def historic(corpora: Path, outdir: Path) -> None:
    """Europeana NER (CC0, segmented heuristically) + HIPE-2022 newseye/sonar (CC BY 4.0)."""
    sents = []
    for name in ("enp_DE.lft.bio", "enp_DE.onb.bio", "enp_DE.sbb.bio"):
        toks, tags = [], []
        for line in (corpora / "europeana_ner_de" / name).read_text(encoding="utf8").splitlines():
            parts = line.split()
            if len(parts) < 2:
                continue
            toks.append(_norm_hist_token(parts[0]))
            tags.append(_hist_tag(parts[-1]))
        sents += _segment(toks, tags)
    n_eu = len(sents)
    for f in sorted((corpora / "hipe_newseye_sonar_de").glob("HIPE-2022-v2.1-*-de.tsv")):
        if "hipe2020" in f.name:
            continue  # CC BY-NC-SA: never
        toks, tags = [], []
        for line in f.read_text(encoding="utf8").splitlines():
            if not line.strip() or line.startswith("#") or line.startswith("TOKEN\t"):
                continue
            cols = line.split("\t")
            if len(cols) < 10:
                continue
            toks.append(_norm_hist_token(cols[0]))
            tags.append(_hist_tag(cols[1]))
            if "EndOfSentence" in cols[9] and not (len(toks) < 3):
                sents.append((toks, tags))
                toks, tags = [], []
        if toks:
            sents.append((toks, tags))
    print(f"historic: Europeana {n_eu} segments, HIPE {len(sents) - n_eu} sentences")
    sents = [s for s in sents if len(s[0]) >= 3]
    _write(_ner_docs(Vocab(), sents, group=1), outdir / "ner_historic.spacy")


# SmartData types -> the model's labels; routes ("S4", "ICE 1091"), dates, numbers, triggers and
# positions are not names in GermEval's sense and stay O.
_SMARTDATA = {"person": "PER", "organization": "ORG", "organization-company": "ORG",
              "location": "LOC", "location-city": "LOC", "location-street": "LOC",
              "location-stop": "LOC"}


def _smartdata_docs(path: Path):
    """The documents of one SmartData JSON dump (concatenated Avro-JSON objects)."""
    import gzip
    import json
    text = gzip.open(path, "rt", encoding="utf8").read()
    dec, i = json.JSONDecoder(), 0
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            return
        doc, i = dec.raw_decode(text, i)
        yield doc


def _unwrap(value):
    return next(iter(value.values())) if isinstance(value, dict) and len(value) == 1 else value


def _trim_mention(surface: str) -> str:
    """Some SmartData spans take in the next character ("Stournaras.", "BERLIN,"); abbreviations
    ("Inc.", "Str.", "hl.n.") keep their dot."""
    surface = surface.rstrip().rstrip(",:;!?")
    last = surface.split()[-1] if surface.split() else ""
    if last.endswith(".") and len(last) >= 5 and "." not in last[:-1]:
        surface = surface[:-1]
    return surface


# lowercase mentions that are adjectives derived from names ("europäischen", "chinesische"):
# GermEval's -deriv, O. Other lowercase names stay names ("dpa", "adidas").
_DERIVED = re.compile(r"(isch|er|e|en|es|em|ern)$")


def _python_offsets(text: str) -> list[int]:
    """Python index of each UTF-16 code unit: SmartData counts offsets as Java does, so every
    character above U+FFFF (emoji) before a mention counts twice."""
    index = []
    for i, char in enumerate(text):
        index += [i, i] if ord(char) > 0xFFFF else [i]
    return index + [len(text)]


def _is_name(surface: str, non_names: set[str]) -> bool:
    """GermEval conventions: derived adjectives and role nouns used as persons ("Flugbegleiter")
    are no names."""
    if surface in non_names:
        return False
    bare = surface.lstrip("#@")
    return bare[:1].isupper() or not _DERIVED.search(bare)


def _smartdata_sents(nlp, doc: dict, non_names: set[str],
                     keep=_good_silver) -> list[tuple[list[str], list[str]]]:
    """Sentences of one SmartData document as (tokens, BIO tags) that `keep` accepts."""
    text = _unwrap(doc["text"])
    offsets = _python_offsets(text)
    mentions = []
    for m in _unwrap(doc["conceptMentions"]) or []:
        label = _SMARTDATA.get(m["type"].lower().replace("_", "-"))
        start = offsets[min(m["span"]["start"], len(offsets) - 1)]
        end = offsets[min(m["span"]["end"], len(offsets) - 1)]
        end = start + len(_trim_mention(text[start:end]))
        if label and end > start and _is_name(text[start:end], non_names):
            mentions.append((start, end, label))
    # nested/overlapping mentions: keep the longest, like GermEval's outer column
    mentions.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    out = []
    offset = 0
    for line in text.split("\n"):
        line_start, offset = offset, offset + len(line) + 1
        if not line.strip():
            continue
        sdoc = nlp(line)
        ents, last_end = [], -1
        for start, end, label in mentions:
            if start < line_start or end > line_start + len(line) or start < last_end:
                continue
            # a mention inside a token ("EU" in "EU-Ebene") is GermEval's -part: O
            span = sdoc.char_span(start - line_start, end - line_start, label=label)
            if span is not None:
                ents.append(span)
                last_end = end
        sdoc.set_ents(ents, default="outside")
        for sent in sdoc.sents:
            toks = [t.text for t in sent if not t.is_space]
            tags = [(t.ent_iob_ + "-" + t.ent_type_) if t.ent_type_ else "O"
                    for t in sent if not t.is_space]
            if toks and keep(toks, tags):
                out.append((toks, tags))
    return out


def _write_iob2(sents: list[tuple[list[str], list[str]]], path: Path) -> None:
    lines = []
    for k, (toks, tags) in enumerate(sents):
        lines.append(f"# sent_id = {k + 1}")
        lines += [f"{i + 1}\t{t}\t{g}" for i, (t, g) in enumerate(zip(toks, tags))]
        lines.append("")
    path.write_text("\n".join(lines) + "\n", encoding="utf8")


@app.command()
def smartdata(corpora: Path, outdir: Path) -> None:
    """DFKI SmartData (news/RSS, gold PER/ORG/LOC) -> ner_smartdata.spacy (v1 documents that are
    not in v3 dev/test, nor copies of them), ner_smartdata_dev.spacy (v3 dev) and smartdata_heldout.iob2 (v3 test)."""
    import spacy
    base = corpora / "smartdata"
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    non_names = lexicons.load("roles") | lexicons.load("title_nouns")
    held = list(_smartdata_docs(base / "v3_20200302/test.json.gz"))
    dev = list(_smartdata_docs(base / "v3_20200302/dev.json.gz"))
    # dev and held-out keep every sentence: they are scored as they are
    everything = lambda toks, tags: True  # noqa: E731
    dev_sents = [s for d in dev for s in _smartdata_sents(nlp, d, non_names, everything)]
    held_sents = [s for d in held for s in _smartdata_sents(nlp, d, non_names, everything)]
    # v1 holds every v3 document, sometimes several times (syndicated copies under another URL
    # or timestamp): a training document goes if its id, URL or text is a dev/held-out one, or if
    # it shares a sentence of >= 8 tokens with them
    seen_urls = {d["id"].rsplit("@", 1)[0] for d in held + dev}
    seen_text = {_unwrap(d["text"]).strip() for d in held + dev}
    seen_sents = {tuple(toks) for toks, _ in dev_sents + held_sents if len(toks) >= 8}
    n_docs, train_sents = 0, []
    for name in ("train", "test"):
        for d in _smartdata_docs(base / f"v1_20180119/{name}.json.gz"):
            if d["id"].rsplit("@", 1)[0] in seen_urls or _unwrap(d["text"]).strip() in seen_text:
                continue
            sents = _smartdata_sents(nlp, d, non_names, everything)
            if any(tuple(toks) in seen_sents for toks, _ in sents):
                continue
            n_docs += 1
            train_sents += [s for s in sents if _good_silver(*s, min_len=5)]
    print(f"SmartData: {n_docs} training documents (v1 minus v3 dev/test and their copies)")
    _write(_ner_docs(Vocab(), train_sents), outdir / "ner_smartdata.spacy")
    _write(_ner_docs(Vocab(), dev_sents), outdir / "ner_smartdata_dev.spacy")
    _write_iob2(dev_sents, outdir / "smartdata_dev.iob2")
    _write_iob2(held_sents, outdir / "smartdata_heldout.iob2")
    print(f"held-out SmartData (v3 test): {len(held_sents)} sentences")


if __name__ == "__main__":
    app()
