"""buildsOn read off a cue ("extends X", "fine-tunes a pretrained X") followed,
within the clause, by the name of a system the document or vocabulary knows."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from kg.extract.confidence import FIRST_GUESS
from kg.extract.nlp_pass.patterns import _CLAUSE_END, _SYSTEM_NAME, BUILDS_ON_CUE
from kg.extract.nlp_pass.tree import doc_text
from kg.extract.text import entity_key, sentence_around


class BuildsOnReading:
    """NLP-pass methods: the systems a unit's paper says it builds on."""

    def _cued_builds_on(self, doc: Doc, offset: int, subject: str) -> None:
        """'Extends Nerfies with ...', 'fine-tunes a pretrained StyleGAN2', 'built on
        NVIDIA's earlier progressive growing GAN (ProGAN)': the unit's paper builds on
        a system the document or the vocabulary knows by that name, even where no
        tagger read the name (a system named only in a list entry). A model named
        in the clause is preferred to a technique ("... GAN (ProGAN)": ProGAN)."""
        text = doc_text(doc)
        for m in BUILDS_ON_CUE.finditer(text):
            stop = _CLAUSE_END.search(text, m.end(), min(len(text), m.end() + 80))
            window = text[m.end(): stop.start() if stop else min(len(text), m.end() + 80)]
            if re.match(r"\s*(?:such\s+as|like)\b", window):
                continue  # "fine-tunes such as Alpaca": the noun, said of the systems that follow
            found = []
            for name_m in _SYSTEM_NAME.finditer(window):
                words = name_m.group().split()
                for n in range(len(words), 0, -1):
                    name = re.sub(r"['’]s$", "", " ".join(words[:n]).rstrip(".,;:)"))  # "NVIDIA's"
                    target = self._known_system(name)
                    if target is not None:
                        found.append(target)
                        break
            models = [t for t in found if self.b.type_of(t) == "Model"]
            target = (models or found or [None])[0]
            if target is None:
                target = self._coined_system(window, offset, text, m)
            if target is None or self.b.has_relation(subject, "introduces", target):
                continue  # unknown, or the paper's own system
            s_start, s_end = sentence_around(text, m.start(), m.end())
            ev = self.b.evidence(offset + s_start, offset + s_end, text[s_start:s_end],
                                 "pattern:builds-on-cue", FIRST_GUESS["pattern:builds-on-cue"])
            self.b.relate(subject, "buildsOn", target, ev)

    def _coined_system(self, window: str, offset: int, text: str, cue: re.Match) -> str | None:
        """A system the text names only here, right after the cue ("Extends DreamerV2:",
        "build on their earlier S4 line"): a coined name (mixed case, or letters and
        digits) that nothing else types is a model."""
        m = re.match(r"\s*(?:(?:the|their|its|our|a|an|earlier|original|own|prior)\s+){0,3}"
                     r"(?P<name>[A-Z][A-Za-z]*\d[\w.-]*|[A-Z][a-z]+[A-Z][\w.-]*|[a-z]+[A-Z][\w.-]*)(?![\w-])", window)
        if m is None:
            return None
        name = m.group("name").rstrip(".-")
        if self.vocab is not None and self.vocab.by_alias(name) is not None:
            return None  # typed otherwise (a dataset, a lab)
        s_start, s_end = sentence_around(text, cue.start(), cue.end())
        ev = self.b.evidence(offset + s_start, offset + s_end, text[s_start:s_end],
                             "pattern:builds-on-cue", FIRST_GUESS["pattern:builds-on-cue"])
        return self.b.mention("Model", name, [entity_key("Model", name)], ev, label_rank=1)

    def _known_system(self, name: str) -> str | None:
        """The document's Model or Technique mention named `name`, if there is one."""
        for type_ in ("Model", "Technique"):
            found = self.b.lookup(entity_key(type_, name))
            if found is not None:
                return found
        entry = self.vocab.by_alias(name) if self.vocab is not None and name else None
        if entry is not None and entry.type in ("Model", "Technique"):
            return self.b.lookup(entity_key(entry.type, entry.label))
        return self._paper_abbreviated(name)

    def _paper_abbreviated(self, name: str) -> str | None:
        """The document's paper whose title the short name abbreviates ("3DGS" for "3D
        Gaussian Splatting for Real-Time Radiance Field Rendering"): its title's first
        words give the letters, a word like "3D" giving itself."""
        if not re.fullmatch(r"[A-Z0-9][A-Za-z0-9]{2,7}", name) or sum(c.isupper() for c in name) < 2:
            return None
        for pid in self.b.ids_of_type("Paper"):
            words = re.findall(r"[A-Za-z0-9]+", self.b.label_of(pid))
            initials = ""
            for word in words:
                initials += word if re.fullmatch(r"\d+[A-Z]", word) else word[0]
                if initials.upper() == name.upper():
                    return pid
                if len(initials) >= len(name):
                    break
        return None
