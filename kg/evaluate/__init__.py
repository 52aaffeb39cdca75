"""Score a built graph (the JSON export object) against hand-made gold files.

A gold file (YAML) describes what one document states::

    document: 000_7a45ea19deb02d84.txt   # base file name
    papers:
      - title: "High-resolution image synthesis with latent diffusion models"
        arxiv: "2112.10752"              # quoted string, or null
        year: 2022                       # or null
        authors: ["Rombach, R.", "Blattmann, A."]   # as written; may be empty
        code: ["https://github.com/CompVis/latent-diffusion"]
        organizations: ["NVIDIA"]        # optional: labs of this paper
        techniques: ["diffusion model"]  # optional: techniques the paper uses
        datasets: ["LAION-400M"]         # optional: datasets it is evaluated on
        builds_on: ["Stable Diffusion"]  # optional: systems it extends
        models: ["LDM"]                  # optional: models it introduces
        aliases: ["..."]                 # optional other titles
    organizations: ["Google Research", {name: Meta AI, aliases: [Meta]}]
    techniques: [...]      # same forms
    models: [...]          # optional
    people: [...]          # optional people not attached to papers
    relations:             # optional: relation gold (see below), extra triples
      - ["YOLOv8", "fromOrganization", "Ultralytics"]
    optional:              # optional: things neither rewarded nor penalised
      papers: [...]        # titles
      organizations: [...]
      techniques: [...]
      models: [...]
      people: [...]
      relations: [...]     # arguable triples

Only predicted entities whose ``sources`` include the gold document are
scored against it, and only relations with evidence in that document (or,
without evidence, between entities of that document).

Matching rules:

* names are normalised by casefolding, ASCII-folding and dropping punctuation
  and whitespace (``DALL·E 2`` == ``dalle-2``); a trailing plural ``s`` is
  ignored (``GANs`` == ``GAN``); a label or any alias may match the gold name
  or any of its aliases.
* a predicted Paper matches a gold paper by the same arXiv id, else by equal
  normalised titles, else when one normalised title contains the other and
  both have at least four words. Matching is one-to-one: a second predicted
  entity for the same paper is a false positive.
* people match by surname and first initial (``Rombach, R.`` == ``Robin
  Rombach``); a name without given names matches on the surname alone.
* organisations, techniques, models and people match many-to-one: two
  predicted entities for one gold item are both correct. A predicted
  Technique that is a gold Model (or the reverse) is not counted against
  precision (recall stays strict).
* repositories match on label or url, case-insensitively, without scheme,
  ``www.``, trailing slash or ``.git``; GitHub urls are reduced to
  ``owner/repo`` (``.../tree/main/x`` is the same repository).

Relations are scored per predicate only for gold files that have a top-level
``relations`` key (that key says the annotator wrote relation gold). The gold
triples are those of the key plus the ones the paper fields imply (authors ->
authoredBy, code -> hasCode, organizations -> fromOrganization, techniques ->
usesTechnique, datasets -> evaluatedOn, builds_on -> buildsOn, models ->
introduces). A paper is the same subject or object as the models it
introduces, so "DETR fromOrganization Meta AI" is found on the paper or on the
model. A predicted relation touching an optional item, or matching an
optional triple, is neither rewarded nor penalised; one whose subject is no
gold item is a false positive. ``confident`` is the precision of the scored
relations at confidence >= CONFIDENT, the threshold a user would filter at.

Scores are per document and micro-averaged overall (counts are summed).

The package, one concept a module: ``gold`` (the gold file format and its
loader), ``matching`` (name, title, arXiv and repository keys), ``people``
(person names), ``export`` (reading the graph export), ``entities`` and
``relations`` (scoring one document), ``report`` (counts and report
dataclasses), ``document`` (evaluating an export) and ``formatting`` (the
table and JSON forms).
"""

from kg.evaluate.document import evaluate
from kg.evaluate.formatting import format_report, report_json
from kg.evaluate.gold import (
    ARXIV_RE,
    ENTITY_TYPE,
    NAME_CATEGORIES,
    SCORED_PREDICATES,
    Gold,
    GoldPaper,
    Item,
    OptionalItems,
    Triple,
    load_gold,
)
from kg.evaluate.matching import (
    MIN_CONTAINED_WORDS,
    fold,
    key,
    keys_match,
    names_match,
    norm_arxiv,
    repo_key,
    titles_match,
    words,
)
from kg.evaluate.people import each_author_once, name_key, people_match
from kg.evaluate.relations import CONFIDENT
from kg.evaluate.report import (
    RATIO_FIELDS,
    SCORE_FIELDS,
    DocumentReport,
    Ratio,
    Report,
    Score,
)

__all__ = [
    "ARXIV_RE",
    "CONFIDENT",
    "ENTITY_TYPE",
    "MIN_CONTAINED_WORDS",
    "NAME_CATEGORIES",
    "RATIO_FIELDS",
    "SCORED_PREDICATES",
    "SCORE_FIELDS",
    "DocumentReport",
    "Gold",
    "GoldPaper",
    "Item",
    "OptionalItems",
    "Ratio",
    "Report",
    "Score",
    "Triple",
    "each_author_once",
    "evaluate",
    "fold",
    "format_report",
    "key",
    "keys_match",
    "load_gold",
    "name_key",
    "names_match",
    "norm_arxiv",
    "people_match",
    "repo_key",
    "report_json",
    "titles_match",
    "words",
]
