"""The regular expressions the NLP pass reads by form: bylines, author lists in
prose, "et al.", acronym definitions, method phrases, buildsOn cues, lab names."""

from __future__ import annotations

import re

from kg.extract.text import CUED_YEAR_PATTERN

# "extends Nerfies", "fine-tunes a pretrained StyleGAN2", "modify DPO", "the successor to
# YOLOv5": a cue, then (within the clause) the name of a system the document knows
BUILDS_ON_CUE = re.compile(
    r"\b(?i:extends|extending|extended|modif(?:y|ies|ied|ying)|(?:builds?|built|building)\s+(?:on|upon)"
    r"|on\s+top\s+of|improves?\s+(?:on|upon)|variants?\s+of|derived\s+from|adapted\s+from"
    r"|fine-?tun(?:es?|ed)|fine-?tuning\s+of|same\s+architecture\s+as|generali[sz]es"
    r"|starts?\s+from|initiali[sz]ed\s+(?:from|with)|successor\s+to|sequel\s+to|follow-?up\s+to"
    r"|keeps?\s+the\s+architecture\s+of|distill(?:ed|s)?\s+from|distillation\s+of)\b")
# what may follow the cue before the name ends the search: the rest of the clause
_CLAUSE_END = re.compile(r"[.;:!?]\s|[.;:!?]$|,\s|\s(?:and|but|which|that|while|so)\s")
_SYSTEM_NAME = re.compile(r"(?:[A-Z]|\d+[A-Za-z])[\w.+/-]*(?:\s[A-Z0-9][\w.+/-]*){0,3}")  # "StyleGAN2", "3DGS"

# "By A, B and C at Lab.", "by A and B (Lab)", "by A, B and C, all three at Lab," at the
# start of a sentence or a line
BYLINE = re.compile(r"(?:^|(?<=[.!?]\s)|(?<=\n))[Bb]y\s+(?P<names>[A-Z](?:[^.;:()\n]|(?<=\b[A-Z])\.){2,200}?)"
                    r"(?:(?:,?\s+(?:all|both)(?:\s+(?:three|four|five|six|of\s+them))?)?\s+(?:at|from|of)\s+"
                    r"(?P<org>[A-Z][^.;:()\n]{1,80}?)(?=\s*[.;,(\n]|\s+[a-z]|$)"
                    r"|\s*\((?P<labs>[^()\n]{2,80})\)|(?=\s*[;(\n]|$|(?<![\s.][A-Z])\.(?:\s|$)))")
# author lists in prose about a paper, by how they are written (NAME: a full name)
_NAME = r"[A-Z][\w'’.-]+(?:\s+(?:van|von|de|der|da|di|le|la)?\s*[A-Z][\w'’.-]+){1,3}"
_NAMES = rf"{_NAME}(?:\s*(?:,\s*(?:and\s+)?|\s&\s|\sand\s){_NAME}){{0,11}}"
_ORG = r"(?:the\s+)?(?P<org>[A-Z][^.;:()\n]{1,80}?)"
# '*Title* by A, B and C picks up ...', '"Title" by A and B'
_BY_AFTER_TITLE = re.compile(rf"[*_”\")]\s*,?\s*by\s+(?P<names>{_NAMES})")
# "*Title* (Andrew Brock, Jeff Donahue, Karen Simonyan; DeepMind)"
_LIST_AFTER_TITLE = re.compile(rf"[*_”\"]\s*\((?P<names>{_NAMES})(?:;\s*{_ORG})?\)")
PROSE_AUTHORS = (
    # "Tanmay Gupta & Aniruddha Kembhavi from the Allen Institute for AI."
    re.compile(rf"(?:^|(?<=[.!?]\s)|(?<=\n)|(?<=\(\s)|(?<=\())(?P<names>{_NAMES})"
               rf"(?:,?\s+among\s+others)?\)?\s+(?:from|at)\s+{_ORG}"
               r"(?=\s*[.;,(\n]|\s+(?!of\b|for\b|and\b|the\b|de\b|in\b)[a-z]|$)"),
    # "The authors (A, B & C, among others) from X"
    re.compile(rf"\b[Aa]uthors\s*\((?P<names>{_NAMES})(?:,?\s+among\s+others)?\)"),
    _BY_AFTER_TITLE,
    _LIST_AFTER_TITLE,
    # "Albert Gu (CMU) and Tri Dao (Princeton) make ..."
    re.compile(rf"(?:^|(?<=[.!?]\s)|(?<=\n)|(?<=[^\w\s]\s))(?P<names>{_NAME}\s*\([^()]{{2,40}}\)"
               rf"(?:\s*(?:,|and|&)\s*{_NAME}\s*\([^()]{{2,40}}\))+)"),
)
AFTER_TITLE_MARKS = (_BY_AFTER_TITLE, _LIST_AFTER_TITLE)
# a bare list of full names ("A, B and C", "A, B et al.", "A, B & co."), whatever precedes it
# (a name's words never cross a line break: a title line above is not part of the first name)
# and a possessive ends a name: "Intel Labs' Stephan R. Richter, ..." lists from Stephan
_ONE_LINE_NAME = _NAME.replace(r"\s", r"[^\S\n]").replace(r"[\w'’.-]+", r"[\w'’.-]*[\w.]")
NAME_LIST = re.compile(rf"(?<![\w'’-])(?P<names>{_ONE_LINE_NAME}(?:\s*,\s*{_ONE_LINE_NAME})*"
                       rf"(?:\s*,?\s*(?:and|&)\s+{_ONE_LINE_NAME})?)"
                       r"(?P<more>,?\s+(?:et\s+al\b|and\s+co\b\.?|and\s+co-?authors\b))?")
