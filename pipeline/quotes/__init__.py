"""Stage 4: quotes and who said them.

Rules, in the order they claim text: direct quotes (quotation marks), indirect speech after a
speech verb ("X sagte, ..."/"..., sagte X"), verbless source frames ("laut X", "X zufolge",
"nach Angaben X", ", so X", "heißt es", "wonach", "demnach"), reported speech acts ("X forderte
ein Format"), and free indirect speech (Konjunktiv sentences). A quote whose own sentence names no
speaker asks the speaker sieves (sieves.py). Every quote names the rule and sieve that found it;
its confidence is how often such a speaker was right on the train split (scoring.py,
resources/speaker_weights.tsv), or its rule's quote precision when it has no speaker
(resources/rule_confidence.tsv); both from `make calibrate`. The rules and sieves are declared in registry.py.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Optional

from spacy.tokens import Doc, Span

from ..records import Entity, Mention, Quote, Relation
from ..roles import extract_roles
from .candidate import _Candidate
from .constants import _CARRYING_RULES, DIRECT, FREE_INDIRECT, INDIRECT, REPORTED
from .grammar import is_reported_mood, is_reported_sentence, with_apposition
from .index import PrefixBest, TokenSpans, first_containers, indexed
from .marks import find_quote_marks
from .registry import RULES, active, confidence, rule_confidence
from .resolve import _Resolver
from .rules import (
    _attribute_direct,
    _continue_free_indirect,
    _direct_candidates,
    _frame_candidates,
    _is_name,
    _looks_like_title,
    _reported_candidate,
    _verb_candidates,
)
from .scoring import speaker_features
from .sieves import apply_sieves

# Rules whose quotes may take a speaker from outside their sentence.
SIEVE_RULES = frozenset(r.name for r in RULES if r.speaker in {"sieves", "carried"})

__all__ = [
    "DIRECT", "FREE_INDIRECT", "INDIRECT", "REPORTED",
    "extract_quotes", "find_quote_marks", "is_reported_mood", "is_reported_sentence", "rule_confidence",
]


# ---------------------------------------------------------------------------------------------
# Entry point


def extract_quotes(
    doc: Doc, doc_id: str, mentions: list[Mention], entities: list[Entity], roles: Optional[list[Relation]] = None
) -> list[Quote]:
    """All quotes of one document, in text order, with speakers linked to entities.

    `roles`: the document's `extract_roles` relations when the caller has them already (run.py
    keeps them as relations too), so role-only speakers resolve without a second pass.
    """
    if len(doc) == 0:
        return []
    if roles is None:
        roles = extract_roles(doc, doc_id, mentions, entities)
    with indexed(doc) as index:
        return _extract(doc, doc_id, mentions, entities, roles, index.sents, index.sent_of)


def _extract(
    doc: Doc, doc_id: str, mentions: list[Mention], entities: list[Entity], roles: list[Relation],
    sents: list[Span], sent_of: list[int],
) -> list[Quote]:
    """`extract_quotes` with the document's index open."""
    direct = _direct_candidates(doc)
    top_direct = [c for c in direct if c.rule == "direct_marks"]
    quoted = TokenSpans(len(doc), [(c.start, c.end) for c in top_direct])
    for cand in top_direct:
        _attribute_direct(doc, cand, sent_of, sents, quoted)
    direct_by_sent: dict[int, list[_Candidate]] = {}
    for cand in top_direct:
        if cand.speaker is not None:
            direct_by_sent.setdefault(sent_of[cand.start], []).append(cand)

    cands: list[_Candidate] = []
    ends = PrefixBest(len(doc))  # the furthest end of the candidates so far, by start: overlap in log time
    previous: Optional[_Candidate] = None
    for index, sent in enumerate(sents):
        found = _verb_candidates(doc, sent, quoted, sents[index - 1] if index > 0 else None)
        found = [c for c in found if c.rule != "indirect_anaphoric" or not _overlaps(ends, c)]
        if not found:
            found = _frame_candidates(doc, sent, quoted, previous)
        if not found:
            reported = _reported_candidate(doc, sent, quoted)
            found = [reported] if reported is not None else []
        cands.extend(found)
        for cand in found:
            ends.add(min(max(cand.start, 0), len(doc)), cand.end)
        here = [c for c in found if c.speaker is not None]
        direct_here = direct_by_sent.get(index, [])
        if here or direct_here:
            previous = max(here + direct_here, key=lambda c: c.end)

    kept_direct = _keep_direct(doc, top_direct, cands, sent_of)
    nested = _nested_direct(doc, direct, cands + kept_direct)
    all_cands = cands + kept_direct + nested
    runs = _continue_free_indirect(doc, sents, sent_of, all_cands, quoted)
    emitted = {id(c) for c in all_cands}
    all_cands += runs + _nested_direct(doc, [d for d in direct if id(d) not in emitted], runs, partial=True)
    all_cands = [c for c in all_cands if active(c.rule)]
    found_as = {id(c): c.speaker for c in all_cands}
    for cand in all_cands:
        if cand.speaker is not None and cand.carried_from is None:
            cand.speaker = with_apposition(cand.speaker, cand.start, cand.end, cand.cue)
    for cand in all_cands:
        cand.speaker = _carried_speaker(cand, found_as)
    apply_sieves(doc, sents, sent_of, all_cands, SIEVE_RULES)
    return _to_quotes(doc, doc_id, all_cands, sent_of, _Resolver(doc, mentions, entities, roles))


