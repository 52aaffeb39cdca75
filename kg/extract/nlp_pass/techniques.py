"""Techniques named by their form: method phrases ("preference learning"),
acronym definitions ("Group Normalization (GN)") and the family a new name
belongs to (`technique_family`)."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from kg.extract.confidence import FIRST_GUESS
from kg.extract.cues import GENERIC_MODIFIERS, LABEL_TYPES, NEGATIONS
from kg.extract.nlp_pass.patterns import (
    ACRONYM,
    ACRONYM_LOWER,
    CALLED_TECHNIQUE,
    EMPHASISED_TERM,
    METHOD_HEADS,
    METHOD_PHRASE,
    PLURAL_HEADS,
)
from kg.extract.nlp_pass.tree import doc_text
from kg.extract.text import entity_key, sentence_around, squash

# a method name's head word -> the family it names ("instruction tuning" is fine-tuning)
TECHNIQUE_HEADS = {
    "network": "neural network", "networks": "neural network", "transformer": "transformer",
    "transformers": "transformer", "normalization": "normalization", "normalisation": "normalization",
    "attention": "attention mechanism", "autoencoder": "autoencoder", "autoencoders": "autoencoder",
    "convolution": "convolution", "convolutions": "convolution", "model": "generative model", "models": "generative model",
    "pretraining": "pre-training", "pre-training": "pre-training", "learning": "machine learning",
    "embedding": "embedding", "embeddings": "embedding", "encoding": "encoding", "sampling": "sampling",
    "distillation": "knowledge distillation", "optimization": "optimization", "regularization": "regularization",
    "guidance": "guidance", "decoding": "decoding", "tuning": "fine-tuning", "fine-tuning": "fine-tuning",
}
# a name's ending that says its family: "StyleGAN", "Mip-NeRF", "Reformer"
SUFFIX_FAMILIES = (("GAN", "generative adversarial network"), ("NeRF", "neural radiance field"),
                   ("Former", "transformer"), ("former", "transformer"))


class TechniqueReading:
    """NLP-pass methods: techniques outside the vocabulary, read by the form of their name."""

    def _method_phrase_spans(self, doc: Doc) -> list[tuple[str, int, int, str]]:
        """The method phrases of a doc by their form, as (phrase, start, end, head word):
        modifiers, then a head noun that names a kind of method ("preference learning",
        "double quantization"); `_name_words` says which words make the name."""
        text = doc_text(doc)
        lowered = text.lower()  # to find a phrase whose first letter was lowered
        found = []
        for m in METHOD_PHRASE.finditer(text):
            phrase = m.group("phrase") or m.group("compound")
            capitalised = False
            acronyms = [i for i, w in enumerate(phrase.split()[:-1]) if _is_acronym(w)]
            if acronyms and (acronyms[-1] != len(phrase.split()) - 2 or self.vocab is not None
                             and self.vocab.by_alias(phrase.split()[acronyms[-1]]) is not None):
                # an acronym names the method only right before its head ("an MSE loss"); a
                # named system's part ("BERT pretraining") or a longer run is no method's name
                continue
            if not acronyms and phrase[0].isupper():
                phrase, capitalised = phrase[0].lower() + phrase[1:], True
            words = phrase.split()
            tags = _word_tags(doc, lowered, m.start(), words)
            if capitalised and tags and tags[0] == "VB":
                tags[0] = None  # the tagger's imperative for a line's first word ("Sparse convolutions ...")
            words = _name_words(words, tags, compound=not m.group("phrase"),
                                opens_noun_phrase=_opens_noun_phrase(doc, m.start()))
            if words is None:
                continue
            surface = " ".join(words)
            # the kept words end the match; the first of them starts the name
            group = "phrase" if m.group("phrase") else "compound"
            offsets = [w.start() for w in re.finditer(r"\S+", m.group(group))]
            start = m.start(group) + offsets[len(offsets) - len(words)]
            end = m.end(group)
            head = words[-1] if m.group("phrase") else surface.rsplit("-", 1)[1]
            # the label is singular: "sparse convolutions" names sparse convolution
            label = surface[: len(surface) - len(head)] + PLURAL_HEADS.get(head, head)
            found.append((label, start, end, PLURAL_HEADS.get(head, head)))
        return found

    def _phrase_heads(self, doc: Doc, phrases: list[tuple[str, int, int, str]]) -> dict[tuple[int, int], str]:
        """The known techniques that only end a longer method phrase ("quantization" in
        "double quantization"), by span, with their vocabulary label: the phrase names
        the method, and the known term becomes its broader one."""
        heads = {}
        for ent in doc.ents:
            if LABEL_TYPES.get(ent.label_) != "Technique":
                continue
            for phrase, start, end, _ in phrases:
                if end == ent.end_char and start < ent.start_char and (self.vocab is None or self.vocab.by_alias(phrase) is None):
                    heads[(ent.start_char, ent.end_char)] = ent.ent_id_.split("|", 1)[1] if "|" in ent.ent_id_ else squash(ent.text)
        return heads

    def _method_phrases(self, doc: Doc, offset: int, subject: str | None,
                        phrases: list[tuple[str, int, int, str]], heads: dict[tuple[int, int], str]) -> None:
        """Techniques outside the vocabulary, recognised by the form of their name
        (`_method_phrase_spans`). The head noun says what kind of method it is and gives
        its broader term: "instruction tuning" is a kind of fine-tuning, "double
        quantization" of quantization."""
        text = doc_text(doc)
        taken = [(e.start_char, e.end_char) for e in doc.ents
                 if (e.start_char, e.end_char) not in heads and not _modifying_acronym(e, phrases)]
        taken += [m.span() for m in CALLED_TECHNIQUE.finditer(text)]  # read by _called_techniques
        for phrase, start, end, head in phrases:
            if any(a < end and start < b for a, b in taken):
                continue  # the vocabulary ruler or NER already read it
            if self.vocab is not None and self.vocab.by_alias(phrase) is not None:
                continue
            s_start, s_end = sentence_around(text, start, end)
            ev = self.b.evidence(offset + s_start, offset + s_end, text[s_start:s_end],
                                 "form:method-phrase", FIRST_GUESS["form:method-phrase"])
            # the broader term only where the vocabulary has it: a skos:broader must be a technique
            known_head = next((label for (a, b), label in heads.items() if b == end and a > start), None)
            broader_entry = (self.vocab.by_alias(known_head or TECHNIQUE_HEADS.get(head, ""), "Technique")
                             if (known_head or head in TECHNIQUE_HEADS) and self.vocab is not None else None)
            broader = broader_entry.label if broader_entry is not None else None
            attrs = {"broader": (broader,)} if broader and broader != phrase else {}
            mid = self.b.mention("Technique", phrase, [entity_key("Technique", phrase)], ev,
                                 attrs=attrs, label_rank=1)
            if known_head:  # the known term is named too, as the kind of method it is
                self.vocab_mention("Technique", known_head, known_head, ev)
            user = subject if subject is not None else self.cited_subject(doc, start)
            if user and not _negated_before(text, s_start, start):
                self.b.relate(user, "usesTechnique", mid, ev)
            taken.append((start, end))

    def _called_techniques(self, doc: Doc, offset: int, subject: str | None) -> None:
        """'They use a technique called "temporal outpainting"': the text says the name is
        a method's. A name the vocabulary types otherwise ("a method called CLIP") is
        left to the vocabulary ruler."""
        # quotes may be blanked in the text spaCy read (title marks): read the document's own
        text = self.text[offset : offset + len(doc_text(doc))]
        for m in CALLED_TECHNIQUE.finditer(text):
            group = next(g for g in ("quoted", "named", "plain") if m.group(g))
            name = squash(m.group(group))
            if self.vocab is not None and self.vocab.by_alias(name) is not None:
                continue
            start, end = m.start(group), m.end(group)
            s_start, s_end = sentence_around(text, start, end)
            ev = self.b.evidence(offset + s_start, offset + s_end, text[s_start:s_end],
                                 "form:called", FIRST_GUESS["form:called"])
            broader = technique_family(name)
            broader_entry = self.vocab.by_alias(broader, "Technique") if broader and self.vocab is not None else None
            attrs = {"broader": (broader_entry.label,)} if broader_entry is not None else {}
            mid = self.b.mention("Technique", name, [entity_key("Technique", name)], ev, attrs=attrs, label_rank=2)
            if subject:
                self.b.relate(subject, "usesTechnique", mid, ev)

    def _emphasised_terms(self, doc: Doc, offset: int, subject: str | None) -> None:
        """'Their *replaced token detection* task': a lower-case noun phrase of two to four
        words in italics is a term the writer marks, in this kind of writing a method's
        name. Emphasis on a clause ("*not at all*", "*works well*") names nothing."""
        from spacy.lang.en.stop_words import STOP_WORDS

        # italics marks are blanked in the text spaCy read: read the document's own
        text = self.text[offset : offset + len(doc_text(doc))]
        for m in EMPHASISED_TERM.finditer(text):
            group = next(g for g in ("star", "underscore", "html") if m.group(g))
            name, start, end = m.group(group), m.start(group), m.end(group)
            words = name.split()
            if any(w in STOP_WORDS or w in GENERIC_MODIFIERS or w.endswith("ly") for w in (words[0], words[-1])):
                continue
            if self.vocab is not None and self.vocab.by_alias(name) is not None:
                continue  # the vocabulary ruler read it
            span = doc.char_span(start, end, alignment_mode="expand")
            tags = [t.tag_ for t in span if t.tag_ and t.tag_ != "HYPH"] if span is not None else []
            if tags and (not tags[-1].startswith("NN") or _INNER_VERB_TAGS & set(tags)):
                continue  # not a noun phrase ("*trains faster*")
            s_start, s_end = sentence_around(text, start, end)
            ev = self.b.evidence(offset + s_start, offset + s_end, text[s_start:s_end],
                                 "form:emphasised", FIRST_GUESS["form:emphasised"])
            mid = self.b.mention("Technique", name, [entity_key("Technique", name)], ev, label_rank=1)
            if subject:
                predicate = "mentions" if _negated_before(text, s_start, start) else "usesTechnique"
                self.b.relate(subject, predicate, mid, ev)

    def _acronyms(self, doc: Doc, offset: int, subject: str | None) -> None:
        """'Group Normalization (GN)', 'generalized advantage estimation (GAE)': a
        named method and its acronym."""
        for m in ACRONYM.finditer(doc_text(doc)):
            long_form, acronym = squash(m.group(1)), m.group(2)
            words = long_form.split()
            initials = "".join(w[0] for w in re.split(r"[\s-]+", long_form) if w and w[0].isupper())
            if acronym[0].upper() != words[0][0].upper() or len(initials) < 2:
                continue
            if not _acronym_fits(acronym, long_form):
                continue
            self._acronym_definition(doc, offset, m.start(), m.end(), long_form, acronym, subject,
                                     technique_family(long_form, acronym), named=False)
        for m in ACRONYM_LOWER.finditer(doc_text(doc)):
            acronym = m.group(2)
            long_form = lower_long_form(m.group(1).split(), acronym)
            if long_form is None:
                continue
            start = m.start() + m.group(1).lower().rfind(long_form.lower())
            self._acronym_definition(doc, offset, start, m.end(), long_form, acronym, subject,
                                     technique_family(long_form, acronym), named=_names_a_process(long_form))

    def _acronym_definition(self, doc: Doc, offset: int, start: int, end: int, long_form: str, acronym: str,
                            subject: str | None, family: str | None, named: bool) -> None:
        """The entity a long form and its acronym name: the vocabulary's entry, else a new
        technique when its family is known or (`named`) its words name a method."""
        entry = self.vocab.by_alias(long_form) or self.vocab.by_alias(acronym) if self.vocab is not None else None
        sentence_start = max(doc_text(doc).rfind(". ", 0, start) + 2, 0)
        sentence_end = doc_text(doc).find(". ", end)
        sentence = doc_text(doc)[sentence_start : sentence_end if sentence_end != -1 else len(doc_text(doc))]
        ev = self.b.evidence(offset + sentence_start, offset + sentence_start + len(sentence), sentence,
                             "acronym-definition", FIRST_GUESS["acronym-definition"])
        if entry is not None:
            if entry.type not in ("Technique", "Model", "Dataset", "Task"):
                return
            mid = self.vocab_mention(entry.type, entry.label, long_form, ev)
            self.b.mention(entry.type, entry.label, [entity_key(entry.type, entry.label)],
                           ev, aliases=(acronym,))
        else:
            if family is None and not named:
                return
            key = entity_key("Technique", long_form)
            attrs = {"broader": (family,)} if family else {}
            mid = self.b.mention("Technique", long_form, [key, entity_key("Technique", acronym)],
                                 ev, aliases=(acronym,), attrs=attrs, label_rank=2)
        if subject:
            self.b.relate(subject, "usesTechnique" if self.b.type_of(mid) == "Technique" else "mentions", mid, ev)