# a person name's words: capitalised, with hyphens, apostrophes, initials and particles
_PERSON_WORD = re.compile(r"^(?:[A-Z][a-zà-ÿ'’]+(?:-[A-Z]?[a-zà-ÿ'’]+)*|[A-Z]\.|[A-Z][a-z]+[A-Z][a-z]+|van|von|de|der|da|di|le|la)$")
_AND_COLLEAGUES = r"and\s+(?:(?:his|her|their)\s+)?(?:colleagues|co-?authors|collaborators)\b"
# "Ho et al.", and its spelled-out forms "Carion and colleagues", "Karras and co-authors"
ET_AL = re.compile(rf"\b(?P<surname>[A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+)?)\s+(?:et\s+al\.?|{_AND_COLLEAGUES})"
                   r"(?:\s*[,(]?\s*(?:[A-Z][A-Za-z]+\s+)?(?P<year>" + CUED_YEAR_PATTERN + "))?")
# what follows a person's name, never a lab's
_PEOPLE_AFTER = re.compile(rf"\s+(?:et\s+al\b|{_AND_COLLEAGUES})")
ACRONYM = re.compile(r"((?:[A-Z][\w'-]*[ \t]+(?:[a-z]{1,3}[ \t]+)?){0,6}[A-Z][\w'-]*)[ \t]*\(([A-Z][A-Za-z0-9-]{1,9})s?\)")
# the same in lower case ("generalized advantage estimation (GAE)"): up to six words
# before the acronym; which of them make the long form is settled by its letters
ACRONYM_LOWER = re.compile(r"((?:[A-Z][a-z0-9'-]*[ \t]+)?(?:[a-z][a-z0-9'-]*[ \t]+){1,6})\(([A-Z][A-Za-z0-9-]{1,9})s?\)")
# "a technique called "temporal outpainting"", "a trick known as Layer Dropping": the
# text names a method it has just said is one (quoted, capitalised, or one to three
# lower-case words up to a break)
_CALLED_NOUNS = r"(?:technique|method|approach|trick|mechanism|procedure|strategy|scheme|algorithm|process|objective|loss)"
CALLED_TECHNIQUE = re.compile(
    rf"\b{_CALLED_NOUNS}s?,?\s+(?:called|named|dubbed|termed|known\s+as)\s+"
    r"(?:[\"“'‘](?P<quoted>[^\"”'’\n]{3,60})[\"”'’]"
    r"|(?P<named>[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})"
    r"|(?P<plain>[a-z][a-z-]+(?:\s+[a-z][a-z-]+){0,2})(?=\s*[,.;:)!?]|\s*$))"
)
# a lower-case phrase of two to four words set in italics ("their *replaced token
# detection* task", "<em>instruction modelling</em>"): the writer marks a term
_TERM = r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?: [a-z][a-z0-9]*(?:-[a-z0-9]+)*){1,3}"
EMPHASISED_TERM = re.compile(
    rf"(?<![\w*])\*(?P<star>{_TERM})\*(?![\w*])|(?<![\w])_(?P<underscore>{_TERM})_(?![\w])"
    rf"|<(?:em|i)>(?P<html>{_TERM})</(?:em|i)>"
)
ORG_SHAPE = re.compile(r"\b(?:Universit\w*|Institute|Lab|Labs|Laboratory|Research|College|School|Academy|Centre|"
                       r"Center|Inc|Corp|AI|DeepMind|Technologies|Foundation)\b")