def _carried_speaker(cand: _Candidate, found_as: dict[int, Optional[Span]]) -> Optional[Span]:
    """A carried speaker as its source's phrase became: "Kristina Schröder [(CDU)]" for the quote nested in hers too."""
    source, seen = cand.carried_from, 0
    while source is not None and seen < len(found_as):
        if cand.speaker is None or found_as.get(id(source)) != cand.speaker:
            return cand.speaker
        if source.carried_from is None:
            return source.speaker
        source, seen = source.carried_from, seen + 1
    return cand.speaker


def _overlaps(ends: PrefixBest, cand: _Candidate) -> bool:
    """Whether a candidate stored in `ends` overlaps `cand` (one that starts before cand ends, ends after it starts)."""
    if cand.end <= 0:
        return False
    furthest = ends.best(cand.end - 1)
    return furthest is not None and furthest > cand.start


def _keep_direct(doc: Doc, direct: list[_Candidate], cands: list[_Candidate], sent_of: list[int]) -> list[_Candidate]:
    """Direct quotes that are speech: attributed, or speech-like and next to an attributed quote.

    The candidate holding a quote and the attributed quote before it are looked up in log time
    (a scan of all candidates per quote was quadratic).
    """
    kept: list[_Candidate] = []
    containers = first_containers([(c.start, c.end) for c in direct], [(c.start, c.end) for c in cands], len(doc))
    prior_cands = _Latest(cands)
    prior_kept = PrefixBest(len(doc))  # kept quotes with a speaker, by end: key (end, -order)

    def keep(cand: _Candidate) -> None:
        if cand.speaker is not None and 0 <= cand.end <= len(doc):
            prior_kept.add(cand.end, (cand.end, -len(kept)))
        kept.append(cand)

    for cand, container in zip(direct, containers):
        inside = cands[container] if container is not None else None
        if inside is not None and _is_name(doc, cand):
            continue  # „Al-Qaida“ inside reported words is a name, not a partial quotation
        if inside is not None:
            cand.nested_in = inside
            cand.speaker, cand.carried_from = inside.speaker, inside
            cand.rule = "direct_nested"
            keep(cand)
            continue
        if cand.speaker is None and _looks_like_title(doc, cand):
            continue
        if cand.speaker is None:
            # the attributed quote ending last before this one; on a tie the first of kept + cands
            best_kept = prior_kept.best(cand.start)
            last_kept = kept[-best_kept[1]] if best_kept is not None else None
            last_cand = prior_cands.best(cand.start)
            last = last_kept if last_cand is None or last_kept is not None and last_kept.end >= last_cand.end else last_cand
            if last is not None and sent_of[cand.start] - sent_of[last.end - 1] <= 1:
                cand.speaker, cand.carried_from = last.speaker, last
                cand.rule = "direct_carried"
            else:
                cand.rule = "direct_unattributed"
        keep(cand)
    return kept


class _Latest:
    """Of fixed candidates with a speaker: the one ending last at or before a position (the first in the list on a tie)."""

    def __init__(self, cands: list[_Candidate]) -> None:
        ranked = sorted((c.end, order) for order, c in enumerate(cands) if c.speaker is not None)
        self._ends = [end for end, _ in ranked]
        self._cands = [cands[order] for _, order in ranked]

    def best(self, position: int) -> Optional[_Candidate]:
        """The candidate with the largest end <= position, the earliest listed among equals."""
        last = bisect_right(self._ends, position) - 1
        if last < 0:
            return None
        return self._cands[bisect_left(self._ends, self._ends[last])]


