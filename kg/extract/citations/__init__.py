"""Reference entries, author lists, venues and inline citations.

Pure string functions: they read the citation styles people actually use in
posts and paper lists (Harvard, APA, IEEE, MLA/Chicago, BibTeX-like author
lists, "Surname et al., YEAR, Title, URL", markdown list items) without any
NLP model. Every function accepts arbitrary text and never raises.

One module per concept: orgs (organisation names), names (person names),
authors (author lists), titles, venues, awards, inline (author-year
citations), and for reference entries markup, heads (the authors part),
segments (title and venue) and references (parse_reference).
"""

from __future__ import annotations

from .authors import has_et_al, parse_author_list
from .awards import award_from_text
from .inline import citation_key, inline_citations
from .names import is_name_list, person_key, split_name
from .orgs import canonical_org, is_organization, lab_list_parts, names_organization
from .references import Reference, parse_reference
from .titles import normalize_title
from .venues import venue_from_text

__all__ = [
    "Reference",
    "award_from_text",
    "canonical_org",
    "citation_key",
    "has_et_al",
    "inline_citations",
    "is_name_list",
    "is_organization",
    "lab_list_parts",
    "names_organization",
    "normalize_title",
    "parse_author_list",
    "parse_reference",
    "person_key",
    "split_name",
    "venue_from_text",
]
