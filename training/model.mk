# training/model.mk -- build the project's German pipeline de_wersagtwas_news (included by the
# root Makefile, which defines PY and CORPORA). `make model` runs the whole chain:
#   convert corpora -> train syntax pipeline | train NER (mix, teacher, MISC for SmartData, gold fine-tune
#   with five seeds, weights averaged)  [in parallel]
# The NER trains through training/train.py (thinc's numpy BLAS, 1.5-2x faster here) and reads the
# Brown-cluster vectors that training/clusters.py builds first; the syntax recipe keeps plain
# `spacy train` and no clusters, so its weights stay those of the first shipped model (with the
# clusters it parsed better, but the quote rules, written against this parser's trees, lost
# speakers: training/README.md). spacy-lookups-data comes from the package index: `make model`
# needs it reachable, `make setup` does not.
#   -> assemble -> score on the held-out splits -> meta.json -> wheel in models/
# Both trainings run side by side (sub-make with -j2), one BLAS thread each.

PY ?= .venv/bin/python
CORPORA ?= ../shared/corpora
# All names are prefixed WSW_ so the fragment does not clobber the root Makefile's variables.
# The wheel in models/ is deliberately not a make target: `make setup` depends on it, and a
# fresh clone (no training/output/) must not trigger a retraining.
WSW_TC := training/corpus
WSW_TO := training/output
WSW_TP := training/packages
WSW_NAME := wersagtwas_news
WSW_VERSION := 0.4.0
# seeds of the extra NER stage-2 runs that training/soup.py averages with the first (seed 1234)
WSW_SEEDS := 1 2 3 4
WSW_TRAIN_ENV := OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 nice -n 5

WSW_CONVERT_DEPS := training/convert.py pipeline/evaluate/ner.py pipeline/evaluate/syntax.py \
    pipeline/resources/roles.txt pipeline/resources/title_nouns.txt
WSW_TRAIN_DEPS := training/train.py pipeline/ops.py

.PHONY: model model-clean
model:
	$(MAKE) -f $(firstword $(MAKEFILE_LIST)) -j2 $(WSW_TO)/wheel.stamp

# ---- corpora (read from $(CORPORA), written to gitignored training/corpus/) ----
$(WSW_TC)/ud_train.spacy $(WSW_TC)/ud_dev.spacy $(WSW_TC)/ud_heldout.conllu &: $(WSW_CONVERT_DEPS)
	$(PY) training/convert.py ud $(CORPORA) $(WSW_TC)

$(WSW_TC)/ner_gold_train.spacy $(WSW_TC)/ner_gold_dev.spacy $(WSW_TC)/germeval_dev.tsv $(WSW_TC)/germeval_heldout.tsv &: $(WSW_CONVERT_DEPS)
	$(PY) training/convert.py germeval $(CORPORA) $(WSW_TC)

$(WSW_TC)/ner_wikiann.spacy: $(WSW_CONVERT_DEPS)
	$(PY) training/convert.py wikiann $(CORPORA) $(WSW_TC)

$(WSW_TC)/ner_historic.spacy: $(WSW_CONVERT_DEPS)
	$(PY) training/convert.py historic $(CORPORA) $(WSW_TC)

$(WSW_TC)/ner_smartdata.spacy $(WSW_TC)/ner_smartdata_dev.spacy $(WSW_TC)/smartdata_dev.iob2 $(WSW_TC)/smartdata_heldout.iob2 &: $(WSW_CONVERT_DEPS)
	$(PY) training/convert.py smartdata $(CORPORA) $(WSW_TC)

# NER training folders (every .spacy file in one is read): stage 1 (the mix), the teacher
# (GermEval alone) and stage 2 (GermEval + SmartData with the teacher's MISC spans added)
$(WSW_TC)/ner_mix/.stamp: $(WSW_TC)/ner_gold_train.spacy $(WSW_TC)/ner_smartdata.spacy $(WSW_TC)/ner_wikiann.spacy $(WSW_TC)/ner_historic.spacy
	rm -rf $(WSW_TC)/ner_mix && mkdir -p $(WSW_TC)/ner_mix
	cd $(WSW_TC)/ner_mix && ln -s ../ner_gold_train.spacy ../ner_smartdata.spacy ../ner_wikiann.spacy ../ner_historic.spacy .
	touch $@