def _nested_direct(doc: Doc, direct: list[_Candidate], outer: list[_Candidate], partial: bool = False) -> list[_Candidate]:
    """Quoted phrases inside an attributed quote: partial quotations of the same speaker.

    `partial`: also top-level marks that were set aside as titles (free indirect runs are only
    known after the direct quotes were sorted out).
    """
    found = []
    waiting = [c for c in direct if not (c.nested_in is not None or c.rule != "direct_nested" and not partial)]
    first = first_containers([(c.start, c.end) for c in waiting], [(c.start, c.end) for c in outer], len(doc))
    for cand, index in zip(waiting, first):
        if cand.nested_in is not None or cand.rule != "direct_nested" and not partial:
            continue
        container = outer[index] if index is not None else None
        if container is cand:  # never so far; the scan skipped a quote as its own container
            container = next((c for c in outer if c.start <= cand.start and cand.end <= c.end and c is not cand), None)
        if container is None or container.qtype == DIRECT or _is_name(doc, cand):
            continue  # a quote inside a direct quote is someone else's words: unattributed
        cand.nested_in, cand.speaker, cand.carried_from = container, container.speaker, container
        cand.rule, cand.cue, cand.cue_lemma = "direct_nested", [], ""
        found.append(cand)
    return found


def _to_quotes(doc: Doc, doc_id: str, cands: list[_Candidate], sent_of: list[int], resolver: _Resolver) -> list[Quote]:
    cands = sorted(cands, key=lambda c: (c.start, -c.end))
    quotes: list[Quote] = []
    for cand in cands:
        if cand.end <= cand.start:
            continue
        start_char = doc[cand.start].idx
        end_char = doc[cand.end - 1].idx + len(doc[cand.end - 1].text)
        quote = Quote(
            doc_id=doc_id,
            quote_id=f"{doc_id}:q{len(quotes) + 1}",
            sentence_index=sent_of[cand.start],
            quote_type=cand.qtype,
            quote_text=doc[cand.start:cand.end].text,
            quote_start=start_char,
            quote_end=end_char,
            cue_text=" ".join(t.text for t in cand.cue),
            cue_lemma=cand.cue_lemma,
            addressee_text=cand.addressee.text if cand.addressee is not None else "",
            rule=cand.rule,
            speaker_sieve=cand.sieve,
        )
        if cand.gap is not None:
            gap_start, gap_end = cand.gap
            if cand.speaker is not None and cand.speaker.start < gap_end and cand.speaker.end > gap_start:
                # the speaker may have grown after the frame was cut ("nach Angaben von Ken Rice [vom Institut …]")
                gap_start, gap_end = min(gap_start, cand.speaker.start), min(max(gap_end, cand.speaker.end), cand.end - 1)
            quote.gap_start = doc[gap_start].idx
            quote.gap_end = doc[gap_end - 1].idx + len(doc[gap_end - 1].text)
        if cand.speaker is not None:
            quote.speaker_text = cand.speaker.text
            quote.speaker_start, quote.speaker_end = cand.speaker.start_char, cand.speaker.end_char
            entity_id, canonical, label, resolution = _resolved(cand, resolver)
            quote.speaker_entity_id, quote.speaker_canonical = entity_id, canonical
            quote.speaker_label, quote.speaker_resolution = label, resolution
        quote.confidence = confidence(cand.rule, speaker_features(doc, quote))
        quotes.append(quote)
    return quotes


def _resolved(cand: _Candidate, resolver: _Resolver) -> tuple[str, str, str, str]:
    """Entity of a candidate's speaker; inherited speakers take their source quote's entity."""
    if cand.resolved is not None:
        return cand.resolved
    source = cand.carried_from
    if source is not None and source.speaker is not None:
        entity_id, canonical, label, resolution = _resolved(source, resolver)
        if cand.qtype == FREE_INDIRECT or cand.rule in _CARRYING_RULES or cand.sieve:
            resolution = "carried_over" if entity_id or label else "none"
        cand.resolved = (entity_id, canonical, label, resolution)
    else:
        cand.resolved = resolver.resolve(cand.speaker) if cand.speaker is not None else ("", "", "", "none")
    return cand.resolved
