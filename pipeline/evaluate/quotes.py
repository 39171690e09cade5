"""Quote attribution scorer on quotes_news_2024-style gold (GermEval 2023 SpkAtt manner).

How the scores are computed:

* The real pipeline (`pipeline.run.analyze`) runs on each gold article's ``originalText``
  unchanged, so predicted character offsets are offsets into the gold text.
* Spans are sets of gold tokens. A gold token belongs to a predicted span when at least half of
  its characters lie inside the span's character range. Predicted cues carry only their text,
  so each cue word is placed at its whole-word occurrence nearest to the quote's speaker (else
  the quote) within 300 characters.
* A predicted quote's gap (a source frame inside its range: `gap_start`, `gap_end`) is not part of
  its quote tokens, as in the gold, where such a frame is the speaker and cue, not the quote.
* Per document, predicted and gold quotes are aligned one-to-one by linear sum assignment on the
  number of shared quote tokens (scipy); pairs sharing no token stay unaligned.
* Quote P = shared tokens of aligned pairs / all predicted quote tokens; R = the same / all gold
  quote tokens. Speaker and cue: tokens shared between the aligned pair's speakers (cues) over
  all predicted resp. all gold speaker (cue) tokens, so a wrong or missing quote costs its
  speaker too. F1 is the harmonic mean. Values are percentages.
* found@50 / found@80: share of gold quotes whose aligned prediction covers at least 50 % / 80 %
  of the gold quote's tokens.
* By type: gold and predictions are restricted to one type and aligned again. Gold
  IndirectFreeIndirect (a Konjunktiv continuation of an indirect quote) and FreeIndirect both
  count as our ``free_indirect`` and are scored together under "FreeIndirect". ``by_gold_type``
  adds recall-side numbers for each of the five gold types from the type-blind alignment.
* All gold annotations count, nested ones too (40 % of gold Direct quotes are nested partial
  quotations inside indirect speech).
"""
from __future__ import annotations

import json
import logging
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

import numpy as np
from scipy.optimize import linear_sum_assignment

from ..records import Document, Quote

log = logging.getLogger(__name__)

GOLD_TO_OURS = {
    "Direct": "direct",
    "Indirect": "indirect",
    "FreeIndirect": "free_indirect",
    "IndirectFreeIndirect": "free_indirect",
    "Reported": "reported",
}
TYPE_KEYS = {"direct": "Direct", "indirect": "Indirect", "free_indirect": "FreeIndirect", "reported": "Reported"}
ROLES = ("quote", "speaker", "cue")
CUE_WINDOW = 300
# Lower bounds of the confidence bands over which speaker precision is reported (cumulative).
CONFIDENCE_BANDS = (0.9, 0.8, 0.7, 0.5, 0.3, 0.0)


@dataclass
class Span:
    """One quote as token-id sets, gold or predicted."""

    qtype: str  # our type names
    quote: frozenset[int]
    speaker: frozenset[int] = frozenset()
    cue: frozenset[int] = frozenset()
    gold_type: str = ""
    rule: str = ""
    sieve: str = ""
    confidence: float = 0.0
    resolution: str = ""
    label: str = ""


@dataclass
class GoldDoc:
    """One gold article: its text, token character offsets and quotes."""

    doc_id: str
    path: Path
    text: str
    token_offsets: list[tuple[int, int]]
    quotes: list[Span] = field(default_factory=list)


def read_gold(gold_dir: Path) -> list[GoldDoc]:
    """All ``*.json`` articles of a quotes_news_2024 split folder."""
    paths = sorted(Path(gold_dir).glob("*.json"))
    if not paths:
        raise FileNotFoundError(f"no *.json gold articles in {gold_dir} (pass a split folder such as data/dev)")
    return [_read_article(path) for path in paths]


def _read_article(path: Path) -> GoldDoc:
    data = json.loads(path.read_text("utf-8"))
    offsets = [(t["charBegin"], t["charEnd"]) for t in sorted(data["tokens"], key=lambda t: t["id"])]
    doc_id = data.get("documentName", path.stem).split(" - ", 1)[0].strip() or path.stem
    gold = GoldDoc(doc_id, path, data["originalText"], offsets)
    for ann in data.get("annotations", []):
        if not ann.get("quote"):
            continue
        gold.quotes.append(
            Span(
                qtype=GOLD_TO_OURS.get(ann["type"], ann["type"].lower()),
                quote=frozenset(ann["quote"]["tokenIds"]),
                speaker=frozenset(ann["speaker"]["tokenIds"]) if ann.get("speaker") else frozenset(),
                cue=frozenset(ann["cue"]["tokenIds"]) if ann.get("cue") else frozenset(),
                gold_type=ann["type"],
            )
        )
    return gold