$(WSW_TC)/ner_germeval/.stamp: $(WSW_TC)/ner_gold_train.spacy
	rm -rf $(WSW_TC)/ner_germeval && mkdir -p $(WSW_TC)/ner_germeval
	cd $(WSW_TC)/ner_germeval && ln -s ../ner_gold_train.spacy .
	touch $@

$(WSW_TC)/ner_smartdata_misc.spacy: training/add_misc.py pipeline/ops.py $(WSW_TO)/ner_teacher/model-best/meta.json $(WSW_TC)/ner_smartdata.spacy
	OPENBLAS_NUM_THREADS=1 $(PY) training/add_misc.py $(WSW_TO)/ner_teacher/model-best $(WSW_TC)/ner_smartdata.spacy $@

$(WSW_TC)/ner_gold/.stamp: $(WSW_TC)/ner_gold_train.spacy $(WSW_TC)/ner_smartdata_misc.spacy
	rm -rf $(WSW_TC)/ner_gold && mkdir -p $(WSW_TC)/ner_gold
	cd $(WSW_TC)/ner_gold && ln -s ../ner_gold_train.spacy ../ner_smartdata_misc.spacy .
	touch $@

# Brown-cluster features as a static vectors table for the NER; spacy-lookups-data (MIT,
# 98 MB) is needed only here, so `make setup` does not install it
$(WSW_TO)/clusters/meta.json: training/clusters.py
	$(PY) -m pip install -q "spacy-lookups-data==1.0.5"
	rm -rf $(WSW_TO)/clusters && mkdir -p $(WSW_TO)
	$(PY) training/clusters.py $(WSW_TO)/clusters

# ---- training ----
$(WSW_TO)/syntax/model-best/meta.json: training/configs/syntax.cfg $(WSW_TC)/ud_train.spacy $(WSW_TC)/ud_dev.spacy
	rm -rf $(WSW_TO)/syntax && mkdir -p $(WSW_TO)
	$(WSW_TRAIN_ENV) $(PY) -m spacy train $< -o $(WSW_TO)/syntax > $(WSW_TO)/syntax.log 2>&1 || (tail -20 $(WSW_TO)/syntax.log; exit 1)
	tail -3 $(WSW_TO)/syntax.log

$(WSW_TO)/ner_mix/model-best/meta.json: training/configs/ner.cfg $(WSW_TRAIN_DEPS) $(WSW_TC)/ner_mix/.stamp $(WSW_TC)/ner_gold_dev.spacy $(WSW_TO)/clusters/meta.json
	rm -rf $(WSW_TO)/ner_mix && mkdir -p $(WSW_TO)
	$(WSW_TRAIN_ENV) $(PY) training/train.py $< -o $(WSW_TO)/ner_mix > $(WSW_TO)/ner_mix.log 2>&1 || (tail -20 $(WSW_TO)/ner_mix.log; exit 1)
	tail -3 $(WSW_TO)/ner_mix.log

$(WSW_TO)/ner_teacher/model-best/meta.json: training/configs/ner_finetune.cfg $(WSW_TRAIN_DEPS) $(WSW_TO)/ner_mix/model-best/meta.json $(WSW_TC)/ner_germeval/.stamp
	rm -rf $(WSW_TO)/ner_teacher && mkdir -p $(WSW_TO)
	$(WSW_TRAIN_ENV) $(PY) training/train.py $< -o $(WSW_TO)/ner_teacher --paths.train $(WSW_TC)/ner_germeval > $(WSW_TO)/ner_teacher.log 2>&1 || (tail -20 $(WSW_TO)/ner_teacher.log; exit 1)
	tail -3 $(WSW_TO)/ner_teacher.log