def _negated_before(text: str, sentence_start: int, start: int) -> bool:
    """Does a negation or a contrast ("not", "without", "unlike") stand in the eight
    words before `start`, within its sentence?"""
    window = text[max(sentence_start, start - 60) : start].lower().split()[-8:]
    return any(w.strip(",;:()") in NEGATIONS | {"unlike"} for w in window)


def _is_acronym(word: str) -> bool:
    """'MSE', 'KL', 'L1': two or more letters and digits, all capitals."""
    return len(word) >= 2 and word.isupper() and word[0].isalpha()


def _modifying_acronym(ent, phrases: list[tuple[str, int, int, str]]) -> bool:
    """Is the entity an acronym the statistical model guessed ("KL" an ORG) that opens a
    method phrase ("KL divergence")? The phrase names the method; the vocabulary's
    entities (with an id) keep their own reading."""
    return (not ent.ent_id_ and _is_acronym(ent.text)
            and any(start == ent.start_char and end > ent.end_char for _, start, end, _ in phrases))


# tags of a verb that cannot modify a method's name ("uses", "start", "utilizing")
_VERB_TAGS = {"VB", "VBD", "VBZ", "VBP", "VBG", "MD"}
# a verb that cannot sit inside a method's name ("teams began pruning"); the first
# word may carry VB or VBD where the tagger misreads an adjective ("bundle adjustment",
# "masked language modeling"), so only a present-tense verb is ruled out there
_INNER_VERB_TAGS = {"VB", "VBD", "VBZ", "VBP", "MD"}
_FIRST_VERB_TAGS = {"VBZ", "VBP", "MD"}


