"""Techniques named by their form: method phrases ("preference learning"),
acronym definitions ("Group Normalization (GN)") and the family a new name
belongs to (`technique_family`)."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from kg.extract.confidence import FIRST_GUESS
from kg.extract.cues import GENERIC_MODIFIERS, NEGATIONS
from kg.extract.nlp_pass.patterns import ACRONYM, METHOD_PHRASE
from kg.extract.text import entity_key, sentence_around, squash

# a method name's head word -> the family it names ("instruction tuning" is fine-tuning)
TECHNIQUE_HEADS = {
    "network": "neural network", "networks": "neural network", "transformer": "transformer",
    "transformers": "transformer", "normalization": "normalization", "normalisation": "normalization",
    "attention": "attention mechanism", "autoencoder": "autoencoder", "autoencoders": "autoencoder",
    "convolution": "convolution", "convolutions": "convolution", "field": "neural radiance field",
    "fields": "neural radiance field", "model": "generative model", "models": "generative model",
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

    def _method_phrases(self, doc: Doc, offset: int, subject: str | None) -> None:
        """Techniques outside the vocabulary, recognised by the form of their name.

        The head noun says what kind of method it is (and gives its broader term:
        "instruction tuning" is a kind of fine-tuning); modifiers that are stop
        words, adverbs or generic ("the same attention") make no name.
        """
        from spacy.lang.en.stop_words import STOP_WORDS

        text = doc.text
        taken = [(e.start_char, e.end_char) for e in doc.ents]
        for m in METHOD_PHRASE.finditer(text):
            phrase = m.group("phrase") or m.group("compound")
            if phrase[0].isupper():
                phrase = phrase[0].lower() + phrase[1:]
            words = phrase.split()
            if len(words) == 3 and re.search(r"(?<![su])s$|ed$|ing$", words[0]):
                words = words[1:]  # "uses grouped-query attention": a verb before the name
                phrase = " ".join(words)
            modifiers = words[:-1] if m.group("phrase") else [phrase.rsplit("-", 1)[0]]
            if len(modifiers) == 1 and re.search(r"(?<![su])s$|ing$", modifiers[0]):
                continue  # "distils attention", "utilizing learning": a verb, not a modifier
            if any(w in STOP_WORDS or w in GENERIC_MODIFIERS or w.endswith("ly") or w.isdigit()
                   for w in modifiers):
                # "the learning" or "a little tuning": try without the first word
                if len(words) == 3 and words[1] not in STOP_WORDS | GENERIC_MODIFIERS:
                    phrase, words = " ".join(words[1:]), words[1:]
                else:
                    continue
            start = m.start() + m.group(0).lower().find(phrase.lower())
            end = start + len(phrase)
            if any(a < end and start < b for a, b in taken):
                continue  # the vocabulary ruler or NER already read it
            if self.vocab is not None and self.vocab.by_alias(phrase) is not None:
                continue
            s_start, s_end = sentence_around(text, start, end)
            ev = self.b.evidence(offset + s_start, offset + s_end, text[s_start:s_end],
                                 "form:method-phrase", FIRST_GUESS["form:method-phrase"])
            head = words[-1] if m.group("phrase") else phrase.rsplit("-", 1)[1]
            # the broader term only where the vocabulary has it: a skos:broader must be a technique
            broader_entry = (self.vocab.by_alias(TECHNIQUE_HEADS[head], "Technique")
                             if head in TECHNIQUE_HEADS and self.vocab is not None else None)
            broader = broader_entry.label if broader_entry is not None else None
            attrs = {"broader": (broader,)} if broader and broader != phrase else {}
            mid = self.b.mention("Technique", phrase, [entity_key("Technique", phrase)], ev,
                                 attrs=attrs, label_rank=1)
            window = text[max(s_start, start - 60) : start].lower().split()[-8:]
            if subject and not any(w.strip(",;:()") in NEGATIONS | {"unlike"} for w in window):
                self.b.relate(subject, "usesTechnique", mid, ev)
            taken.append((start, end))

    def _acronyms(self, doc: Doc, offset: int, subject: str | None) -> None:
        """'Group Normalization (GN)': a named method and its acronym."""
        for m in ACRONYM.finditer(doc.text):
            long_form, acronym = squash(m.group(1)), m.group(2)
            words = long_form.split()
            initials = "".join(w[0] for w in re.split(r"[\s-]+", long_form) if w and w[0].isupper())
            if acronym[0].upper() != words[0][0].upper() or len(initials) < 2:
                continue
            if not _acronym_fits(acronym, long_form):
                continue
            entry = self.vocab.by_alias(long_form) or self.vocab.by_alias(acronym) if self.vocab is not None else None
            sentence_start = max(doc.text.rfind(". ", 0, m.start()) + 2, 0)
            sentence_end = doc.text.find(". ", m.end())
            sentence = doc.text[sentence_start : sentence_end if sentence_end != -1 else len(doc.text)]
            ev = self.b.evidence(offset + sentence_start, offset + sentence_start + len(sentence), sentence,
                                 "acronym-definition", FIRST_GUESS["acronym-definition"])
            if entry is not None:
                if entry.type not in ("Technique", "Model", "Dataset", "Task"):
                    continue
                mid = self.vocab_mention(entry.type, entry.label, long_form, ev)
                self.b.mention(entry.type, entry.label, [entity_key(entry.type, entry.label)],
                               ev, aliases=(acronym,))
            else:
                broader = technique_family(long_form, acronym)
                if broader is None:
                    continue
                key = entity_key("Technique", long_form)
                mid = self.b.mention("Technique", long_form, [key, entity_key("Technique", acronym)],
                                     ev, aliases=(acronym,), attrs={"broader": (broader,)}, label_rank=2)
            if subject:
                self.b.relate(subject, "usesTechnique" if self.b.type_of(mid) == "Technique" else "mentions", mid, ev)


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
