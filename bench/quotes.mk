# Quote attribution: included by the root Makefile (which defines PY and QUOTES_CORPUS).
QUOTES_CONFIDENCE := pipeline/resources/rule_confidence.tsv

.PHONY: calibrate bench-quotes quotes-baseline

# Rule confidences = each rule's quote-token precision on the train split (never dev or test).
calibrate:
	$(PY) -m pipeline.evaluate.calibrate --gold $(QUOTES_CORPUS)/train --out $(QUOTES_CONFIDENCE)

# Dev scores overall and by type, the QUiTE line, and the quotes- vs annotate-stage time.
bench-quotes:
	$(PY) bench/quotes.py --gold $(QUOTES_CORPUS)/dev

# After an improvement: store dev quote/speaker F1 as the floor of tests/test_quotes_regression.py.
quotes-baseline:
	$(PY) bench/quotes.py --write-baseline
