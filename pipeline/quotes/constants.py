"""Word lists and character sets the quote rules read (the lists live in pipeline/resources)."""
from __future__ import annotations

from .. import lexicons

DIRECT, INDIRECT, FREE_INDIRECT, REPORTED = "direct", "indirect", "free_indirect", "reported"

_CLOSERS = {"„": "“”\"", "“": "”", "»": "«", "«": "»", "‚": "‘’", "‘": "’", "›": "‹", "‹": "›", '"': '"', "'": "'"}
_OPENERS = frozenset(_CLOSERS)
_QUOTE_CHARS = frozenset("„“”»«‚‘’›‹\"'")
_SENT_FINAL = frozenset({".", "!", "?", "…"})
_PRONOUNS_MALE = lexicons.load("pronouns_male")
_PRONOUNS_FEMALE_OR_PLURAL = lexicons.load("pronouns_female_or_plural")
_CONJUNCTIONS_THAT = lexicons.load("clause_conjunctions")
_REPORTATIVE = lexicons.load("reportative_modals")
_CARRYING_RULES = frozenset({"direct_carried", "frame_demnach"})
_RESUME_GAP = 2
_ARTICLES = lexicons.load("articles")
_LONG_FRAME_NOUNS = lexicons.lines("long_frame_nouns")
# Time words and connectives that head adverbials, never a speaker ("Ende Januar sagte X", "Des Weiteren").
_ADVERBIAL_WORDS = lexicons.load("adverbial_words")
_INDEFINITE_NOM_ACC = lexicons.load("indefinite_nom_acc")
# Cues that open a free indirect run even without a speaker: their quotes are speech, only the
# subject was not trusted (rejected adverbial, or a loose reported-act subject).
_SPEAKERLESS_RUN_STARTS = frozenset({"indirect_cue_first", "reported_source_noun", "reported_speech_verb"})
# Passive speech acts: the reported verbs (but court acts) and the news verbs of hearsay.
_PASSIVE_REPORTS = lexicons.load("passive_reports")
_LEGAL_ACTS = lexicons.load("legal_acts")
_NOMINATIVE_PRONOUNS = lexicons.load("nominative_pronouns")
_FOCUS_POS = frozenset({"ADV", "PART", "CCONJ", "SCONJ"})
_FOCUS_TAGS = frozenset({"ADV", "KON", "KOKOM", "KOUS"})
_GENITIVE_ARTICLES = lexicons.load("genitive_articles")
_TIME_NOUNS = lexicons.load("time_nouns")
_TIME_PREPOSITIONS = lexicons.load("time_prepositions")
_INDEFINITE = lexicons.load("indefinite_articles")
_ANAPHORS = lexicons.load("anaphors")
# Separable particles, longest first so "hinzu" wins over "hin".
_PARTICLES = lexicons.lines("separable_particles")
_ADJ_PARTICLES = lexicons.load("adjective_particles")
_WEAK_SUFFIXES = lexicons.lines("weak_suffixes")
_GENITIVE_LINKS = lexicons.load("genitive_links")
_REFLEXIVES = lexicons.load("reflexive_pronouns")
_DEPENDENT_OPENERS = lexicons.load("dependent_clause_openers")
_NON_SOURCE_STARTS = lexicons.load("non_source_starts")
_SOURCE_PREPOSITIONS = lexicons.load("source_prepositions")
_THIRD_PERSON_PRONOUNS = lexicons.load("third_person_pronouns")
_MASCULINE_DEMONSTRATIVES = lexicons.load("demonstratives_male")
_DEMONSTRATIVES = _MASCULINE_DEMONSTRATIVES | lexicons.load("demonstratives_female_or_plural")