def _word_tags(doc: Doc, lowered: str, start: int, words: list[str]) -> list[str] | None:
    """The part-of-speech tag of each word of the phrase found at `start` (for a
    hyphenated word, its last part's), or None where the sentence was not tagged.
    `lowered` is the doc's text in lower case, as the phrase may have been."""
    tags = []
    for word in words:
        start = lowered.find(word.lower(), start)
        span = doc.char_span(start, start + len(word), alignment_mode="expand")
        parts = [t for t in span if t.tag_ != "HYPH"] if span is not None else []
        if not parts or not parts[-1].tag_:
            return None
        tags.append(parts[-1].tag_)
        start += len(word)
    return tags


# participles that name what follows ("an approach named cross-frame attention")
_NAMING_VERBS = {"called", "named", "dubbed", "termed", "coined"}


def _verbal(word: str, tag: str | None, ending: str) -> bool:
    """Is the word a verb? By its tag where the sentence was tagged, else by its ending."""
    if word.lower() in _NAMING_VERBS:
        return True
    return tag in _VERB_TAGS if tag is not None else bool(re.search(ending, word))


def _name_words(words: list[str], tags: list[str] | None, compound: bool,
                opens_noun_phrase: bool = False) -> list[str] | None:
    """The words of a method phrase that make its name, or None if they make none.

    A verb before the name is dropped ("uses grouped-query attention"); a verb as
    the only modifier ("distils attention", "start training"), a stop word, an
    adverb or a generic modifier ("the same attention") makes no name. An -ing word
    after a determiner or a name (`opens_noun_phrase`) modifies the head: "the
    Chinchilla scaling laws" name scaling laws, "by using attention" names nothing.
    """
    from spacy.lang.en.stop_words import STOP_WORDS

    if len(words) == 3 and _verbal(words[0], tags[0] if tags else None, r"(?<![su])s$|ed$|ing$"):
        words, tags = words[1:], (tags[1:] if tags else None)
        opens_noun_phrase = False
    modifiers = [words[0].rsplit("-", 1)[0]] if compound else words[:-1]
    if len(modifiers) == 1 and _verbal(modifiers[0], tags[0] if tags and not compound else None,
                                       r"(?<![su])s$|ing$"):
        gerund = not compound and tags is not None and tags[0] == "VBG"
        if not (gerund and opens_noun_phrase):
            return None
    generic = STOP_WORDS | GENERIC_MODIFIERS

    def names_nothing(word: str) -> bool:  # "the", "same", "mostly", "2", "most-starred"
        word = word.lower()  # "A DPR retriever" opening a sentence
        return word in generic or word.endswith("ly") or word.isdigit() or word.split("-")[0] in generic

    if any(names_nothing(w) for w in modifiers):
        if words[0].endswith("ly") and tags and tags[1] in _VERB_TAGS:
            return None  # an adverb and its verb: "to seamlessly reuse supervision"
        # "the learning" or "a little tuning": try without the first word
        if len(words) == 3 and not names_nothing(words[1]):
            words, tags = words[1:], (tags[1:] if tags else None)
        else:
            return None
    return words if _reads_as_noun_phrase(tags) else None


