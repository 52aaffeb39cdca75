"""Names the vocabulary ruler tagged (techniques, tasks, datasets, models): how
each relates to the unit's subject, by title, negation or a cue in the tree."""

from __future__ import annotations

import re

from kg.extract import citations
from kg.extract.citations import split_name
from kg.extract.confidence import FIRST_GUESS
from kg.extract.cues import COMPARISONS, cue_steps, cue_window
from kg.extract.nlp_pass.own_system import _name_key, _names_paper
from kg.extract.nlp_pass.patterns import ET_AL, ORG_SHAPE
from kg.extract.nlp_pass.tree import _negated, _possessed, _sentence, doc_text, nearest_cue
from kg.extract.text import entity_key


class TaggedReading:
    """NLP-pass methods: relations of the names the vocabulary ruler tagged."""

    def _typed(self, doc, offset, ent, type_, canonical, surface, subject, subject_type, subject_label):
        if type_ in ("Dataset", "Task") and citations.normalize_title(surface) in self.paper_titles:
            return  # a paper title that a gazetteer also lists ("Everybody Dance Now")
        in_title = subject is not None and (
            canonical.casefold() in subject_label.casefold() or surface.casefold() in subject_label.casefold())
        if subject_type == "Model" and _name_key(canonical) == _name_key(subject_label):
            return  # the unit's own system
        if ORG_SHAPE.match(doc_text(doc), ent.end_char + 1) and doc_text(doc)[ent.end_char : ent.end_char + 1] == " ":
            return  # "ShanghaiTech University": the first word of a lab's name, not the dataset
        negated = _negated(ent)
        if in_title:
            method, conf = "title", FIRST_GUESS["ruler:title"]
        elif negated:
            method, conf = "cooccurrence", FIRST_GUESS["ruler:cooccurrence/negated"]  # "they did not use X"
        else:
            cued = nearest_cue(ent, cue_steps(type_))
            if cued == "dep:builds-on" and type_ == "Technique" and _possessed(ent):
                cued = "dep:uses"  # "builds on DreamFusion's score distillation": DreamFusion is built on
            method, conf = ((cued, FIRST_GUESS["ruler:cued"]) if cued is not None
                            else ("cooccurrence", FIRST_GUESS["ruler:cooccurrence"]))
        ev = self.evidence(doc, offset, ent, f"ruler:{method}", conf)
        mid = self.vocab_mention(type_, canonical, surface, ev)
        if type_ == "Model":
            self._model_owner(doc, offset, ent, canonical, surface, mid)
        if subject is None:
            return
        if negated and type_ in ("Technique", "Dataset", "Model"):
            self.b.relate(subject, "mentions", mid, ev)  # "without X": named, not used
            return
        if method == "cooccurrence" and type_ in ("Technique", "Dataset") and self._said_of_another(doc, ent, subject):
            self.b.relate(subject, "mentions", mid, ev)  # "#NeRF", "matches Transformers", "BERT's MLM"
            return
        if type_ == "Technique" and method == "title" and _titled_by(subject_label, canonical, surface):
            predicate = "introduces"  # "Direct Preference Optimization: Your Language Model is ..."
        elif type_ == "Technique":
            predicate = "buildsOn" if method == "dep:builds-on" else "usesTechnique"
        elif type_ == "Task":
            predicate = "addressesTask"
        elif type_ == "Dataset":
            predicate = "evaluatedOn"
        elif type_ == "Model":
            introduced = tuple(self.b.label_of(o) for o in self.b.objects_of(subject, "introduces"))
            if subject_type == "Paper" and _names_paper(canonical, surface, subject_label, introduced):
                # the paper's own system: named in its title or abbreviated from it
                self.b.relate(subject, "introduces", mid, self.b.evidence(ev.start, ev.end, ev.sentence, "ruler:own-system", FIRST_GUESS["ruler:own-system"]))
                return
            predicate = "buildsOn" if method == "dep:builds-on" else "mentions"
        else:
            predicate = "mentions"
        self.b.relate(subject, predicate, mid, ev)

    def _said_of_another(self, doc, ent, subject: str) -> bool:
        """Is a name merely near the paper said of something else: a post's hashtag, a
        system it is compared with, another system's part, or a work cited in its
        sentence ("BART (Lewis et al., 2020) ... a denoising autoencoder")?"""
        if ent.start_char > 0 and doc_text(doc)[ent.start_char - 1] == "#":
            return True
        if any(t.lower_ in COMPARISONS for t in cue_window(ent)):
            return True
        owner = next((e for e in doc.ents if e.end == ent.start - 1 and e.label_ == "MODEL"), None) \
            if _possessed(ent) else None
        if owner is not None:
            name = owner.ent_id_.split("|", 1)[1] if "|" in owner.ent_id_ else owner.text
            owner_id = self.b.lookup(entity_key("Model", name))
            if owner_id is None or not self.b.has_relation(subject, "introduces", owner_id):
                return True  # "BERT's masked language modeling" in a paper that is not BERT's
        surnames = {split_name(self.b.label_of(p))[1].casefold() for p in self.b.objects_of(subject, "authoredBy")}
        sent = _sentence(doc, ent)
        cited = {m.group("surname").split()[-1].casefold() for m in ET_AL.finditer(sent.text)}
        return bool(surnames and cited and not cited & surnames)


def _titled_by(title: str, canonical: str, surface: str) -> bool:
    """Does the paper's title open with the name, whole or before its colon
    ("Direct Preference Optimization: Your Language Model is Secretly a Reward Model")?
    A versioned surface read as its base ("FlashAttention-2" as FlashAttention) does not."""
    head = title.split(":", 1)[0].strip().casefold()
    versioned = re.search(r"[-\s]?v?\d+(?:\.\d+)?$", surface) and not re.search(r"\d$", canonical)
    return canonical.casefold() == head or (surface.casefold() == head and not versioned)