$(WSW_TO)/ner_ft/model-best/meta.json: training/configs/ner_finetune.cfg $(WSW_TRAIN_DEPS) $(WSW_TO)/ner_mix/model-best/meta.json $(WSW_TC)/ner_gold/.stamp
	rm -rf $(WSW_TO)/ner_ft && mkdir -p $(WSW_TO)
	$(WSW_TRAIN_ENV) $(PY) training/train.py $< -o $(WSW_TO)/ner_ft > $(WSW_TO)/ner_ft.log 2>&1 || (tail -20 $(WSW_TO)/ner_ft.log; exit 1)
	tail -3 $(WSW_TO)/ner_ft.log

# ---- NER soup: stage 2 again with other seeds, weights averaged ----
# WSW_SEEDS more stage-2 runs from the same stage-1 model; training/soup.py averages their last
# checkpoints with the first run's (the dev sets are too small to pick a checkpoint: the seed
# alone moves GermEval dev F1 by up to 1.6, training/README.md)
$(WSW_TO)/ner_ft_%/model-last/meta.json: training/configs/ner_finetune.cfg $(WSW_TRAIN_DEPS) $(WSW_TO)/ner_mix/model-best/meta.json $(WSW_TC)/ner_gold/.stamp
	rm -rf $(WSW_TO)/ner_ft_$*
	$(WSW_TRAIN_ENV) $(PY) training/train.py $< -o $(WSW_TO)/ner_ft_$* --system.seed $* > $(WSW_TO)/ner_ft_$*.log 2>&1 || (tail -20 $(WSW_TO)/ner_ft_$*.log; exit 1)
	tail -2 $(WSW_TO)/ner_ft_$*.log

$(WSW_TO)/ner_soup/meta.json: training/soup.py $(WSW_TO)/ner_ft/model-best/meta.json $(foreach s,$(WSW_SEEDS),$(WSW_TO)/ner_ft_$(s)/model-last/meta.json)
	rm -rf $(WSW_TO)/ner_soup
	OPENBLAS_NUM_THREADS=1 $(PY) training/soup.py $(WSW_TO)/ner_soup $(WSW_TO)/ner_ft/model-last $(foreach s,$(WSW_SEEDS),$(WSW_TO)/ner_ft_$(s)/model-last)

# ---- assemble, score on held-out splits, package ----
$(WSW_TO)/assembled/meta.json: training/assemble.py $(WSW_TO)/syntax/model-best/meta.json $(WSW_TO)/ner_soup/meta.json
	rm -rf $(WSW_TO)/assembled
	$(PY) training/assemble.py $(WSW_TO)/syntax/model-best $(WSW_TO)/ner_soup $(WSW_TO)/assembled --version $(WSW_VERSION)

$(WSW_TO)/meta.json: training/make_meta.py training/meta_base.json $(WSW_TO)/assembled/meta.json $(WSW_TC)/germeval_heldout.tsv $(WSW_TC)/smartdata_heldout.iob2 $(WSW_TC)/ud_heldout.conllu
	$(PY) training/make_meta.py $(WSW_TO)/assembled training/meta_base.json $@

$(WSW_TO)/wheel.stamp: $(WSW_TO)/meta.json $(WSW_TO)/assembled/meta.json
	rm -rf $(WSW_TP) && mkdir -p $(WSW_TP) models
	$(PY) -m spacy package $(WSW_TO)/assembled $(WSW_TP) --name $(WSW_NAME) --version $(WSW_VERSION) \
	    --meta-path $(WSW_TO)/meta.json --build wheel --force
	rm -f models/*.whl
	cp $(WSW_TP)/de_$(WSW_NAME)-$(WSW_VERSION)/dist/*.whl models/
	ls -l models/*.whl
	touch $@

model-clean:
	rm -rf $(WSW_TC) $(WSW_TO) $(WSW_TP)