# tags of a word after which a noun phrase goes on: a determiner, a possessive, a
# number, an adjective or a name ("the", "their", "two", "new", "Chinchilla")
_NOUN_PHRASE_OPENERS = {"DT", "PRP$", "POS", "CD", "JJ", "JJR", "JJS", "NNP", "NNPS"}


def _opens_noun_phrase(doc: Doc, start: int) -> bool:
    """Is the word before the phrase found at `start` one after which a noun phrase goes on?"""
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    i = span.start - 1 if span is not None else -1
    while i >= 0 and doc[i].is_space:
        i -= 1
    return i >= 0 and doc[i].tag_ in _NOUN_PHRASE_OPENERS


def _reads_as_noun_phrase(tags: list[str] | None) -> bool:
    """Do the tags read the words as a noun phrase, not a verb and its object?
    Untagged text passes."""
    if not tags:
        return True
    return tags[0] not in _FIRST_VERB_TAGS and not _INNER_VERB_TAGS & set(tags[1:])


# the endings of words that name a process or a method ("estimation", "adjustment",
# "training", "analysis") or a kind of network ("autoencoder", "transformer")
_PROCESS_ENDING = re.compile(r"(?:tion|sion|ment|ing|sis|ence|ance|er|or)$")


def _names_a_process(long_form: str) -> bool:
    """Does a lower-case long form name a method? Its last word says what kind of
    thing it is; a generic first word ("new model (NM)") says it names nothing."""
    from spacy.lang.en.stop_words import STOP_WORDS

    words = long_form.split()
    last = words[-1].split("-")[-1]
    if words[0] in STOP_WORDS or words[0] in GENERIC_MODIFIERS:
        return False
    return last in TECHNIQUE_HEADS or last in METHOD_HEADS or bool(_PROCESS_ENDING.search(last))


