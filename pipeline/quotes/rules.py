"""Quote rules: each finds candidates of one construction (see registry.py for their order)."""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Doc, Span, Token

from ..docfacts import doc_text, tokens_of
from ..konjunktiv import is_konjunktiv_i
from ..syntax import is_subjunctive
from .candidate import _Candidate
from .constants import (
    _ADDRESSEE_PREPOSITIONS,
    _AGENT_PREPOSITIONS,
    _ANAPHORS,
    _ARTICLES,
    _AS_OPENERS,
    _COMPLEMENTIZERS,
    _CONJUNCTIONS_THAT,
    _CONTENT_PREPOSITIONS,
    _COORDINATORS,
    _DEPENDENT_OPENERS,
    _EXPLETIVES,
    _FRAME_CUES,
    _FRAME_NOUN_PREPOSITIONS,
    _FRAME_NOUNS,
    _FRAME_POSTPOSITIONS,
    _FRAME_PREPOSITIONS,
    _GENITIVE_LINKS,
    _HEISST_ES_FORMS,
    _INTENTION_MODALS,
    _KONJUNKTIV2_FORMS,
    _LEGAL_ACTS,
    _LONG_FRAME_NOUNS,
    _NOMINATIVE_PRONOUNS,
    _NON_NOMINATIVE_ARTICLES,
    _NON_SOURCE_STARTS,
    _NON_SPEAKERS,
    _PARENTHESIS_ENDS,
    _PASSIVE_AGENT_PREPOSITIONS,
    _PASSIVE_REPORTS,
    _PAST_INTENTION_FORMS,
    _PERFECT_AUXILIARIES,
    _PRONOUNS_FEMALE_OR_PLURAL,
    _PRONOUNS_MALE,
    _REFLEXIVES,
    _REPORT_CONNECTIVES,
    _REPORT_RELATIVES,
    _RESUME_GAP,
    _SENT_FINAL,
    _SOURCE_PREPOSITIONS,
    _SPEAKER_FRAME_ADVERBS,
    _SPEAKERLESS_RUN_STARTS,
    _STANCE_ACTS,
    _THIRD_PERSON_PRONOUNS,
    _THIRD_PERSON_REFLEXIVES,
    _TITLE_NOUNS,
    DIRECT,
    FREE_INDIRECT,
    INDIRECT,
    REPORTED,
)
from .grammar import (
    _addressee,
    _content_verbs,
    _is_finite,
    _is_passive,
    _is_role,
    _is_speech_verb,
    _is_verb,
    _is_zu_infinitive,
    _lemma,
    _lexicon_lemma,
    _main_finite,
    _mood_tokens,
    _named,
    _np_after,
    _np_before,
    _plausible_speaker,
    _sent,
    _source_labels,
    _speaker_from_subject,
    _subject,
    _trim,
    _verb_chain,
    attribute_end,
    is_reported_mood,
    is_reported_sentence,
    name_after_noun_end,
    source_of,
)
from .index import Claims, TokenSpans, annotated, index_of
from .institutions import institution_noun
from .marks import find_quote_marks

# ---------------------------------------------------------------------------------------------
# Windows and sizes

# Quoted words of at most this many words are a title or scare quote, not speech.
TITLE_MAX_WORDS = 3
# Without a tagger, quoted words of at least this many words count as having a verb.
UNTAGGED_VERB_MIN_WORDS = 6
# Quoted runs of capitalised words up to this length can be a name or title ("New York Times").
NAME_MAX_WORDS = 5
# Tokens after a closing quote mark searched for the cue of "„…“, sagte X" / "„…“, so X".
DIRECT_LEAD_WINDOW = 3
# Tokens before "zufolge" in which its source phrase may start ("Dem Bericht der Polizei zufolge").
POSTPOSITION_SOURCE_WINDOW = 8
# Articles and adjectives allowed between "nach" and its frame noun ("nach ersten offiziellen Angaben").
FRAME_NOUN_MODIFIER_WINDOW = 3
# Tokens before a postposed "nach" in which its source phrase may start ("ihrer Meinung nach").
POSTPOSED_NACH_SOURCE_WINDOW = 6
# Reported content is at least a two-token clause.
MIN_CLAUSE_TOKENS = 2
# A candidate with at least this share of its tokens inside quote marks belongs to the direct rules.
MOSTLY_QUOTED_SHARE = 0.6
# The previous sentence that "Dies teilte X mit" takes up has at least this many tokens.
MIN_ANAPHORIC_CONTENT_TOKENS = 4
# Content before a dash that "– das habe X gesagt" takes up has at least this many tokens.
MIN_DASH_CONTENT_TOKENS = 3
# Content of a verbless frame (", so X", "wonach", "heißt es") has at least this many tokens.
MIN_FRAME_CONTENT_TOKENS = 3
# Words after a "so X" source that still belong to the frame ("so X weiter", "so X von der Zeitung Y").
SOURCE_TAIL_WINDOW = 6
# Tokens between "heißt es" and the preposition that names its source ("heißt es in der Erklärung").
HEISST_ES_SOURCE_WINDOW = 8
# A passive reported sentence ("Die Zahl wurde mit 214 angegeben") has at least this many tokens.
MIN_REPORTED_PASSIVE_TOKENS = 4

# ---------------------------------------------------------------------------------------------
# Rules


