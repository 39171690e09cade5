"""The quote rules and speaker sieves, declared once: name, type, order, speaker policy, trigger words.

`extract_quotes` runs the rule families in the order of their precedence numbers (direct 10-19,
indirect 20-24, frames 30-37, reported 40-44, free indirect 50-52): a family only claims text no
earlier family claimed. Which quotes the sieves may attribute follows each rule's `speaker` policy,
and the sieves run in their own order. Tests check that every emitted quote has its rule's
declared type and that every trigger names a resource file. The rule table in docs/quote_rules.md
is generated from here (`python -m pipeline.quotes.registry --write`), and every entry must have a
row in resources/rule_confidence.tsv (`make calibrate`); speakers are scored by resources/speaker_weights.tsv.
"""
from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterator, Sequence

from .constants import DIRECT, FREE_INDIRECT, INDIRECT, REPORTED
from .scoring import probability, speaker_weights

# A comma-separated list of rule or sieve names to switch off (their quotes or speakers are
# dropped): the mutation check in bench/mutate_rules.py uses it to show each one is tested.
DISABLE_ENV = "WERSAGTWAS_DISABLE_RULES"
_MEASURING = False


@dataclass(frozen=True)
class Rule:
    """One quote rule: what it finds and where its speaker comes from."""

    name: str
    qtype: str
    precedence: int
    speaker: str  # subject | frame | carried | sieves | none
    triggers: tuple[str, ...]  # resource files (pipeline/resources/<name>.txt) or literal cue words
    example: str


@dataclass(frozen=True)
class Sieve:
    """One speaker sieve for quotes whose own sentence names no speaker."""

    name: str
    precedence: int
    applies_to: str
    example: str


RULES: tuple[Rule, ...] = (
    Rule("direct_cue_after", DIRECT, 10, "subject", ("speech_verbs",), "„…“, sagte X."),
    Rule("direct_so", DIRECT, 11, "frame", ("speaker_frame_adverbs",), "„…“, so X."),
    Rule("direct_colon", DIRECT, 12, "subject", (":",), "X sieht es so: „…“"),
    Rule("direct_cue_before", DIRECT, 13, "subject", ("speech_verbs",), "X sagte: „…“"),
    Rule(
        "direct_frame", DIRECT, 14, "frame",
        ("frame_prepositions", "frame_postpositions", "frame_noun_prepositions", "frame_nouns", "long_frame_nouns"), "„…“, laut X.",
    ),
    Rule("direct_colon_name", DIRECT, 15, "subject", (":",), "Innenminister X: „…“"),
    Rule("direct_previous_subject", DIRECT, 16, "subject", (), "X äußerte sich zufrieden. „…“"),
    Rule("direct_nested", DIRECT, 17, "carried", (), "X sagte, das sei „ein Fehler“."),
    Rule("direct_carried", DIRECT, 18, "carried", (), "X sagte, … . „…“"),
    Rule("direct_unattributed", DIRECT, 19, "sieves", (), "„…“ (speech-like, no cue)"),
    Rule("indirect_cue_first", INDIRECT, 20, "subject", ("speech_verbs", "complementizers", "clause_conjunctions"), "X sagte, dass …"),
    Rule("indirect_wie", INDIRECT, 21, "subject", ("as_clause_openers", "speech_verbs"), "Wie X mitteilte, …"),
    Rule("indirect_cue_after", INDIRECT, 22, "subject", ("speech_verbs", "third_person_reflexives"), "…, sagte X."),
    Rule("indirect_anaphoric", INDIRECT, 23, "subject", ("anaphors", "anaphoric_verbs"), "… . Dies teilte X mit."),
    Rule("indirect_passive", INDIRECT, 24, "none", ("speech_verbs", "passive_auxiliaries"), "Ihm wird vorgeworfen, … zu haben."),
    Rule("frame_laut", INDIRECT, 30, "frame", ("frame_prepositions",), "Laut X …"),
    Rule("frame_gemäß", INDIRECT, 31, "frame", ("frame_prepositions",), "Gemäß X …"),
    Rule("frame_zufolge", INDIRECT, 32, "frame", ("frame_postpositions",), "X zufolge …"),
    Rule("frame_nach", INDIRECT, 33, "frame", ("frame_noun_prepositions", "frame_nouns", "long_frame_nouns"), "Nach Angaben X …"),
    Rule("frame_so", INDIRECT, 34, "frame", ("speaker_frame_adverbs",), "…, so X."),
    Rule(
        "frame_heisst_es", INDIRECT, 35, "frame", ("heisst_es_verbs", "expletive_pronouns", "source_prepositions"),
        "In der Erklärung heißt es, …",
    ),
    Rule("frame_wonach", INDIRECT, 36, "frame", ("report_relatives",), "ein Bericht, wonach …"),
    Rule("frame_demnach", INDIRECT, 37, "carried", ("report_connectives",), "… . Demnach …"),
    Rule("reported_act", REPORTED, 40, "subject", ("reported_verbs", "speech_verbs"), "X forderte ein Format."),
    Rule("reported_source_noun", REPORTED, 41, "subject", ("reported_verbs",), "Die Studenten forderten …"),
    Rule("reported_speech_verb", REPORTED, 42, "subject", ("speech_verbs",), "Augenzeugen berichteten von …"),
    Rule("reported_intention", REPORTED, 43, "subject", ("intention_modals", "past_intention_forms"), "Die SPD will … stärken."),
    Rule(
        "reported_passive", REPORTED, 44, "none", ("reported_verbs", "passive_reports", "legal_acts", "passive_auxiliaries"),
        "Ihr wird Spionage vorgeworfen.",
    ),
    Rule("free_indirect_konjunktiv", FREE_INDIRECT, 50, "carried", ("konjunktiv_forms", "reportative_modals"), "X sagte, … . Er sei …"),
    Rule("free_indirect_resumed", FREE_INDIRECT, 51, "sieves", ("konjunktiv_forms",), "X sagte … . (indicative) Er sei …"),
    Rule("free_indirect_standalone", FREE_INDIRECT, 52, "sieves", ("konjunktiv_forms",), "(no quote before) Die Lage sei ernst."),
)

