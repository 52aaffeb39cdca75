"""The structure pass: papers, code, authors and references from layout.

Writing about papers follows a few layouts: a heading per paper with
"Paper:"/"Code:" lines, numbered entries "N. [Title](url), by A, B and C",
awesome-list lines "- [Title](url), Author et al., Venue YEAR | [code](url)",
a reference list, and social posts that end with the title of the paper they
share. This pass reads those layouts; it never looks at what a particular
document says.

It also cuts the document into units (a section, a numbered entry, a post):
sentences in a unit are about the unit's paper, which the NLP pass uses.

The modules: `units` cuts the document, `unit_papers` reads one unit,
`headings`, `entries`, `tables`, `references`, `metadata` and `prose` read
one layout each, `mentions` records what they find and `passes` runs them.
"""

from kg.extract.structure.passes import structure_pass
from kg.extract.structure.units import StructureResult, Unit

__all__ = ["StructureResult", "Unit", "structure_pass"]