def _direct_candidates(doc: Doc) -> list[_Candidate]:
    """One candidate per quoted passage (nested ones too); attribution comes later."""
    found = []
    for start_char, end_char, depth in find_quote_marks(doc_text(doc)):
        span = doc.char_span(start_char, end_char, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        found.append(_Candidate(span.start, span.end, DIRECT, "direct_marks" if depth == 0 else "direct_nested"))
    return found


def _looks_like_title(doc: Doc, cand: _Candidate) -> bool:
    """Names, titles and scare quotes: short, no verb, or right after a title noun."""
    index = index_of(doc)  # counts, not scans: nested quotes can be thousands deep
    words = index.count("word", _is_word, cand.start, cand.end)
    if cand.start > 0:
        previous = doc[cand.start - 1]
        if previous.text in _TITLE_NOUNS or previous.lemma_ in _TITLE_NOUNS:
            return True
    if words <= TITLE_MAX_WORDS:
        return True
    if annotated(doc, "TAG"):
        has_verb = index.count("verb_word", _is_verb_word, cand.start, cand.end) > 0
    else:
        has_verb = words >= UNTAGGED_VERB_MIN_WORDS
    has_stop = index.count("stop", _is_stop, cand.start, cand.end) > 0
    return not has_verb and not has_stop


def _is_name(doc: Doc, cand: _Candidate) -> bool:
    """A short quoted run of capitalised words without sentence punctuation: a name or title."""
    index = index_of(doc)
    words = index.count("word", _is_word, cand.start, cand.end)
    if not words or words > NAME_MAX_WORDS:
        return False
    if index.count("stop", _is_stop, cand.start, cand.end):
        return False
    return not index.count("lowercase_word", _is_lowercase_word, cand.start, cand.end)


def _is_word(token: Token) -> bool:
    return not token.is_punct and not token.is_space


def _is_verb_word(token: Token) -> bool:
    return _is_word(token) and _is_verb(token)


def _is_stop(token: Token) -> bool:
    """A sentence end or a comma: quoted words with one are more than a name."""
    return token.text in _SENT_FINAL or token.text == ","


def _is_lowercase_word(token: Token) -> bool:
    return _is_word(token) and not (token.text[:1].isupper() or not token.text[:1].isalpha())


def _unquoted_tokens(doc: Doc, quoted: TokenSpans, start: int, end: int, limit: int) -> list[Token]:
    """The first `limit` tokens of [start, end) outside quoted passages."""
    index, i = index_of(doc), start
    found: list[Token] = []
    while len(found) < limit:
        i = index.next_at("unquoted", lambda t: not quoted.covers(t.i), i)
        if i >= end:
            break
        found.append(doc[i])
        i += 1
    return found


def _last_speech_verb(doc: Doc, quoted: TokenSpans, start: int, end: int) -> Optional[Token]:
    """The last speech verb outside quoted passages in [start, end)."""
    i = index_of(doc).previous_before("unquoted_speech_verb", lambda t: not quoted.covers(t.i) and _is_speech_verb(t), end)
    return doc[i] if i >= start else None


def _first_speech_verb(doc: Doc, quoted: TokenSpans, start: int, end: int) -> Optional[Token]:
    """The first speech verb outside quoted passages in [start, end)."""
    i = index_of(doc).next_at("unquoted_speech_verb", lambda t: not quoted.covers(t.i) and _is_speech_verb(t), start)
    return doc[i] if i < end else None


def _unquoted_frame_cues(doc: Doc, quoted: TokenSpans, start: int, end: int) -> list[Token]:
    """Trigger words of verbless frames outside quoted passages in [start, end), in text order."""
    def frame_cue(token: Token) -> bool:
        return not quoted.covers(token.i) and token.lower_ in _FRAME_CUES

    index = index_of(doc)
    found: list[Token] = []
    i = index.next_at("unquoted_frame_cue", frame_cue, start)
    while i < end:
        found.append(doc[i])
        i = index.next_at("unquoted_frame_cue", frame_cue, i + 1)
    return found


def _attribute_direct(doc: Doc, cand: _Candidate, sent_of: list[int], sents: list[Span], quoted: TokenSpans) -> None:
    """Find the cue and speaker of a direct quote in the text around it.

    The words around the quote are its sentences outside quoted passages; they are looked up in
    per-document tables, not listed, so that a sentence with thousands of quotes stays linear.
    """
    first_sent, last_sent = sents[sent_of[cand.start]], sents[sent_of[cand.end - 1]]
    previous = _previous_word(doc, cand.start)
    if _is_name(doc, cand) and (previous is None or previous.text != ":"):
        return  # „Guardia Civil“, „New York Times“: a name, whatever verb follows
    # "„…“, sagte X." / "„…“, so X." right after the closing mark
    lead = [t for t in _unquoted_tokens(doc, quoted, cand.end, last_sent.end, DIRECT_LEAD_WINDOW) if not t.is_punct]
    if lead:
        token = lead[0]
        if token.lower_ in _SPEAKER_FRAME_ADVERBS and token.i + 1 < len(doc):
            speaker = _np_after(doc, token.i + 1, last_sent.end)
            if speaker is not None:
                cand.cue, cand.cue_lemma, cand.speaker, cand.rule = [token], token.lower_, speaker, "direct_so"
                return
        verb = token if _is_speech_verb(token) else None
        if verb is not None:
            _set_verb(cand, verb, "direct_cue_after", inverted=True)
            return
    # "X sieht die Verantwortung beim Staat: „…“": the colon hands the floor to the clause's subject
    colon = _previous_word(doc, cand.start)
    if colon is not None and colon.text == ":" and not quoted.covers(colon.i):
        clause = doc[_sent(colon).start:colon.i]
        cue = _last_speech_verb(doc, quoted, clause.start, clause.end)
        if cue is not None:
            _set_verb(cand, cue, "direct_cue_before")
            return
        root = clause.root if annotated(doc, "DEP") and len(clause) else None
        if root is not None and root.pos_ in {"VERB", "AUX"}:
            _set_verb(cand, root, "direct_colon")
            if cand.speaker is not None:
                return
            cand.cue, cand.cue_lemma, cand.rule = [], "", "direct_marks"
        elif _colon_name(doc, cand, colon):
            return
    # "X sagte: „…“" / "X sagte, „…“"
    cue = _last_speech_verb(doc, quoted, first_sent.start, cand.start)
    if cue is not None:
        _set_verb(cand, cue, "direct_cue_before")
        return
    cue = _first_speech_verb(doc, quoted, cand.end, last_sent.end)
    if cue is not None:
        _set_verb(cand, cue, "direct_cue_after")
        return
    # only frame trigger words can start a frame: the others need not be looked at
    cues = _unquoted_frame_cues(doc, quoted, first_sent.start, cand.start) + _unquoted_frame_cues(doc, quoted, cand.end, last_sent.end)
    frame = _frame_in(doc, cues, last_sent.end)
    if frame is not None:
        cand.cue, cand.cue_lemma, cand.speaker = frame[0], frame[1], frame[2]
        cand.rule = "direct_frame"
        return
    index = sent_of[cand.start]
    words_before = index_of(doc).count("unquoted_word", lambda t: not quoted.covers(t.i) and _is_word(t), first_sent.start, cand.start)
    if index > 0 and not words_before:
        previous_sent = sents[index - 1]
        # "X äußerte sich zufrieden. „…“": a quote opening its sentence goes to the previous subject
        root = previous_sent.root if annotated(doc, "DEP") else None
        if root is not None and root.pos_ in {"VERB", "AUX"} and not quoted.count(previous_sent.start, previous_sent.end):
            subject = _subject(root)
            if subject is not None and (
                subject.ent_type_ == "PER" or _is_role(subject) or subject.lower_ in _PRONOUNS_MALE | _PRONOUNS_FEMALE_OR_PLURAL
            ):
                _set_verb(cand, root, "direct_previous_subject")


def _colon_name(doc: Doc, cand: _Candidate, colon: Token) -> bool:
    """"BKA-Präsident Ziercke: „…“": a verbless phrase naming a person or organisation hands over the floor.

    The phrase runs from the sentence start (or the last stop or closing mark) to the colon, has no
    verb, and its leading noun phrase holds a name or a role noun; that phrase is the speaker, cut
    before a prepositional phrase after the name ("Nina Hagen [zur neuen Heimat]:").
    """
    index = index_of(doc)
    start = max(_sent(colon).start, index.previous_before("colon_name_stop", _ends_colon_phrase, colon.i) + 1)
    start, end = _trim(doc, start, colon.i)
    if end <= start or index.count("verb", _is_verb, start, end) or _looks_like_title(doc, cand):
        return False
    speaker = _np_after(doc, start, end)
    if speaker is None or not _plausible_speaker(speaker):
        return False
    if not any(t.ent_type_ in {"PER", "ORG"} or _is_role(t) for t in speaker):
        return False
    named = next((t.i for t in speaker if t.ent_type_ == "PER"), None)
    cut = next((t.i for t in speaker if named is not None and t.i > named and t.pos_ == "ADP"
                and t.ent_iob_ != "I" and t.lower_ not in _AGENT_PREPOSITIONS), None)
    if cut is not None:
        speaker = doc[speaker.start:_trim(doc, speaker.start, cut)[1]]
    cand.speaker, cand.cue, cand.cue_lemma, cand.rule = speaker, [colon], ":", "direct_colon_name"
    return True


def _ends_colon_phrase(token: Token) -> bool:
    """A stop or closing mark before which a colon's speaker phrase cannot reach."""
    return token.text in _SENT_FINAL or token.text in {";", "“", "”", "«", "»"}


def _previous_word(doc: Doc, i: int) -> Optional[Token]:
    """The nearest token before i that is not whitespace."""
    j = i - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    return doc[j] if j >= 0 else None


def _set_verb(cand: _Candidate, verb: Token, rule: str, inverted: bool = False) -> None:
    """Cue, speaker and addressee from a speech verb; `inverted`: the subject follows the verb."""
    cand.cue = _verb_chain(verb)
    cand.cue_lemma = _lemma(verb)
    subject = _cue_subject(cand, verb)
    if inverted and subject is not None and subject.i < cand.cue[0].i:
        subject = None  # the parse took a word of the quote as subject
    cand.speaker = _speaker_from_subject(subject, cand.cue) if subject is not None else None
    if cand.speaker is None and inverted and len(cand.cue) > 1:
        # "das habe Putin gesagt": the subject sits between auxiliary and participle
        cand.speaker = _np_after(verb.doc, cand.cue[0].i + 1, cand.cue[-1].i)
    if cand.speaker is None and inverted:
        cand.speaker = _np_after(verb.doc, cand.cue[-1].i + 1, _sent(verb).end)
    if cand.speaker is None and subject is None and cand.qtype == DIRECT and _is_finite(cand.cue[0]) and not _is_passive(verb):
        # "Im Streit entgegnete Suttner empört: „…“" with no subject in the parse: by word order
        cand.speaker = _subject_by_position(verb.doc, _clause_start(verb.doc, _sent(verb), cand.cue[0].i), cand.cue)
    if cand.speaker is not None and not _plausible_speaker(cand.speaker):
        cand.speaker = None
    cand.addressee = _addressee(verb)
    cand.rule = rule


def _cue_subject(cand: _Candidate, verb: Token) -> Optional[Token]:
    """The speech verb's subject, unless the parse took it from the reported words themselves."""
    subject = _subject(verb)
    inside = subject is not None and cand.qtype in {DIRECT, INDIRECT} and cand.start <= subject.i < cand.end
    return None if inside else subject  # a reported act's words hold their speaker: "X bekräftigte …"


def _frame_in(doc: Doc, tokens: list[Token], limit: int) -> Optional[tuple[list[Token], str, Span]]:
    """A verbless frame ("laut X", "X zufolge", "nach Angaben X") among the tokens."""
    for token in tokens:
        lower = token.lower_
        if lower in _FRAME_PREPOSITIONS and token.i + 1 < limit and token.tag_ not in {"ADJD", "ADJA"}:
            speaker = _np_after(doc, token.i + 1, limit)
            if speaker is not None:
                return [token], lower, _source_only(_with_name(speaker, limit))
        if lower in _FRAME_POSTPOSITIONS:
            speaker = _np_before(doc, token.i, max(_sent(token).start, token.i - POSTPOSITION_SOURCE_WINDOW))
            if speaker is not None:
                return [token], lower, speaker
        if lower in _FRAME_NOUN_PREPOSITIONS and token.i + 1 < limit:
            j = token.i + 1
            while (j < limit and doc[j].text[:1].islower() and doc[j].pos_ in {"ADJ", "DET", "PRON", ""}
                   and j - token.i <= FRAME_NOUN_MODIFIER_WINDOW):
                j += 1  # "nach ersten", "nach deren"
            if j + 1 < limit and _prenominal_genitive(doc[j]) and _is_frame_noun(doc[j + 1]):
                j += 1  # "nach Grupps Meinung"
            if j < limit and _is_frame_noun(doc[j]):
                speaker = _np_after(doc, token.i + 1, limit)
                if speaker is not None and speaker[-1].i == j:  # the parse hung the noun's attribute on the verb
                    speaker = doc[speaker.start:attribute_end(doc, speaker.end, limit)]
                if speaker is not None:
                    return [token], lower, _source_only(_with_name(speaker, limit))
            # postposition: "ihrer Meinung nach", "dem Vernehmen nach"
            sent_start = _sent(token).start
            if token.i > sent_start and _is_frame_noun(doc[token.i - 1]) and not _starts_np(doc, token.i + 1, limit):
                speaker = _np_before(doc, token.i, max(sent_start, token.i - POSTPOSED_NACH_SOURCE_WINDOW))
                if speaker is not None:
                    return [token], lower, speaker
    return None


def _with_name(phrase: Span, limit: int) -> Span:
    """A source with the name the parse hung on the verb: "nach Angaben des Magazins [„Der Spiegel“]"."""
    return phrase.doc[phrase.start:name_after_noun_end(phrase.doc, phrase.end, limit)]


def _source_only(phrase: Span) -> Span:
    """A frame's source without the content the parse hung on it: "laut Augenzeugen [mit Sicherheit]".

    After the source noun come its attributes; an adverb, a number, a second bare noun, the
    addressee ("gegenüber") or a content preposition ("zu", "mit") starts the reported content.
    """
    doc = phrase.doc
    head = next((t for t in phrase if t.pos_ in {"NOUN", "PROPN"}), None)
    if head is None:
        return phrase
    end = phrase.end
    for token in doc[head.i + 1:phrase.end]:
        previous = doc[token.i - 1]
        linked = previous.lower_ in _GENITIVE_LINKS or previous.pos_ in {"DET", "ADJ"}
        if token.pos_ in {"ADV", "NUM"} and not token.ent_type_ and not token.is_space:
            end = token.i
        elif token.pos_ == "ADP" and token.lower_ in _ADDRESSEE_PREPOSITIONS:
            end = token.i
        elif token.pos_ == "ADP" and token.lower_ in _CONTENT_PREPOSITIONS and not token.ent_type_:
            end = token.i  # "nach Angaben der Polizei [zu kleineren Rangeleien]"
        elif token.pos_ == "NOUN" and previous.pos_ == "NOUN" and not linked and not token.ent_type_:
            end = token.i
        elif _is_finite(token) and not token.ent_type_:
            end = token.i  # "nach Angaben der Verteidigung [habe] …": the parse hung the clause on the source
        elif token.pos_ == "DET" and previous.pos_ in {"NOUN", "PROPN"} and _opens_subject(token):
            end = token.i  # "laut Angaben des ZDF [die Jahre …]": a new phrase in the nominative
        if end == token.i:
            break
    start, end = _trim(doc, phrase.start, end)
    return doc[start:end] if end > start else phrase


def _opens_subject(article: Token) -> bool:
    """An article in the nominative or accusative only: it opens a new phrase, no genitive attribute."""
    cases = set(article.morph.get("Case", []))
    return bool(cases) and not cases & {"Gen", "Dat"}


def _prenominal_genitive(token: Token) -> bool:
    """A name in the genitive before its noun ("Grupps", "Merkels"): capitalised, ending in -s."""
    return token.text[:1].isupper() and token.text.endswith("s") and token.pos_ in {"PROPN", "NOUN"} and len(token.text) > 3


def _is_frame_noun(token: Token) -> bool:
    """A source noun of a "nach" frame, also inside compounds ("Polizeiangaben", "UNHCR-Angaben")."""
    nouns = _FRAME_NOUNS
    text = token.text
    if text in nouns:
        return True
    if "-" in text and text.rsplit("-", 1)[-1].capitalize() in nouns:
        return True
    return text[:1].isupper() and any(text.endswith(noun.lower()) for noun in _LONG_FRAME_NOUNS)


def _clause_ok(doc: Doc, start: int, end: int, loose_zu: bool = False) -> bool:
    """Whether tokens [start, end) can be reported content: a clause, not a noun phrase.

    `loose_zu`: a zu-infinitive the tagger called a plain infinitive ("zurückzutreten") makes a clause too.
    """
    if end - start < MIN_CLAUSE_TOKENS:
        return False
    if loose_zu and any(_is_zu_infinitive(t) for t in doc[start:end]):
        return True
    first = doc[start]
    if first.lower_ in _CONJUNCTIONS_THAT:
        return True
    if first.tag_ in {"PRELS", "PRELAT"}:
        return False
    return bool(index_of(doc).count("finite_or_zu", _finite_or_zu, start, end)) or not annotated(doc, "TAG")


def _finite_or_zu(token: Token) -> bool:
    return _is_finite(token) or token.tag_ in {"PTKZU", "VVIZU"}


def _verb_candidates(doc: Doc, sent: Span, quoted: TokenSpans, previous: Optional[Span] = None) -> list[_Candidate]:
    """Indirect speech around a speech verb (active, passive, or pointing back with "Dies")."""
    if not annotated(doc, "TAG") and not annotated(doc, "POS"):
        return []
    found: list[_Candidate] = []
    claimed = Claims(sent.start, sent.end)
    for verb in tokens_of(doc, sent.start, sent.end):
        if not _is_verb(verb) or quoted.covers(verb.i):
            continue
        if claimed.covers(verb.i):
            dash = _dash_anaphoric(doc, sent, verb, found)
            if dash is not None:
                found.append(dash)
            continue
        both: list[Optional[_Candidate]] = []
        if not _is_speech_verb(verb):
            both = [_indirect_passive(doc, sent, verb)]
        else:
            # "Sie sei geschockt, sagte X und fügte hinzu, …": reported words on both sides of one cue
            after = _indirect_after_comma(doc, sent, verb)
            before = _indirect_before_comma(doc, sent, verb)
            if after is not None and before is not None and not _has_konjunktiv(doc, before.start, before.end):
                before = None  # "Das Ministerium hat … zurückgewiesen, wonach …": no reported words before the cue
            both = [before, after]
            if not any(both) and previous is not None:
                both = [_indirect_anaphoric(doc, sent, verb, previous)]
        for cand in both:
            if cand is None:
                continue
            if quoted.covers(cand.start) and _mostly_quoted(cand, quoted):
                continue  # the content is a direct quote: that rule attributes it
            found.append(cand)
            claimed.add(min(cand.start, verb.i), max(cand.end, verb.i + 1))
    return found


def _has_konjunktiv(doc: Doc, start: int, end: int, quoted: Optional[TokenSpans] = None) -> bool:
    """Whether tokens [start, end), outside the `quoted` marks when given, hold a finite Konjunktiv I verb."""
    parsed = annotated(doc, "DEP")
    return any(is_konjunktiv_i(t, parsed) for t in tokens_of(doc, start, end) if quoted is None or not quoted.covers(t.i))


def _indirect_anaphoric(doc: Doc, sent: Span, verb: Token, previous: Span) -> Optional[_Candidate]:
    """"Dies teilte X mit.": the previous sentence is the content, the subject its speaker."""
    first = _trim(doc, sent.start, sent.end)[0]
    if doc[first].lower_ not in _ANAPHORS or not _is_finite(verb) or verb.i != first + 1:
        return None
    if _lexicon_lemma(verb, "anaphoric_verbs") is None:
        return None
    start, end = _trim(doc, previous.start, previous.end)
    if end - start < MIN_ANAPHORIC_CONTENT_TOKENS or not any(_is_finite(t) for t in doc[start:end]):
        return None
    cand = _Candidate(start, end, INDIRECT, "indirect_anaphoric")
    _set_verb(cand, verb, "indirect_anaphoric", inverted=True)
    return cand


def _dash_anaphoric(doc: Doc, sent: Span, verb: Token, found: list[_Candidate]) -> Optional[_Candidate]:
    """"…, könne er kommen – das habe Putin mehrfach gesagt": a second speaker for the words before the dash."""
    if not found or not _is_speech_verb(verb):
        return None
    chain = _verb_chain(verb)
    j = chain[0].i - 1
    if j < sent.start + 2 or doc[j].lower_ not in _ANAPHORS or doc[j - 1].text not in {"-", "–", "—"}:
        return None
    outer = found[-1]
    start, end = _trim(doc, outer.start, j - 1)
    if end - start < MIN_DASH_CONTENT_TOKENS:
        return None
    cand = _Candidate(start, end, INDIRECT, "indirect_anaphoric")
    _set_verb(cand, verb, "indirect_anaphoric", inverted=True)
    return cand if cand.speaker is not None else None


def _indirect_passive(doc: Doc, sent: Span, verb: Token) -> Optional[_Candidate]:
    """"Ihm wird vorgeworfen, ... zu haben": passive speech verb with a content clause, no speaker."""
    if verb.tag_ != "VVPP" or not _is_passive(verb) or _lexicon_lemma(verb, "speech_verbs") is None:
        return None
    cand = _indirect_after_comma(doc, sent, verb)
    if cand is None:
        return None
    cand.speaker, cand.rule = _passive_agent(doc, sent, verb, cand.start), "indirect_passive"
    return cand


def _passive_agent(doc: Doc, sent: Span, verb: Token, content_start: int) -> Optional[Span]:
    """Who a passive speech act names as its agent: "wurde von der Opposition als unangemessen kritisiert".

    Only a person, an organisation, a role or an institution: "Von einer hohen Brandgefahr wird
    berichtet" reports a topic, not a speaker.
    """
    limit = content_start if content_start > verb.i else sent.end
    for token in doc[sent.start:limit]:
        if not (token.pos_ == "ADP" or token.tag_ in {"APPR", "APPRART"}):
            continue
        if token.lower_ in _SOURCE_PREPOSITIONS and token.lower_ not in _PASSIVE_AGENT_PREPOSITIONS:
            document = _np_after(doc, token.i + 1, limit)  # "In einem Bericht der BBC wurde vermutet, …"
            if document is not None and any(_is_frame_noun(t) or source_of(t.text) for t in document[:FRAME_NOUN_MODIFIER_WINDOW + 1]):
                return document
            continue
        if token.lower_ not in _PASSIVE_AGENT_PREPOSITIONS:
            continue
        phrase = _np_after(doc, token.i + 1, limit)
        if phrase is None or not _plausible_speaker(phrase) or any(t.i == verb.i for t in phrase):
            continue
        phrase = _source_only(phrase)  # "von den Behörden [Spionage] vorgeworfen"
        if any(t.text == "," for t in phrase):
            continue
        if any(t.ent_type_ in {"PER", "ORG"} or _is_role(t) or institution_noun(t.text) for t in phrase if t.pos_ in {"NOUN", "PROPN"}):
            return phrase
    return None


def _mostly_quoted(cand: _Candidate, quoted: TokenSpans) -> bool:
    """Whether the content is a direct quote, not reported words around a quoted phrase.

    "sei es „völlig untragbar, …“": a Konjunktiv verb outside the marks makes the whole clause
    reported speech and the marks a partial quotation inside it.
    """
    if quoted.count(cand.start, cand.end) < MOSTLY_QUOTED_SHARE * (cand.end - cand.start):
        return False
    return not cand.cue or not _has_konjunktiv(cand.cue[0].doc, cand.start, cand.end, quoted)


def _indirect_after_comma(doc: Doc, sent: Span, verb: Token, loose_zu: bool = False) -> Optional[_Candidate]:
    """"X sagte(, dass) ..." and "Wie X mitteilte, ...": the content follows the cue (`loose_zu`: see `_clause_ok`)."""
    chain = _verb_chain(verb)
    last = chain[-1].i
    index = index_of(doc)
    j = index.next_at("content_opener", _opens_content, last + 1)  # the scan would stop here
    if j >= sent.end:
        return None
    if doc[j].lower_ in _COMPLEMENTIZERS:
        content_start = j
    elif doc[j].text in {",", ":"}:
        content_start = j + 1
    else:
        return None
    start, end = _trim(doc, content_start, sent.end)
    if not _clause_ok(doc, start, end, loose_zu):
        return None
    if end > start and _is_finite(doc[start]) and _is_speech_verb(doc[start]):
        return None  # "…, sagte Uschakow": the next cue, inverted after the words it reports
    end = _report_end(doc, start, end)
    # the cue must head its own clause: no other full finite verb between clause start and cue
    # (the chain's tokens all come at or after chain[0])
    clause_start = _clause_start(doc, sent, chain[0].i)
    if index.count("full_finite", _is_full_finite, clause_start, chain[0].i):
        return None
    cand = _Candidate(start, end, INDIRECT, "indirect_cue_first")
    _set_verb(cand, verb, "indirect_cue_first")
    if cand.speaker is None and _cue_subject(cand, verb) is None and not _is_passive(verb):
        clause_start = _before_apposition(doc, sent, clause_start)
        cand.speaker = _subject_by_position(doc, clause_start, chain)
        if cand.speaker is not None and not _plausible_speaker(cand.speaker):
            cand.speaker = None
    if clause_start < chain[0].i and doc[clause_start].lower_ in _AS_OPENERS:
        cand.cue = [doc[clause_start], *cand.cue]
        cand.rule = "indirect_wie"
    return cand


def _report_end(doc: Doc, start: int, end: int) -> int:
    """Where verb-second reported words end: before the speaker's next indicative clause.

    "Saddam Hussein hatte erklärt, er sei unschuldig, [erkannte das Gericht nicht an]": after a
    comma or a coordinating conjunction, an indicative finite verb goes on with the speaker's own
    acts. A dass- or ob-clause ends with its verb, so its coordinations stay inside.
    """
    if doc[start].lower_ in _CONJUNCTIONS_THAT:
        return end
    for token in doc[start + 1:end]:
        if not (_is_finite(token) and "Ind" in token.morph.get("Mood", []) and not is_reported_mood(token, in_run=False)):
            continue
        previous = doc[token.i - 1]
        # "der Ehemann „konnte und wollte …“": quoted words go on
        if (previous.text == "," or previous.lower_ in _COORDINATORS) and not _inside_quotation(doc, start, token.i):
            trimmed = _trim(doc, start, previous.i)
            return trimmed[1] if trimmed[1] > start else end
    return end


def _inside_quotation(doc: Doc, start: int, i: int) -> bool:
    """Whether token i stands inside quote marks opened after `start`."""
    text = doc[start:i].text
    return text.count("„") > text.count("“") or text.count("»") > text.count("«") or text.count('"') % 2 == 1


def _opens_content(token: Token) -> bool:
    """Where the content after a cue begins: a comma or colon, a complementizer, or the next finite verb."""
    return token.text in {",", ":"} or _is_finite(token) or token.lower_ in _COMPLEMENTIZERS


def _is_full_finite(token: Token) -> bool:
    return _is_finite(token) and token.tag_ == "VVFIN"


def _subject_by_position(doc: Doc, clause_start: int, chain: list[Token]) -> Optional[Span]:
    """Subject when the parse has none: the phrase before a verb-second cue, else the one after it."""
    first = chain[0].i
    lead = doc[clause_start] if clause_start < first else None
    if lead is not None and lead.lower_ in _AS_OPENERS:
        return _np_after(doc, clause_start + 1, first)
    if lead is not None and lead.lower_ not in _NON_NOMINATIVE_ARTICLES and (
        lead.pos_ in {"PROPN", "NOUN", "DET", "ADJ"} or lead.tag_ in {"NE", "NN", "ART"} or _named(lead)
    ):
        span = _np_after(doc, clause_start, first)
        if span is not None and span.end >= first - 1 and _plausible_speaker(span):
            return span  # else "Gestern sagte Müller": the subject follows the verb
    sent_end = _sent(chain[0]).end
    limit = min(index_of(doc).next_at("clause_break", _is_clause_break, chain[0].i + 1), sent_end)
    start = chain[0].i + 1
    if start < limit and doc[start].lower_ in _REFLEXIVES:
        start += 1  # "zeigt sich der Bundestrainer zufrieden"
    after = _np_after(doc, start, min(limit, chain[-1].i) if len(chain) > 1 else limit)
    if after is None or after.text.lower() in _NON_SPEAKERS or _object_phrase(after[0]):
        return None  # "Kritiker werfen [den Rebellen] vor", "hatten [ihm] vorgeworfen": an object
    return after


def _object_phrase(first: Token) -> bool:
    """A phrase that cannot be a subject: opened by "den/dem/des/einem…" or a pronoun not in the nominative."""
    if first.lower_ in _NON_NOMINATIVE_ARTICLES:
        return True
    return first.pos_ == "PRON" and first.tag_ == "PPER" and first.lower_ not in _NOMINATIVE_PRONOUNS


def _main_clause(doc: Doc, start: int, end: int) -> bool:
    """Whether content before a cue can stand alone: no leading conjunction, no trailing relative clause."""
    first = doc[start]
    if first.tag_ in {"KOUS", "PWAV", "PWS", "PRELS"} or first.lower_ in _DEPENDENT_OPENERS:
        return False
    comma = index_of(doc).previous_before("comma", lambda t: t.text == ",", end)
    last_comma = comma if comma >= start else None
    if last_comma is not None and last_comma + 1 < end and doc[last_comma + 1].tag_ in {"PRELS", "PRELAT"}:
        return False
    return True


def _before_apposition(doc: Doc, sent: Span, clause_start: int) -> int:
    """Where a subject starts that a comma-enclosed apposition split from its verb.

    "Wie Steve Marshall, Sprecher der UN in Birma, in Bangkok mitteilte": the segment before the
    verb holds no subject, the one before the apposition opens with "wie" and a name.
    """
    if clause_start - 1 <= sent.start or doc[clause_start - 1].text != ",":
        return clause_start
    apposition = _clause_start(doc, sent, clause_start - 1)
    if apposition - 1 <= sent.start or doc[apposition - 1].text != ",":
        return clause_start
    head = _clause_start(doc, sent, apposition - 1)
    named = doc[head].lower_ in _AS_OPENERS and doc[head + 1].ent_type_ in {"PER", "ORG"}
    return head if named and apposition - head <= APPOSITION_HEAD_WINDOW else clause_start


def _clause_start(doc: Doc, sent: Span, i: int) -> int:
    """The first token after the last comma, colon or semicolon before token i, within its sentence.

    Looked up, not scanned: a scan back per speech verb was quadratic ("sagte sagte …").
    """
    if i <= sent.start:
        return i
    return max(index_of(doc).previous_before("clause_break", _is_clause_break, i) + 1, sent.start)


def _is_clause_break(token: Token) -> bool:
    return token.text in {",", ":", ";"}


def _indirect_before_comma(doc: Doc, sent: Span, verb: Token) -> Optional[_Candidate]:
    """"..., sagte X." and "..., wie X sagte.": the content precedes the cue."""
    chain = _verb_chain(verb)
    first = chain[0].i
    clause_start = _clause_start(doc, sent, first)
    if clause_start <= sent.start:
        return None
    lead = doc[clause_start]
    rule = "indirect_cue_after"
    if lead.lower_ in _AS_OPENERS and first > clause_start:
        rule = "indirect_wie"
        cue = [lead, *chain]
    elif clause_start == first and _is_finite(chain[0]):
        cue = chain
    else:
        return None
    start, end = _trim(doc, sent.start, clause_start - 1)
    if not _clause_ok(doc, start, end) or not _main_clause(doc, start, end):
        return None
    following = doc[chain[-1].i + 1] if chain[-1].i + 1 < sent.end else None
    if following is not None and following.lower_ in _THIRD_PERSON_REFLEXIVES:
        return None  # "…, bestätigte sich nicht": reflexive, not a speech act
    cand = _Candidate(start, end, INDIRECT, rule)
    _set_verb(cand, verb, rule, inverted=rule == "indirect_cue_after")
    if cand.speaker is None and rule == "indirect_wie" and not _is_passive(verb):
        # "…, wie EADS gestern mitteilte" with no subject in the parse: the phrase after "wie"
        speaker = _np_after(doc, lead.i + 1, first)
        if speaker is not None and _plausible_speaker(speaker) and not _object_phrase(speaker[0]):
            cand.speaker = speaker
    cand.cue = cue
    return cand


def _frame_candidates(doc: Doc, sent: Span, quoted: TokenSpans, previous: Optional[_Candidate]) -> list[_Candidate]:
    """Verbless frames: laut/gemäß X, X zufolge, nach Angaben X, ", so X", heißt es, wonach, demnach."""
    found = []
    tokens = [t for t in tokens_of(doc, sent.start, sent.end) if not quoted.covers(t.i)]
    for token in tokens:
        lower = token.lower_
        cand = None
        if lower in _FRAME_CUES:
            frame = _frame_in(doc, [token], sent.end)
            if frame is not None:
                cand = _around_frame(doc, sent, frame, "frame_" + lower)
        elif (lower in _SPEAKER_FRAME_ADVERBS and token.i > sent.start and doc[token.i - 1].text == ","
              and _starts_np(doc, token.i + 1, sent.end)):
            speaker = _np_after(doc, token.i + 1, sent.end)
            tail = _source_tail_end(doc, speaker.end, sent.end) if speaker is not None else sent.end
            if speaker is not None and tail > speaker.end and doc[speaker.end].pos_ == "CCONJ":
                speaker = doc[speaker.start:tail]  # coordinated sources are one speaker
            if speaker is not None and tail >= _trim(doc, sent.start, sent.end)[1] - 1:
                start, end = _trim(doc, sent.start, token.i - 1)
                if end - start >= MIN_FRAME_CONTENT_TOKENS:
                    cand = _Candidate(start, end, INDIRECT, "frame_so", [token], lower, speaker)
            elif (speaker is not None and tail < sent.end and doc[tail].text in _PARENTHESIS_ENDS
                  and not quoted.count(sent.start, token.i)):  # after a direct quote, ", so X, Präsident …" is its source
                # "Der Präsident sei, so Gamkrelids, schuld daran, …": the source set off inside the sentence
                start, end = _trim(doc, sent.start, sent.end)
                if end - start - len(speaker) - 3 >= MIN_FRAME_CONTENT_TOKENS:
                    cand = _Candidate(start, end, INDIRECT, "frame_so", [token], lower, speaker)
        elif lower in _HEISST_ES_FORMS and token.i + 1 < sent.end and doc[token.i + 1].lower_ in _EXPLETIVES:
            cand = _heisst_es(doc, sent, token)
        elif lower in _REPORT_RELATIVES and token.i > sent.start:
            start, end = _trim(doc, token.i + 1, sent.end)
            source = _np_before(doc, token.i - 1 if doc[token.i - 1].text == "," else token.i, sent.start)
            if end - start >= MIN_FRAME_CONTENT_TOKENS:
                cand = _Candidate(start, end, INDIRECT, "frame_wonach", [token], lower, source)
        elif lower in _REPORT_CONNECTIVES and previous is not None and previous.speaker is not None:
            start, end = _trim(doc, sent.start, sent.end)
            cand = _Candidate(start, end, INDIRECT, "frame_demnach", [token], lower, doc[token.i:token.i + 1])
            cand.carried_from = previous
        if cand is not None and not _mostly_quoted(cand, quoted):
            found.append(cand)
            break  # one frame claims a sentence
    return found


def _source_tail_end(doc: Doc, end: int, limit: int) -> int:
    """Where the words after a "so X" source end: "so Obama [weiter]", "so Karl Harb [von den Salzburger Nachrichten]".

    An adverb, a prepositional phrase or a second conjunct ("so Kongress- [und Verteidigungskreise]"),
    without a finite verb or punctuation, still belongs to the frame; the sentence end or a comma
    after it closes it.
    """
    if end >= limit or doc[end].pos_ not in {"ADV", "ADP", "CCONJ"}:
        return end
    j = end
    while j < min(limit, end + SOURCE_TAIL_WINDOW) and not doc[j].is_punct and not _is_finite(doc[j]):
        j += 1
    return j if j == limit or doc[j].is_punct else end


def _starts_np(doc: Doc, i: int, limit: int) -> bool:
    """Whether token i can begin a noun phrase naming a source ("so der Minister", not "so dass")."""
    if i >= limit:
        return False
    token = doc[i]
    if token.lower_ in _CONJUNCTIONS_THAT or token.lower_ in _NON_SOURCE_STARTS:
        return False
    if token.lower_ in _ARTICLES:
        return True
    if token.pos_:
        return token.pos_ in {"DET", "PROPN", "NOUN", "ADJ"} or token.tag_ in {"ART", "NE", "NN", "ADJA", "PPOSAT"}
    return token.text[:1].isupper()


def _around_frame(doc: Doc, sent: Span, frame: tuple[list[Token], str, Span], rule: str) -> _Candidate:
    """The sentence without the frame: content before or after "laut X", or the whole clause."""
    cue, lemma, speaker = frame
    frame_start, frame_end = min(cue[0].i, speaker.start), max(cue[-1].i + 1, speaker.end)
    s_start, s_end = _trim(doc, sent.start, sent.end)
    s_start, s_end = _clause_around(doc, s_start, s_end, frame_start, frame_end)
    if frame_start <= s_start + 1:
        start, end = _trim(doc, frame_end, s_end)
    elif frame_end >= s_end - 1:
        start, end = _trim(doc, s_start, frame_start)
    else:  # "wurde nach Angaben von Interpol in Korat gefasst": the quote goes round its source
        cand = _Candidate(s_start, s_end, INDIRECT, rule, cue, lemma, speaker)
        cand.gap = (frame_start, frame_end)
        return cand
    return _Candidate(start, end, INDIRECT, rule, cue, lemma, speaker)


def _clause_around(doc: Doc, start: int, end: int, frame_start: int, frame_end: int) -> tuple[int, int]:
    """The part of a sentence between semicolons that holds a frame (gold keeps commas' clauses)."""
    left = next((i + 1 for i in range(frame_start - 1, start, -1) if doc[i].text in {";", ":"}), start)
    right = next((i for i in range(frame_end, end) if doc[i].text in {";", ":"}), end)
    return _trim(doc, left, right)


def _heisst_es(doc: Doc, sent: Span, token: Token) -> Optional[_Candidate]:
    """"In der Erklärung heißt es, ..." and "..., heißt es in der Erklärung."."""
    cue = [token, doc[token.i + 1]]
    source = None
    window = doc[max(sent.start, token.i - HEISST_ES_SOURCE_WINDOW):min(sent.end, token.i + HEISST_ES_SOURCE_WINDOW + 1)]
    for t in window:
        if t.lower_ in _SOURCE_PREPOSITIONS:
            source = _np_after(doc, t.i + 1, sent.end)
            if source is not None:
                break
    if token.i > sent.start and doc[token.i - 1].text == ",":
        start, end = _trim(doc, sent.start, token.i - 1)
    else:
        j = token.i + 2
        if j < sent.end:
            j = min(index_of(doc).next_at("comma_or_colon", lambda t: t.text in {",", ":"}, j), sent.end)
        start, end = _trim(doc, j + 1, sent.end)
    if end - start < MIN_FRAME_CONTENT_TOKENS:
        return None
    return _Candidate(start, end, INDIRECT, "frame_heisst_es", cue, _HEISST_ES_FORMS[token.lower_], source)


def _reported_candidate(doc: Doc, sent: Span, quoted: TokenSpans) -> Optional[_Candidate]:
    """"X bekräftigte die Position": a speech act verb whose subject is its source, without a content clause.

    reported_act: a reported-speech verb with a person, organisation, role or source-noun subject, or any
    speech verb with a person subject. Looser subjects still make a reported speech act, but their
    subjects were right too rarely on train (about one speaker token in three) to be given as speakers:
    reported_source_noun (a reported-speech verb with another noun subject, "Die Studenten forderten …")
    and reported_speech_verb (a speech verb with a non-person subject, "Augenzeugen berichteten von …").
    """
    if not annotated(doc, "DEP"):
        return None
    verb = _main_finite(sent)
    if verb is None:
        return None
    rule = "reported_act"
    lexicon = "reported_verbs"
    content = verb if _lexicon_lemma(verb, lexicon) else None
    if content is None:
        content = next((t for t in _content_verbs(verb) if _lexicon_lemma(t, lexicon)), None)
    if content is None:
        content = (
            verb
            if _lexicon_lemma(verb, "speech_verbs")
            else next((t for t in _content_verbs(verb) if _lexicon_lemma(t, "speech_verbs")), None)
        )
        if content is not None and ((content_subject := _subject(content)) is None or content_subject.ent_type_ != "PER"):
            rule = "reported_speech_verb"
    if content is None and verb.lemma_ in _INTENTION_MODALS and verb.lower_ not in _PAST_INTENTION_FORMS:
        # "Die SPD will hohe Einkommen stärker belasten": an announced intention is a reported speech act
        content = next((t for t in _content_verbs(verb) if t.pos_ == "VERB"), None)
        rule = "reported_intention"
    if content is None or any(_whole_quote(sent, s, e) for s, e in quoted.touching(sent.start, sent.end)):
        return None
    if _is_passive(content):
        if _background_act(verb, content) and not _report_goes_on(doc, sent, quoted):
            return None  # "Widerspruch war geäußert worden"
        return _reported_passive(doc, sent, content)
    subject = _subject(content)
    if subject is None or subject.lower_ in _NON_SPEAKERS:
        return None
    if subject.pos_ not in {"PROPN", "NOUN", "PRON"} or subject.pos_ == "PRON" and (
        subject.lower_ not in _THIRD_PERSON_PRONOUNS or rule not in {"reported_act", "reported_intention"}
    ):
        return None
    if rule == "reported_act" and subject.pos_ == "NOUN" and not (
        subject.ent_type_ or _is_role(subject) or subject.text in _source_labels()
    ):
        rule = "reported_source_noun"
    if rule != "reported_intention":
        clause = _infinitive_content(doc, sent, content) or _konjunktiv_content(doc, sent, content, quoted)
        if clause is not None:
            return clause
    unreported = _background_act(verb, content) or _lemma(content) in _STANCE_ACTS or _announces_words(doc, sent)
    if unreported and not _report_goes_on(doc, sent, quoted):
        return None  # no statement of the news: "Die EU hatte das Verfahren kritisiert", "X begrüßte das Urteil"
    start, end = sent.start, sent.end
    while end > start and doc[end - 1].is_space:
        end -= 1
    cand = _Candidate(start, end, REPORTED, rule)
    _set_verb(cand, content, rule)
    if rule not in ("reported_act", "reported_source_noun", "reported_speech_verb", "reported_intention"):
        cand.speaker, cand.addressee = None, None
    return cand


def _background_act(finite: Token, content: Token) -> bool:
    """"Die EU hatte das Verfahren gefordert": a past perfect act narrates the background, no statement of the news."""
    return content.tag_ == "VVPP" and _past_perfect_auxiliary(finite)


def _report_goes_on(doc: Doc, sent: Span, quoted: TokenSpans) -> bool:
    """Whether a reported act quotes words or the next sentence goes on with the report in Konjunktiv.

    Gold annotates a background or stance act only then ("hatte von Säuberungen berichtet. Schwarze
    seien gejagt worden.").
    """
    if quoted.count(sent.start, sent.end):
        return True
    return sent.end < len(doc) and is_reported_sentence(doc[sent.end].sent)


def _konjunktiv_content(doc: Doc, sent: Span, verb: Token, quoted: TokenSpans) -> Optional[_Candidate]:
    """"X berichtet von einem Ventil, das den Piloten zur Rückkehr bewogen hätte": a Konjunktiv clause after the act is its content.

    Gold annotates the clause as indirect speech, also when a relative pronoun opens it or the parse
    hung it elsewhere, so the verb rules missed it.
    """
    last = _verb_chain(verb)[-1].i
    comma = next((t.i for t in doc[last + 1:sent.end] if t.text == ","), None)
    if comma is None:
        return None
    start, end = _trim(doc, comma + 1, sent.end)
    if end - start < MIN_CLAUSE_TOKENS or not _has_konjunktiv(doc, start, end, quoted):
        return None
    cand = _Candidate(start, end, INDIRECT, "indirect_cue_first")
    _set_verb(cand, verb, "indirect_cue_first")
    return cand


def _announces_words(doc: Doc, sent: Span) -> bool:
    """"X wies die Vorwürfe zurück:": a sentence ending in a colon announces the words that follow, gold's quote."""
    last = sent.end - 1
    while last > sent.start and doc[last].is_space:
        last -= 1
    return doc[last].text == ":"


def _past_perfect_auxiliary(token: Token) -> bool:
    """"hatte", "waren": haben or sein in the indicative past ("hätte" is a Konjunktiv, no narrated past)."""
    return (
        _is_finite(token) and token.lemma_ in _PERFECT_AUXILIARIES and "Past" in token.morph.get("Tense", [])
        and not is_subjunctive(token) and token.lower_ not in _KONJUNKTIV2_FORMS
    )


def _infinitive_content(doc: Doc, sent: Span, verb: Token) -> Optional[_Candidate]:
    """"X hat angekündigt, von seinem Amt zurückzutreten": a speech act's zu-infinitive clause is its indirect content.

    The verb rules miss it when the tagger called the zu-infinitive a plain infinitive or a participle;
    gold annotates the clause, not the whole sentence.
    """
    last = _verb_chain(verb)[-1].i
    if last + 1 >= sent.end or doc[last + 1].text != ",":
        return None  # "bezeichnete es als eine Möglichkeit, … aufzuschlagen": the infinitive belongs to a noun
    cand = _indirect_after_comma(doc, sent, verb, loose_zu=True)
    if cand is None or not any(_is_zu_infinitive(t) for t in doc[cand.start:cand.end]):
        return None
    return cand


# Quoted words of at most this many tokens (marks included) inside a sentence are a partial quotation.
PARTIAL_QUOTE_TOKENS = 6


def _whole_quote(sent: Span, start: int, end: int) -> bool:
    """A quoted passage that is the sentence's own speech, not a partial quotation inside a reported act.

    "Sie nannten ihn einen „Verräter“" is a reported act with quoted words; a passage that opens the
    sentence, runs past it or is longer than a few words is a direct quote that its own rules attribute.
    """
    if start <= sent.start or end > sent.end:
        return True
    return end - start > PARTIAL_QUOTE_TOKENS


def _reported_passive(doc: Doc, sent: Span, content: Token) -> Optional[_Candidate]:
    """"Die Zahl wurde mit 214 angegeben", "Ihr wird Spionage vorgeworfen": a passive speech act, no speaker."""
    lemma = _lexicon_lemma(content, "reported_verbs")
    if lemma is None and _lemma(content) not in _PASSIVE_REPORTS or lemma in _LEGAL_ACTS:
        return None  # "wird erwartet", "wurde verurteilt": expectations and court acts are no reported speech
    start, end = _trim(doc, sent.start, sent.end)
    if end - start < MIN_REPORTED_PASSIVE_TOKENS:
        return None
    end = end + 1 if end < sent.end and doc[end].text in _SENT_FINAL else end
    cand = _Candidate(start, end, REPORTED, "reported_passive")
    _set_verb(cand, content, "reported_passive")
    cand.speaker, cand.addressee = _passive_agent(doc, sent, content, cand.start), None
    return cand


# ---------------------------------------------------------------------------------------------
# Free indirect continuation


# Tokens of a name (with "wie") before a comma-enclosed apposition.
APPOSITION_HEAD_WINDOW = 6
# A one- or two-word Konjunktiv sentence ("Es sei.") is too short to be reported speech of its own.
MIN_STANDALONE_TOKENS = 4


def _closed_sentence(doc: Doc, sent: Span) -> Optional[tuple[int, int]]:
    """A sentence's words with its final mark, or None when it is empty or does not end like a sentence."""
    start, end = _trim(doc, sent.start, sent.end)
    if end <= start:
        return None
    if end < sent.end and doc[end].text in _SENT_FINAL:
        return start, end + 1
    return (start, end) if doc[end - 1].text in _SENT_FINAL else None


def _standalone_konjunktiv(doc: Doc, sent: Span) -> Optional[_Candidate]:
    """A sentence whose main clause is in Konjunktiv I is reported speech even with no quote before it."""
    s_start, s_end = _trim(doc, sent.start, sent.end)
    if s_end - s_start < MIN_STANDALONE_TOKENS or not any(is_konjunktiv_i(t, annotated(doc, "DEP")) for t in _mood_tokens(sent)):
        return None
    closed = _closed_sentence(doc, sent)
    return _Candidate(*closed, FREE_INDIRECT, "free_indirect_standalone") if closed is not None else None


def _extend_run(doc: Doc, sent: Span, run: Optional[_Candidate]) -> Optional[_Candidate]:
    """A speakerless run goes on over the next reported sentence, else ends."""
    closed = _closed_sentence(doc, sent) if run is not None and is_reported_sentence(sent) else None
    if run is None or closed is None:
        return None
    run.end = closed[1]
    return run


_PARTIAL_QUOTATION_RULES = frozenset({"direct_unattributed", "direct_carried"})


def _continue_free_indirect(
    doc: Doc, sents: list[Span], sent_of: list[int], cands: list[_Candidate], quoted: TokenSpans
) -> list[_Candidate]:
    """Konjunktiv sentences after an attributed quote inherit its speaker until the run ends.

    An indicative sentence or a new quote ends a run. A later Konjunktiv sentence at most
    `_RESUME_GAP` sentences on starts a new quote without a speaker of its own
    (free_indirect_resumed), and a Konjunktiv I sentence with no quote before it starts one too
    (free_indirect_standalone); the speaker sieves decide who said those.
    Paragraph breaks do not end a run: the gold annotation continues across them.
    """
    by_sent: dict[int, list[_Candidate]] = {}
    for cand in cands:
        sent = sents[sent_of[cand.start]]
        if cand.rule in _PARTIAL_QUOTATION_RULES and _has_konjunktiv(doc, sent.start, sent.end, quoted):
            continue  # "Sie seien „so gut wie jeder andere geeignet“": the quoted words sit inside free indirect speech
        for index in range(sent_of[cand.start], sent_of[cand.end - 1] + 1):
            by_sent.setdefault(index, []).append(cand)
    added: list[_Candidate] = []
    last: Optional[_Candidate] = None
    run: Optional[_Candidate] = None
    gap = 0
    for index, sent in enumerate(sents):
        here = by_sent.get(index)
        if here:
            # "X sagte, dass …" opens a run even when its subject was not trusted: the Konjunktiv
            # that follows is still reported speech, only without a speaker.
            top = [c for c in here if c.nested_in is None and (c.speaker is not None or c.rule in _SPEAKERLESS_RUN_STARTS)]
            if top or any(c.rule != "reported_intention" for c in here):
                last = max(top, key=lambda c: c.end) if top else None
            # an announced intention ("Die SPD will …") sits inside reported speech without ending it
            run, gap = None, 0
            continue
        if quoted.covers(sent.start):
            last, run = None, None
            continue
        if last is None and run is None:
            standalone = _standalone_konjunktiv(doc, sent)
            if standalone is not None:
                run = standalone
                added.append(run)
            continue
        if last is None:
            run = _extend_run(doc, sent, run)
            continue
        s_start, s_end = _trim(doc, sent.start, sent.end)
        if s_end <= s_start:
            continue
        closed = _closed_sentence(doc, sent)
        if not is_reported_sentence(sent) or closed is None:
            run, gap = None, gap + 1
            if gap > _RESUME_GAP:
                last = None
            continue
        s_start, s_end = closed
        if run is not None:
            run.end = s_end
            continue
        rule = "free_indirect_konjunktiv" if gap == 0 else "free_indirect_resumed"
        run = _Candidate(s_start, s_end, FREE_INDIRECT, rule, [], "", last.speaker if gap == 0 else None)
        run.carried_from = last
        added.append(run)
    return added
