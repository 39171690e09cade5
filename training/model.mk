# training/model.mk -- build the project's German pipeline de_wersagtwas_news (included by the
# root Makefile, which defines PY and CORPORA). `make model` runs the whole chain:
#   convert corpora -> train syntax pipeline | train NER (mix, then gold fine-tune)  [in parallel]
#   -> assemble -> score on the held-out splits -> meta.json -> wheel in models/
# Both trainings run side by side (sub-make with -j2), one BLAS thread each.

PY ?= .venv/bin/python
CORPORA ?= ../shared/corpora
TC := training/corpus
TO := training/output
TP := training/packages
MODEL_NAME := wersagtwas_news
MODEL_VERSION := 0.1.0
MODEL_WHEEL := models/de_$(MODEL_NAME)-$(MODEL_VERSION)-py3-none-any.whl
TRAIN_ENV := OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 nice -n 5

CONVERT_DEPS := training/convert.py pipeline/evaluate/ner.py pipeline/evaluate/syntax.py

.PHONY: model model-clean
model:
	$(MAKE) -j2 $(MODEL_WHEEL)

# ---- corpora (read from $(CORPORA), written to gitignored training/corpus/) ----
$(TC)/ud_train.spacy $(TC)/ud_dev.spacy $(TC)/ud_heldout.conllu &: $(CONVERT_DEPS)
	$(PY) training/convert.py ud $(CORPORA) $(TC)

$(TC)/ner_gold_train.spacy $(TC)/ner_gold_dev.spacy $(TC)/germeval_heldout.tsv &: $(CONVERT_DEPS)
	$(PY) training/convert.py germeval $(CORPORA) $(TC)

$(TC)/ner_wikiann.spacy: $(CONVERT_DEPS)
	$(PY) training/convert.py wikiann $(CORPORA) $(TC)

$(TC)/ner_historic.spacy: $(CONVERT_DEPS)
	$(PY) training/convert.py historic $(CORPORA) $(TC)

# stage-1 NER training folder (all .spacy files in it are read) and stage-2 gold folder
$(TC)/ner_mix/.stamp: $(TC)/ner_gold_train.spacy $(TC)/ner_wikiann.spacy $(TC)/ner_historic.spacy
	rm -rf $(TC)/ner_mix && mkdir -p $(TC)/ner_mix
	cd $(TC)/ner_mix && ln -s ../ner_gold_train.spacy ../ner_wikiann.spacy ../ner_historic.spacy .
	touch $@

$(TC)/ner_gold/.stamp: $(TC)/ner_gold_train.spacy
	rm -rf $(TC)/ner_gold && mkdir -p $(TC)/ner_gold
	cd $(TC)/ner_gold && ln -s ../ner_gold_train.spacy .
	touch $@

# ---- training ----
$(TO)/syntax/model-best/meta.json: training/configs/syntax.cfg $(TC)/ud_train.spacy $(TC)/ud_dev.spacy
	rm -rf $(TO)/syntax
	$(TRAIN_ENV) $(PY) -m spacy train $< -o $(TO)/syntax > $(TO)/syntax.log 2>&1 || (tail -20 $(TO)/syntax.log; exit 1)
	tail -3 $(TO)/syntax.log

$(TO)/ner_mix/model-best/meta.json: training/configs/ner.cfg $(TC)/ner_mix/.stamp $(TC)/ner_gold_dev.spacy
	rm -rf $(TO)/ner_mix
	$(TRAIN_ENV) $(PY) -m spacy train $< -o $(TO)/ner_mix > $(TO)/ner_mix.log 2>&1 || (tail -20 $(TO)/ner_mix.log; exit 1)
	tail -3 $(TO)/ner_mix.log

$(TO)/ner_ft/model-best/meta.json: training/configs/ner_finetune.cfg $(TO)/ner_mix/model-best/meta.json $(TC)/ner_gold/.stamp
	rm -rf $(TO)/ner_ft
	$(TRAIN_ENV) $(PY) -m spacy train $< -o $(TO)/ner_ft > $(TO)/ner_ft.log 2>&1 || (tail -20 $(TO)/ner_ft.log; exit 1)
	tail -3 $(TO)/ner_ft.log

# ---- assemble, score on held-out splits, package ----
$(TO)/assembled/meta.json: training/assemble.py $(TO)/syntax/model-best/meta.json $(TO)/ner_ft/model-best/meta.json
	rm -rf $(TO)/assembled
	$(PY) training/assemble.py $(TO)/syntax/model-best $(TO)/ner_ft/model-best $(TO)/assembled

$(TO)/meta.json: training/make_meta.py training/meta_base.json $(TO)/assembled/meta.json $(TC)/germeval_heldout.tsv $(TC)/ud_heldout.conllu
	$(PY) training/make_meta.py $(TO)/assembled training/meta_base.json $@

$(MODEL_WHEEL): $(TO)/meta.json $(TO)/assembled/meta.json
	rm -rf $(TP) && mkdir -p $(TP) models
	$(PY) -m spacy package $(TO)/assembled $(TP) --name $(MODEL_NAME) --version $(MODEL_VERSION) \
	    --meta-path $(TO)/meta.json --build wheel --force
	rm -f models/*.whl
	cp $(TP)/de_$(MODEL_NAME)-$(MODEL_VERSION)/dist/*.whl $@
	ls -l $@

model-clean:
	rm -rf $(TC) $(TO) $(TP)
