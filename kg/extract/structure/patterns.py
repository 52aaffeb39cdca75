"""Patterns and label sets the structure pass reads layout with."""

from __future__ import annotations

import re

from kg.extract.text import CUED_YEAR_PATTERN

REFERENCE_HEADING = re.compile(
    r"^\W*(?:paper\s+|full\s+)?(?:references?|bibliography|works\s+cited|citations|cited\s+papers)"
    r"(?:\s*\([\w\s,.-]{1,30}\))?\W*$",  # "References (excerpt)"
    re.IGNORECASE,
)
# "Paper:", "**Code:**", "* Short read:" ... the label before a link on a line
FIELD = re.compile(r"^[\s>*+\-_]*(?P<field>[A-Za-z][A-Za-z .']{0,24}?)\s*[*_]*\s*:\s*[*_]*\s*", re.MULTILINE)
PAPER_FIELDS = {"paper", "papers", "arxiv", "pdf", "publication", "preprint", "paper link", "original paper",
                "research paper", "read"}
CODE_FIELDS = {"code", "github", "source code", "repo", "repository", "implementation", "official code", "official implementation", "codes"}
PROJECT_FIELDS = {"project", "project page", "website", "homepage", "page"}
CODE_LABEL = re.compile(r"^\W*(?:official\s+)?(?:code|github|source(?:\s+code)?|repo(?:sitory)?|implementation|pytorch|tensorflow|jax)\W*$", re.IGNORECASE)
NON_TITLE_LABEL = re.compile(
    r"^\W*(?:code|paper|pdf|arxiv|blog|project|project page|website|demo|video|here|link|this|this paper|"
    r"github|colab|slides|poster|talk|tweet|thread|read more|more|abstract|dataset|data)\W*$",
    re.IGNORECASE,
)
# a link labelled by its arXiv id ("**arXiv:** [2010.11929](...)"): no title
ARXIV_ID_LABEL = re.compile(r"^\W*(?:arxiv:?\s*)?\d{4}\.\d{4,5}(?:v\d+)?\W*$", re.IGNORECASE)
BY_AUTHORS = re.compile(r"^\s*[,;:–—-]?\s*by\s+(?P<authors>[^|\n]+)", re.IGNORECASE)
AUTHOR_FIELDS = {"authors", "author", "by", "written by", "who"}
VENUE_FIELDS = {"venue", "conference", "published", "published in", "published at", "accepted at", "journal"}
YEAR_FIELDS = {"year", "date", "published on"}
TITLE_FIELDS = {"title", "paper title"}
LAB_FIELDS = {"affiliation", "affiliations", "institution", "institutions", "lab", "labs", "organization",
              "organizations", "organisation", "organisations"}
NUMBERED_LINE = re.compile(r"^\s*\d{1,3}[.)]\s+\S")
LEADING_MARKER = re.compile(r"(?:[ \t>+\-]|\*(?!\*))*(?:\d{1,3}[.)])?[ \t]*")  # bullets, not **bold**
# where a plain-text title ends: a dash, "by", or a full stop before a capitalised word
PLAIN_TITLE_END = re.compile(r"\s+[—–]\s+|\s+-\s+|,?\s+by\s+(?=[A-Z])|\.\s+(?=[A-Z])")
PAPER_LABEL = re.compile(r"^\W*(?:paper|pdf|arxiv|preprint)\W*$", re.IGNORECASE)
LEADING_ITEM = re.compile(r"^[\s>*+\-]*(?:\d{1,3}[.)])?\s*$")
# a system's name before the link to its paper: "**Name**:", "Name -", "*Name* —"
SYSTEM_BEFORE_LINK = re.compile(
    r"(?:\*\*|\*|__)?(?P<name>[^\s*_:\[\]][^*_:\[\]]{0,30}?)(?:\*\*|\*|__)?\s*[:\-–—]\s*"
)
# a title in straight or curly double quotes (one group each)
QUOTED_TITLE = r"(?:\"([^\"]{6,})\"|“([^”]{6,})”)"
HASHTAG_LINE = re.compile(r"^(?:\s*#[\w-]+)+\s*$")
HANDLE_LINE = re.compile(r"^\s*@?[\w.+-]+@[\w.-]+\.\w+\s*$|^\s*@\w{2,30}\s*$")
ATTRIBUTION_TAIL = re.compile(r"\s[-–—|]\s+(?:[A-Z][\w'.]*\s*){1,4}$")
ANNOUNCEMENT = re.compile(r"^(?:introducing|announcing|meet|reaction|watch|new:|breaking)\b", re.IGNORECASE)
YEARLY = re.compile(
    r"\b(?:papers?|research|breakthroughs|advances|highlights|best|top|review|roundup)\b[^\n.]{0,40}?\b(?:of|in|from)\s+(?P<y1>" + CUED_YEAR_PATTERN + r")\b"
    r"|\b(?P<y2>" + CUED_YEAR_PATTERN + r")\b\s*[:\-–—]?\s*(?:a|the)?\s*(?:year|review|rewind|in review|best|top)\b",
    re.IGNORECASE,
)
VENUE_CUE = re.compile(
    r"(?:\b(?:presented|published|appeared|accepted|appears|oral|spotlight)\s+(?:at|in|to)\s+|\(|;\s*|,\s*)"
    r"(?:[A-Z][A-Za-z-]+\s+){0,2}[A-Z]{3,8}(?:\s+Asia)?\s*['’]?(?:19|20)?\d{2}\b"
)
AWARD_WORD = re.compile(r"\b(?:award|honou?rable mention|oral|spotlight)\b", re.IGNORECASE)
CODE_SENTENCE = re.compile(r"\b(?:code|implementation|source|repo(?:sitory)?|open[- ]sourced?|released|available)\b", re.IGNORECASE)
TITLE_LINE = re.compile(r"^(?P<name>[A-Z0-9][^:\n]{0,40}?):\s+(?P<rest>\S.{8,})$")
KNOWN_FIELDS = PAPER_FIELDS | CODE_FIELDS | PROJECT_FIELDS | AUTHOR_FIELDS | VENUE_FIELDS | YEAR_FIELDS | LAB_FIELDS | TITLE_FIELDS | {
    "blog", "news", "demo", "video", "short read", "kaggle", "huggingface", "colab", "slides", "dataset",
    "note", "notes", "summary", "tl;dr", "tldr", "source", "website", "twitter", "thread", "podcast", "talk",
}
# in posts an emoji alone can stand for the label: "💻 https://github.com/..."
EMOJI_FIELDS = {"💻": "code", "🖥": "code", "⌨": "code"}
# a wrapped list item goes on in an indented line that starts no bullet, quote or field
_CONTINUATION = re.compile(r"^[ \t]+(?![-*+>|]\s|\d{1,3}[.)]\s|[^\w\s\[(*_\"'“‘`<])\S")