# plural heads and the singular a method's label takes ("sparse convolutions" names
# sparse convolution)
PLURAL_HEADS = {"convolutions": "convolution", "encodings": "encoding", "losses": "loss", "fields": "field",
                "kernels": "kernel", "networks": "network", "decoders": "decoder", "objectives": "objective",
                "optimizers": "optimizer"}
# a method named by its form: modifiers, then a head noun that names a kind of method
# ("preference learning", "layer pruning", "parameter-efficient fine-tuning") or a part
# of one ("mask decoder", "deformation field", "clipped surrogate objective")
METHOD_HEADS = (
    "learning", "tuning", "fine-tuning", "finetuning", "distillation", "pruning", "merging",
    "augmentation", "quantization", "embeddings", "prompting", "pretraining", "pre-training",
    "attention", "replay", "splatting", "pooling",
    "decomposition", "parameterization", "re-parameterization",
    "rendering", "adjustment", "divergence", "programming", "search", "warping",
    "encoding", "transform", "suppression", "rasterization", "descent", "scan", "loss",
    "regularization", "retrieval", "sampling",
    "estimation", "conditioning", "objective", "supervision", "regression", "mechanism",
    "filtering", "extraction", "alignment", "interaction", "curriculum", "decoder", "network",
    "field", "convolution", "optimizer", "fusion", "assignment", "verification",
    # a decoding or routing scheme, a normalisation or dropout, a theorem or law a method rests on
    "decoding", "routing", "gating", "clipping", "dropout", "initialization", "normalization",
    "theorem", "law", "laws", "privacy", "attack", "corruption", "noising", "tagging", "probing",
    "marginalization", "interpolation", "isolation", "densification", "sparsification", "dilation",
    # a data structure or component a method is built from ("sparse voxel octree", "cost volume")
    "grid", "octree", "volume", "harmonics", "patches", "rasterizer", "retriever", "adapter", "adapters",
    "functions", "library", "engine", "head",
) + tuple(PLURAL_HEADS)
_MODIFIER = r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*"
# the first word may be capitalised where a sentence, a table cell or a bold label starts
# ("Layer pruning, ...", "**Retrievers.** Sparse lexical retrieval"), or be a short
# acronym ("MSE loss", "KL divergence", "L1 regularization")
# (markup may be blanked to spaces before the text is read: "**Losses.** Sparse")
_SENTENCE_START = r"(?:(?<=^)|(?<=[.!?|:*]\s)|(?<=[.!?|:*]\s\s\s)|(?<=\n))"
_FIRST = ("(?:" + _SENTENCE_START + r"[A-Z][a-z0-9]*(?:-[a-z0-9]+)*|"
          r"(?<![\w-])[A-Z][A-Z0-9]{1,3}(?![\w-])|" + _MODIFIER + ")")
# words of a name are apart by spaces, or by a line break inside wrapped prose (not before
# a capitalised word, which starts a line of its own: "Results.\nSparse convolutions")
_GAP = r"(?:[ \t]+|[ \t]*\n[ \t]*(?=[a-z]))"
METHOD_PHRASE = re.compile(
    rf"(?<![\w'’-])(?P<phrase>(?:{_FIRST}{_GAP}){{0,1}}{_FIRST}{_GAP}(?P<head>{'|'.join(METHOD_HEADS)}))(?![\w-])"
    rf"|(?<![\w-])(?P<compound>(?:[a-z]+|{_SENTENCE_START}[A-Z][a-z]+)-(?:{'|'.join(METHOD_HEADS)}))(?![\w-])"
)


# numeric citations: "[7]", "[3, 9]", "[4-6]" (the numbers in the group)
NUMERIC_CITATION = re.compile(r"\[(\d{1,3}(?:\s*[,–-]\s*\d{1,3}){0,8})\]")
# a citation in a sentence: numeric, or "et al. 2021", "et al., 2021", "et al. (2021)"
CITATION_SHAPE = re.compile(NUMERIC_CITATION.pattern + r"|\bet\s+al\.?,?\s*\(?(?:19|20)\d\d")


def needs_tags(sent) -> bool:
    """Does the sentence hold a method-phrase candidate, whose words the
    part-of-speech tags must confirm as a noun phrase (nlp_pass.techniques), or a
    citation, which is the sentence's subject only before its first verb?"""
    return METHOD_PHRASE.search(sent.text) is not None or CITATION_SHAPE.search(sent.text) is not None