SIEVES: tuple[Sieve, ...] = (
    Sieve("clause_subject", 0, "direct quotes inside a sentence", "Wiefelspütz will „sorgfältig prüfen“."),
    Sieve("previous_quote", 1, "free indirect quotes; a direct quote right after a quote", "X sagte, … . Die Lage ist ernst. Es sei …"),
    Sieve("previous_subject", 2, "free indirect quotes previous_quote left open", "Lammert würdigte X. Die Bundeswehr sei …"),
)


def rule_names() -> list[str]:
    """Rules and sieves, in registry order."""
    return [r.name for r in sorted(RULES, key=lambda r: r.precedence)] + [s.name for s in sorted(SIEVES, key=lambda s: s.precedence)]


def active(name: str) -> bool:
    """Whether a rule or sieve is switched on (all are, unless named in $WERSAGTWAS_DISABLE_RULES)."""
    disabled = os.environ.get(DISABLE_ENV, "")
    return not disabled or name not in {part.strip() for part in disabled.split(",")}


@lru_cache(maxsize=None)
def calibration() -> dict[str, tuple[float, float]]:
    """(quote precision, speaker precision) of each rule and sieve on train, from rule_confidence.tsv."""
    path = resources.files("pipeline.resources").joinpath("rule_confidence.tsv")
    table: dict[str, tuple[float, float]] = {}
    for line in path.read_text("utf-8").splitlines():
        if not line or line.startswith("#") or line.startswith("rule\t"):
            continue
        rule, quote_p, speaker_p, *_ = line.split("\t")
        table[rule] = (round(float(quote_p or 0) / 100, 3), round(float(speaker_p) / 100, 3))
    missing = [name for name in rule_names() if name not in table]
    if missing:
        raise KeyError(f"rule_confidence.tsv has no row for {', '.join(missing)}: run `make calibrate`")
    return table


def rule_confidence() -> dict[str, float]:
    """Quote precision of each rule on the train split (a quote's confidence when it has no speaker)."""
    names = {r.name for r in RULES}
    return {rule: quote_p for rule, (quote_p, _) in calibration().items() if rule in names}


@contextmanager
def uncalibrated() -> Iterator[None]:
    """Run the rules without reading the confidence table: only while `make calibrate` measures it."""
    global _MEASURING
    _MEASURING, before = True, _MEASURING
    try:
        yield
    finally:
        _MEASURING = before


def confidence(rule: str, speaker_features: Sequence[str] = ()) -> float:
    """A quote's confidence: its speaker's probability of being right from the fitted weights, else its rule's quote precision.

    Both come from the train split (`make calibrate`): the rule's quote token precision in
    rule_confidence.tsv, the speaker weights in speaker_weights.tsv (see `scoring`).
    """
    if _MEASURING:
        return 0.0
    table = calibration()
    if rule not in table:
        raise KeyError(f"unregistered quote rule {rule!r}")
    if not speaker_features:
        return table[rule][0]
    return round(probability(list(speaker_features), speaker_weights()), 3)


def markdown_table() -> str:
    """The README's rule table, generated from the registry."""
    lines = ["| order | rule | type | speaker | triggers | example |", "|---|---|---|---|---|---|"]
    for rule in sorted(RULES, key=lambda r: r.precedence):
        triggers = ", ".join(f"`{t}`" for t in rule.triggers) or "–"
        lines.append(f"| {rule.precedence} | `{rule.name}` | {rule.qtype} | {rule.speaker} | {triggers} | {rule.example} |")
    lines += ["", "| order | speaker sieve | applies to | example |", "|---|---|---|---|"]
    for sieve in sorted(SIEVES, key=lambda s: s.precedence):
        lines.append(f"| {sieve.precedence} | `{sieve.name}` | {sieve.applies_to} | {sieve.example} |")
    return "\n".join(lines)


RULES_DOC = Path(__file__).resolve().parents[2] / "docs" / "quote_rules.md"
_DOC_HEAD = """# Quote rules and speaker sieves

Generated from `pipeline/quotes/registry.py` by `python -m pipeline.quotes.registry --write`; a test
fails when this table and the registry differ. Rules run in `order`; a quote without a speaker of
its own asks the sieves in their order. Confidences: `pipeline/resources/rule_confidence.tsv` and `speaker_weights.tsv`
(`make calibrate`), scores by rule and sieve: `make bench-quotes`.

"""


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        RULES_DOC.parent.mkdir(exist_ok=True)
        RULES_DOC.write_text(_DOC_HEAD + markdown_table() + "\n", encoding="utf-8")
    else:
        print(markdown_table())