def char_range_tokens(offsets: list[tuple[int, int]], start: Optional[int], end: Optional[int]) -> frozenset[int]:
    """Gold tokens with at least half of their characters in [start, end)."""
    if start is None or end is None or end <= start:
        return frozenset()
    found = set()
    for index, (begin, finish) in enumerate(offsets):
        if finish <= start:
            continue
        if begin >= end:
            break
        overlap = min(finish, end) - max(begin, start)
        if overlap * 2 >= max(finish - begin, 1):
            found.add(index)
    return frozenset(found)


def cue_offsets(text: str, quote: Quote) -> list[tuple[int, int]]:
    """Character ranges of the cue words, each at its occurrence nearest the speaker or quote."""
    if not quote.cue_text:
        return []
    if quote.speaker_start is not None and quote.speaker_end is not None:
        anchor = (quote.speaker_start, quote.speaker_end)
    else:
        anchor = (quote.quote_start, quote.quote_end)
    low, high = max(0, anchor[0] - CUE_WINDOW), min(len(text), anchor[1] + CUE_WINDOW)
    found = []
    for word in quote.cue_text.split():
        best = None
        for match in re.finditer(r"(?<!\w)" + re.escape(word) + r"(?!\w)", text[low:high]):
            start = low + match.start()
            distance = 0 if anchor[0] <= start < anchor[1] else min(abs(start - anchor[0]), abs(start - anchor[1]))
            if best is None or distance < best[0]:
                best = (distance, start)
        if best is not None:
            found.append((best[1], best[1] + len(word)))
    return found


def predicted_spans(gold: GoldDoc, quotes: Iterable[Quote]) -> list[Span]:
    """Our quotes as token-id sets of the gold tokenisation."""
    spans = []
    for quote in quotes:
        cue: set[int] = set()
        for start, end in cue_offsets(gold.text, quote):
            cue |= char_range_tokens(gold.token_offsets, start, end)
        spans.append(
            Span(
                qtype=quote.quote_type,
                quote=char_range_tokens(gold.token_offsets, quote.quote_start, quote.quote_end)
                - char_range_tokens(gold.token_offsets, quote.gap_start, quote.gap_end),
                speaker=char_range_tokens(gold.token_offsets, quote.speaker_start, quote.speaker_end),
                cue=frozenset(cue),
                rule=quote.rule,
                sieve=quote.speaker_sieve,
                confidence=quote.confidence,
                resolution=quote.speaker_resolution,
                label=quote.speaker_label,
            )
        )
    return spans


