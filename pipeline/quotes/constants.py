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
_COORDINATORS = lexicons.load("coordinators")
_SPEAKER_COORDINATORS = lexicons.load("speaker_coordinators")  # "Özcan Mutlu [und Benedikt Lux] prangerten an"
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
_DATIVE_ARTICLES = lexicons.load("dative_articles")
_NON_NOMINATIVE_ARTICLES = lexicons.load("non_nominative_articles")
_TIME_NOUNS = lexicons.load("time_nouns")
_PREDICATIVE_PARTICLES = lexicons.load("predicative_particles")
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
_TITLE_NOUNS = lexicons.load("title_nouns")
_FRAME_NOUNS = lexicons.load("frame_nouns")
_NON_SPEAKERS = lexicons.load("non_speakers")
_KONJUNKTIV_FORMS = lexicons.load("konjunktiv_forms")
_KONJUNKTIV2_FORMS = lexicons.load("konjunktiv2_forms")

# Trigger words of the verbless frames, one list per frame rule (a rule "frame_<word>" per word
# of the first three lists).
_FRAME_PREPOSITIONS = lexicons.load("frame_prepositions")  # frame_laut, frame_gemäß: "laut X"
_FRAME_POSTPOSITIONS = lexicons.load("frame_postpositions")  # frame_zufolge: "X zufolge"
_FRAME_NOUN_PREPOSITIONS = lexicons.load("frame_noun_prepositions")  # frame_nach: "nach Angaben X"
_FRAME_CUES = _FRAME_PREPOSITIONS | _FRAME_POSTPOSITIONS | _FRAME_NOUN_PREPOSITIONS
_SPEAKER_FRAME_ADVERBS = lexicons.load("speaker_frame_adverbs")  # frame_so, direct_so: "…, so X."
_EXPLETIVES = lexicons.load("expletive_pronouns")  # the "es" of frame_heisst_es
_REPORT_RELATIVES = lexicons.load("report_relatives")  # frame_wonach: "ein Bericht, wonach …"
_REPORT_CONNECTIVES = lexicons.load("report_connectives")  # frame_demnach: "… . Demnach …"


def _form_table(name: str) -> dict[str, str]:
    """A form<TAB>infinitive list as a table."""
    table = {}
    for line in lexicons.lines(name):
        form, _, infinitive = line.partition("\t")
        table[form.strip()] = infinitive.strip()
    return table


# frame_heisst_es: the forms of "heißen" in "heißt es" and the lemma its cue is given.
_HEISST_ES_FORMS = _form_table("heisst_es_verbs")

# Cue words of the verb rules.
_COMPLEMENTIZERS = lexicons.load("complementizers")  # indirect_cue_first: "X sagte, dass …"
_AS_OPENERS = lexicons.load("as_clause_openers")  # indirect_wie: "Wie X mitteilte, …"
_THIRD_PERSON_REFLEXIVES = lexicons.load("third_person_reflexives")  # "…, bestätigte sich nicht" is no cue
_INTENTION_MODALS = lexicons.load("intention_modals")  # reported_intention: "Die SPD will …"
_PAST_INTENTION_FORMS = lexicons.load("past_intention_forms")  # "wollte": narrated, not announced
_PASSIVE_AUXILIARIES = lexicons.load("passive_auxiliaries")
_PERFECT_AUXILIARIES = lexicons.load("perfect_auxiliaries")  # "hatte … kritisiert": a reported act's narrated past
_STANCE_ACTS = lexicons.load("stance_acts")  # "X begrüßte das Urteil": no reported speech without its words
_AGENT_PREPOSITIONS = lexicons.load("agent_prepositions")
_PASSIVE_AGENT_PREPOSITIONS = lexicons.load("passive_agent_prepositions")  # the one preposition a speaker phrase may open with
_ADDRESSEE_PREPOSITIONS = lexicons.load("addressee_prepositions")  # "gegenüber X": the addressee
_CONTENT_PREPOSITIONS = lexicons.load("content_prepositions")  # "laut Augenzeugen [mit Sicherheit]": the content

# Morphology of verb forms: the participle prefix, the infix of zu-infinitives, and the
# infinitive endings a weak stem is tried with (in this order).
_PARTICIPLE_PREFIX = "ge"
_ZU_INFIX = "zu"
_INFINITIVE_ENDINGS = ("en", "n")
# The linking "s" of a compound ("Regierungs|angaben").
_LINKING_S = "s"
_PARENTHESIS_ENDS = frozenset({",", "–", "—", "-"})  # what closes a source set off inside a sentence (", so X,")