_JOINING_WORDS = {"and", "of", "the", "for", "in", "to", "with", "on", "a", "from", "via", "by"}


def lower_long_form(words: list[str], acronym: str) -> str | None:
    """The shortest run of words ending the list whose letters spell the acronym:
    each word (or hyphen part) gives its first letter and may give later letters of
    its own ("autoencoder" gives A and E of FCMAE); joining words may give none
    ("whitening and coloring transform (WCT)"). None if no run spells it."""
    letters = [c for c in acronym if c.isalpha()]
    if len(letters) < 2:
        return None
    for start in range(len(words) - 1, -1, -1):
        if words[start] in _JOINING_WORDS:
            continue
        if _spells([p.lower() for w in words[start:] for p in w.split("-") if p], letters):
            long_form = " ".join(words[start:])
            return long_form[0].lower() + long_form[1:]  # "Pattern-exploiting training" opening a sentence
    return None


def _spells(parts: list[str], letters: list[str]) -> bool:
    """Do the parts spell the letters: each one (bar joining words) its first letter,
    and a long one ("autoencoder") maybe some of its later letters too?"""
    if sum(1 for p in parts if p not in _JOINING_WORDS) < 2:
        return False  # one word is not a long form ("data (DT)")

    def spell(k: int, i: int) -> bool:
        if k == len(parts):
            return i == len(letters)
        part = parts[k]
        if part in _JOINING_WORDS and spell(k + 1, i):
            return True
        if i >= len(letters) or part[0] != letters[i].lower():
            return False
        # after its first letter, or after each later one it holds: a long word's
        # ("autoencoder": AE), or one the acronym writes small ("low-rank": LoR)
        ends, pos = [i + 1], 1
        while ends[-1] < len(letters) and (len(part) >= 6 or letters[ends[-1]].islower()) \
                and letters[ends[-1]].lower() in part[pos:]:
            pos = part.index(letters[ends[-1]].lower(), pos) + 1
            ends.append(ends[-1] + 1)
        return any(spell(k + 1, j) for j in ends)

    return spell(0, 0)


def _acronym_fits(acronym: str, long_form: str) -> bool:
    """Letters of the acronym appear, in order, at word starts of the long form."""
    letters = [c.lower() for c in acronym if c.isalpha()]
    parts = [p.lower() for p in re.split(r"[\s-]+", long_form) if p]
    i = 0
    for part in parts:
        if i < len(letters) and part.startswith(letters[i]):
            i += 1
    # allow one letter taken from inside a word rather than from a word start
    return i >= max(2, len(letters) - 1)


def technique_family(long_form: str, acronym: str = "") -> str | None:
    """The family a newly named method belongs to, from its name."""
    for suffix, family in SUFFIX_FAMILIES:
        if acronym.endswith(suffix) or long_form.endswith(suffix):
            return family
    lowered = long_form.lower()
    if "adversarial network" in lowered:
        return "generative adversarial network"
    if "radiance field" in lowered:
        return "neural radiance field"
    if "diffusion" in lowered:
        return "diffusion model"
    last = lowered.split()[-1] if lowered.split() else ""
    return TECHNIQUE_HEADS.get(last)