def align(gold: list[Span], pred: list[Span]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, predicted index) maximising shared quote tokens."""
    if not gold or not pred:
        return []
    overlap = np.array([[len(g.quote & p.quote) for p in pred] for g in gold])
    rows, cols = linear_sum_assignment(overlap, maximize=True)
    return [(r, c) for r, c in zip(rows, cols) if overlap[r, c] > 0]


@dataclass
class _Tally:
    """Token counts for one scope (overall, one type)."""

    shared: dict = field(default_factory=lambda: {r: 0 for r in ROLES})
    gold: dict = field(default_factory=lambda: {r: 0 for r in ROLES})
    pred: dict = field(default_factory=lambda: {r: 0 for r in ROLES})
    n_gold: int = 0
    n_pred: int = 0
    n_aligned: int = 0
    found50: int = 0
    found80: int = 0

    def add(self, gold: list[Span], pred: list[Span]) -> list[tuple[int, int]]:
        pairs = align(gold, pred)
        self.n_gold += len(gold)
        self.n_pred += len(pred)
        self.n_aligned += len(pairs)
        for role in ROLES:
            self.gold[role] += sum(len(getattr(g, role)) for g in gold)
            self.pred[role] += sum(len(getattr(p, role)) for p in pred)
            self.shared[role] += sum(len(getattr(gold[i], role) & getattr(pred[j], role)) for i, j in pairs)
        for i, j in pairs:
            share = len(gold[i].quote & pred[j].quote) / max(len(gold[i].quote), 1)
            self.found50 += share >= 0.5
            self.found80 += share >= 0.8
        return pairs

    def result(self) -> dict:
        out: dict = {}
        for role in ROLES:
            p = _pct(self.shared[role], self.pred[role])
            r = _pct(self.shared[role], self.gold[role])
            out[role] = {"p": p, "r": r, "f1": round(2 * p * r / (p + r), 1) if p + r else 0.0}
        out["found50"] = _pct(self.found50, self.n_gold)
        out["found80"] = _pct(self.found80, self.n_gold)
        out["counts"] = {"gold": self.n_gold, "pred": self.n_pred, "aligned": self.n_aligned}
        return out


def _pct(part: float, whole: float) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def score(gold_docs: list[GoldDoc], predictions: dict[str, list[Quote]], split_by_type: bool = True) -> dict:
    """Scores of predictions (doc_id -> quotes) against gold, overall and per type."""
    overall = _Tally()
    by_type = {key: _Tally() for key in TYPE_KEYS.values()}
    counters = ("n", "quote_shared", "quote_gold", "speaker_shared", "speaker_gold", "found50", "found80")
    by_gold = {name: dict.fromkeys(counters, 0) for name in GOLD_TO_OURS}
    by_rule: dict[str, dict[str, int]] = {}
    by_band: dict[float, list[int]] = {}
    for gold in gold_docs:
        pred = predicted_spans(gold, predictions.get(gold.doc_id, []))
        pairs = overall.add(gold.quotes, pred)
        matched = dict((j, i) for i, j in pairs)
        for j, span in enumerate(pred):
            # quote tokens count for the rule; speaker tokens for the sieve that gave the speaker, if any
            entry = by_rule.setdefault(span.rule, dict.fromkeys(("n", "tokens", "shared", "speaker_tokens", "speaker_shared"), 0))
            speaker_entry = by_rule.setdefault(span.sieve, dict.fromkeys(entry, 0)) if span.sieve else entry
            entry["n"] += 1
            speaker_entry["n"] += bool(span.sieve)
            entry["tokens"] += len(span.quote)
            speaker_entry["speaker_tokens"] += len(span.speaker)
            if j in matched:
                entry["shared"] += len(span.quote & gold.quotes[matched[j]].quote)
                speaker_entry["speaker_shared"] += len(span.speaker & gold.quotes[matched[j]].speaker)
            if span.speaker:
                shared = len(span.speaker & gold.quotes[matched[j]].speaker) if j in matched else 0
                for band in CONFIDENCE_BANDS:
                    if span.confidence >= band:
                        tally = by_band.setdefault(band, [0, 0, 0])
                        tally[0], tally[1], tally[2] = tally[0] + shared, tally[1] + len(span.speaker), tally[2] + 1
        gold_match = dict(pairs)
        for i, g in enumerate(gold.quotes):
            row = by_gold.setdefault(g.gold_type, dict.fromkeys(counters, 0))
            row["n"] += 1
            row["quote_gold"] += len(g.quote)
            row["speaker_gold"] += len(g.speaker)
            if i in gold_match:
                p = pred[gold_match[i]]
                shared = len(g.quote & p.quote)
                row["quote_shared"] += shared
                row["speaker_shared"] += len(g.speaker & p.speaker)
                row["found50"] += shared >= 0.5 * len(g.quote)
                row["found80"] += shared >= 0.8 * len(g.quote)
        if split_by_type:
            for ours, key in TYPE_KEYS.items():
                by_type[key].add([g for g in gold.quotes if g.qtype == ours], [p for p in pred if p.qtype == ours])
    result: dict = {"overall": overall.result()}
    if split_by_type:
        result["by_type"] = {key: tally.result() for key, tally in by_type.items()}
    result["by_gold_type"] = {
        name: {
            "n": row["n"],
            "quote_r": _pct(row["quote_shared"], row["quote_gold"]),
            "speaker_r": _pct(row["speaker_shared"], row["speaker_gold"]),
            "found50": _pct(row["found50"], row["n"]),
            "found80": _pct(row["found80"], row["n"]),
        }
        for name, row in by_gold.items()
    }
    result["by_rule"] = {
        rule: {
            "n": e["n"],
            "quote_p": _pct(e["shared"], e["tokens"]),
            "speaker_p": _pct(e["speaker_shared"], e["speaker_tokens"]),
        }
        for rule, e in sorted(by_rule.items())
    }
    result["speaker_p_by_confidence"] = {
        f">= {band:.1f}": {"speaker_p": _pct(row[0], row[1]), "quotes": row[2]} for band, row in sorted(by_band.items(), reverse=True)
    }
    result["documents"] = len(gold_docs)
    return result


@dataclass
class SpeakerOutcome:
    """One predicted speaker: its scoring features and how many of its gold tokens it got right."""

    features: list[str]
    shared: int
    tokens: int


def speaker_outcomes(gold: GoldDoc, quotes: list[Quote], features: list[list[str]]) -> list[SpeakerOutcome]:
    """Per predicted quote with a speaker: the speaker tokens shared with its aligned gold quote (0 when unaligned)."""
    pred = predicted_spans(gold, quotes)
    matched = {j: i for i, j in align(gold.quotes, pred)}
    return [
        SpeakerOutcome(feats, len(span.speaker & gold.quotes[matched[j]].speaker) if j in matched else 0, len(span.speaker))
        for j, (span, feats) in enumerate(zip(pred, features))
        if span.speaker and feats
    ]


def evaluate_quotes(nlp, gold_dir: Path, split_by_type: bool = False, batch_size: int = 16,
                    outcomes: Optional[list[SpeakerOutcome]] = None) -> dict:
    """Run the real pipeline on the gold articles' originalText and score the quotes.

    `outcomes`, when given, receives every predicted speaker's features and token overlap (for `make calibrate`).
    """
    from ..quotes.scoring import speaker_features
    from ..run import analyze

    gold_docs = read_gold(gold_dir)
    by_id = {g.doc_id: g for g in gold_docs}
    documents = [Document(doc_id=g.doc_id, source=str(g.path), text=g.text) for g in gold_docs]
    predictions: dict[str, list[Quote]] = {}
    started = time.perf_counter()
    for analysed in analyze(nlp, documents, batch_size=batch_size):
        doc_id = analysed.document.doc_id
        predictions[doc_id] = analysed.quotes
        if outcomes is not None and analysed.doc is not None:
            features = [speaker_features(analysed.doc, quote) for quote in analysed.quotes]
            outcomes.extend(speaker_outcomes(by_id[doc_id], analysed.quotes, features))
    seconds = time.perf_counter() - started
    log.info("analysed %d gold articles in %.1f s", len(documents), seconds)
    result = score(gold_docs, predictions, split_by_type=split_by_type)
    result["pipeline_seconds"] = round(seconds, 2)
    result["gold_dir"] = str(gold_dir)
    return result


def format_table(result: dict) -> str:
    """A plain-text table: P/R/F1 for quote, speaker and cue, found@50/80, overall and by type."""
    header = f"{'scope':<14}{'n gold':>7}{'n pred':>7}" + "".join(
        f"{role + ' ' + m:>11}" for role in ROLES for m in ("P", "R", "F1")
    ) + f"{'found@50':>10}{'found@80':>10}"
    lines = [header, "-" * len(header)]
    scopes = [("overall", result["overall"])] + list(result.get("by_type", {}).items())
    for name, row in scopes:
        cells = "".join(f"{row[role][m]:>11.1f}" for role in ROLES for m in ("p", "r", "f1"))
        counts = row.get("counts", {})
        lines.append(f"{name:<14}{counts.get('gold', 0):>7}{counts.get('pred', 0):>7}{cells}{row['found50']:>10.1f}{row['found80']:>10.1f}")
    gold_rows = result.get("by_gold_type")
    if gold_rows:
        lines.append("")
        lines.append(f"{'gold type':<22}{'n':>6}{'quote R':>10}{'speaker R':>11}{'found@50':>10}{'found@80':>10}")
        for name, row in gold_rows.items():
            lines.append(f"{name:<22}{row['n']:>6}{row['quote_r']:>10.1f}{row['speaker_r']:>11.1f}{row['found50']:>10.1f}{row['found80']:>10.1f}")
    return "\n".join(lines)
