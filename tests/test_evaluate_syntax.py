"""Unit tests for pipeline.evaluate.syntax (no trained model needed, except the marked test)."""
from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.evaluate.syntax import evaluate_syntax, read_conllu, score_docs

CONLLU = """# sent_id = s1
# text = Er sei im Haus.
1	Er	er	PRON	PPER	Case=Nom|Number=Sing|Person=3|PronType=Prs	2	nsubj	_	_
2	sei	sein	AUX	VAFIN	Mood=Sub|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin	0	root	_	_
3-4	im	_	_	_	_	_	_	_	_
3	in	in	ADP	APPR	_	5	case	_	_
4	dem	der	DET	ART	Case=Dat|Definite=Def|Gender=Neut|Number=Sing|PronType=Art	5	det	_	_
5	Haus	Haus	NOUN	NN	Case=Dat|Gender=Neut|Number=Sing	2	obl	_	SpaceAfter=No
6	.	.	PUNCT	$.	_	2	punct	_	_

# sent_id = s2
# text = Sie kam.
1	Sie	sie	PRON	PPER	Case=Nom|Number=Sing|Person=3|PronType=Prs	2	nsubj	_	_
2	kam	kommen	VERB	VVFIN	Mood=Ind|Number=Sing|Person=3|Tense=Past|VerbForm=Fin	0	root	_	SpaceAfter=No
3	.	.	PUNCT	$.	_	2	punct	_	_

"""


def test_read_conllu_merges_mwt(tmp_path):
    p = tmp_path / "t.conllu"
    p.write_text(CONLLU, encoding="utf8")
    sents = read_conllu(p)
    assert len(sents) == 2
    s = sents[0]
    assert s["words"] == ["Er", "sei", "im", "Haus", "."]
    assert s["tags"][2] == "APPRART"
    assert s["pos"][2] == "ADP"
    assert s["heads"] == [1, 1, 3, 1, 1]          # 0-based, root points to itself
    assert s["deps"] == ["nsubj", "ROOT", "case", "obl", "punct"]
    assert s["spaces"] == [True, True, True, False, True]
    assert "Case=Dat" in s["morphs"][2]


@Language.component("_test_fake_syntax")
def _fake_syntax(doc: Doc) -> Doc:
    """Deterministic 'predictions': every token attached to token 1, label dep; tag NN."""
    for tok in doc:
        tok.tag_ = "NN"
        tok.pos_ = "NOUN"
        tok.set_morph("Mood=Sub|VerbForm=Fin" if tok.text in ("sei", "kam") else "")
    heads = [1 if i != 1 else 1 for i in range(len(doc))]
    deps = ["ROOT" if i == 1 else "nsubj" for i in range(len(doc))]
    new = Doc(doc.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc],
              heads=heads, deps=deps)
    for a, b in zip(doc, new):
        b.tag_, b.pos_, b.morph = a.tag_, a.pos_, a.morph
    return new


def test_evaluate_syntax_numbers(tmp_path):
    p = tmp_path / "t.conllu"
    p.write_text(CONLLU, encoding="utf8")
    nlp = spacy.blank("de")
    nlp.add_pipe("_test_fake_syntax")
    s = evaluate_syntax(nlp, p)
    assert s["n_tokens"] == 8
    assert s["tag_acc"] == pytest.approx(100 * 1 / 8)     # only "Haus" is NN
    assert s["pos_acc"] == pytest.approx(100 * 1 / 8)
    # morph: only the two "." tokens (empty == empty) match exactly -> 2/8
    assert s["morph_acc"] == pytest.approx(100 * 2 / 8)
    # heads: s1 all -> index 1 matches gold for Er, sei, Haus, . (4/5); s2: Sie, kam, . (3/3)
    assert s["uas"] == pytest.approx(100 * 7 / 8)
    # labels: Er nsubj ok, sei ROOT ok, Haus(nsubj!=obl), .(nsubj!=punct); s2: Sie, kam ok
    assert s["las"] == pytest.approx(100 * 4 / 8)
    assert s["uas_nopunct"] == pytest.approx(100 * 5 / 6)
    # Mood=Sub: gold 1 (sei); predicted sei + kam -> P 50, R 100
    assert s["mood_sub"]["p"] == pytest.approx(50.0)
    assert s["mood_sub"]["r"] == pytest.approx(100.0)
    assert s["mood_sub"]["f1"] == pytest.approx(200 / 3)


def test_score_docs_perfect(tmp_path):
    p = tmp_path / "t.conllu"
    p.write_text(CONLLU, encoding="utf8")
    sents = read_conllu(p)
    vocab = spacy.blank("de").vocab
    docs = [Doc(vocab, words=s["words"], spaces=s["spaces"], tags=s["tags"], pos=s["pos"],
                morphs=s["morphs"], heads=s["heads"], deps=s["deps"]) for s in sents]
    s = score_docs(sents, docs)
    for k in ("tag_acc", "pos_acc", "morph_acc", "uas", "las"):
        assert s[k] == pytest.approx(100.0)
    assert s["mood_sub"]["r"] == pytest.approx(100.0)


@pytest.mark.model
def test_trained_model_parses():
    nlp = spacy.load("de_wersagtwas_news")
    doc = nlp("Er sagte, Russland sei bereit.")
    assert any(t.dep_ == "ROOT" for t in doc)
    assert all(t.tag_ for t in doc)
