"""The NLP pass: named things in prose and how they relate to the unit's paper.

A relation read off the dependency tree ("researchers from X", "X's new
model", "built on X") gets a higher confidence than one inferred only because
two names share a section.

The modules: `passes` runs the pass over each block spaCy read; the readers
it is composed of are `organizations` (labs), `people` (bylines, author lists,
et al.), `tagged` (the names the vocabulary ruler tagged), `techniques`
(method phrases, acronyms, `technique_family`) and `builds_on` (buildsOn
cues); `tree` walks the parse, `own_system` tells the paper's own system, and
`patterns` holds the regular expressions.
"""

from kg.extract.nlp_pass.organizations import (
    affiliated_person,
    organization_cue,
    plausible_org_name,
)
from kg.extract.nlp_pass.passes import NlpPass
from kg.extract.nlp_pass.people import authored_cue, person_cue
from kg.extract.nlp_pass.techniques import technique_family
from kg.extract.nlp_pass.tree import nearest_cue

__all__ = [
    "NlpPass",
    "affiliated_person",
    "authored_cue",
    "nearest_cue",
    "organization_cue",
    "person_cue",
    "plausible_org_name",
    "technique_family",
]
