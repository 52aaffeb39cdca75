"""Venue recognition: conference and journal names (short or long form)
and the year written next to them.
"""

from __future__ import annotations

import re

from ..ids import years
from ..text import CITED_YEAR_PATTERN

# (short name, abbreviation regex (case-sensitive), long-name regex (any case))
_VENUE_SPECS: tuple[tuple[str, str | None, str | None], ...] = (
    ("CVPR Workshops", r"CVPRW", r"Computer Vision and Pattern Recognition Workshops?"),
    ("CVPR", r"CVPR", r"Computer Vision and Pattern Recognition"),
    ("ICCV", r"ICCV", r"International Conference on Computer Vision(?!\s+and\s+Pattern)"),
    ("ECCV", r"ECCV", r"European Conference on Computer Vision"),
    ("WACV", r"WACV", r"Winter Conference on Applications of Computer Vision"),
    ("BMVC", r"BMVC", r"British Machine Vision Conference"),
    ("3DV", r"3DV", r"International Conference on 3D Vision"),
    (
        "NeurIPS",
        r"NeurIPS|NIPS",
        r"Neural Information Processing Systems|Adv\.? Neural Inf\.? Process\.? Syst",
    ),
    ("ICLR", r"ICLR", r"International Conference on Learning Representations"),
    ("ICML", r"ICML", r"International Conference on Machine Learning"),
    ("AAAI", r"AAAI", r"AAAI Conference on Artificial Intelligence"),
    ("IJCAI", r"IJCAI", r"International Joint Conference on Artificial Intelligence"),
    ("AISTATS", r"AISTATS", r"Artificial Intelligence and Statistics"),
    ("UAI", r"UAI", r"Uncertainty in Artificial Intelligence"),
    ("COLT", r"COLT", r"Conference on (?:Computational )?Learning Theory"),
    ("ACL", r"ACL", r"Annual Meeting of the Association for Computational Linguistics"),
    ("EMNLP", r"EMNLP", r"Empirical Methods in Natural Language Processing"),
    (
        "NAACL",
        r"NAACL(?:-HLT)?",
        r"North American Chapter of the Association for Computational Linguistics",
    ),
    ("EACL", r"EACL", r"European Chapter of the Association for Computational Linguistics"),
    ("COLING", r"COLING", r"International Conference on Computational Linguistics"),
    ("SIGGRAPH Asia", r"SIGGRAPH\s+Asia", None),
    ("SIGGRAPH", r"SIGGRAPH", None),
    ("TOG", r"TOG", r"ACM\s+Trans(?:actions|\.)?\s+(?:on\s+)?Graph(?:ics|\.)"),
    ("TPAMI", r"T?PAMI", r"Transactions on Pattern Analysis and Machine Intelligence"),
    ("IJCV", r"IJCV", r"International Journal of Computer Vision"),
    ("JMLR", r"JMLR", r"Journal of Machine Learning Research"),
    ("TMLR", r"TMLR", r"Transactions on Machine Learning Research"),
    ("KDD", r"(?:SIG)?KDD", r"Knowledge Discovery (?:and|&) Data Mining"),
    ("SIGIR", r"SIGIR", None),
    ("WWW", None, r"The Web Conference|International World Wide Web Conference"),
    ("ICRA", r"ICRA", r"International Conference on Robotics and Automation"),
    ("IROS", r"IROS", r"International Conference on Intelligent Robots and Systems"),
    ("CoRL", r"CoRL", r"Conference on Robot Learning"),
    ("RSS", None, r"Robotics:\s+Science and Systems"),
    (
        "ICASSP",
        r"ICASSP",
        r"International Conference on Acoustics,? Speech,? and Signal Processing",
    ),
    ("Interspeech", r"INTERSPEECH|Interspeech", None),
    ("MICCAI", r"MICCAI", r"Medical Image Computing and Computer[- ]Assisted Intervention"),
    ("CHI", r"CHI", r"Conference on Human Factors in Computing Systems"),
    ("UIST", r"UIST", r"Symposium on User Interface Software and Technology"),
    ("ACM MM", r"ACM\s?MM", r"ACM (?:International Conference on )?Multimedia"),
    ("ISMIR", r"ISMIR", r"International Society for Music Information Retrieval"),
    ("MLSys", r"MLSys", r"Conference on Machine Learning and Systems"),
    ("WSDM", r"WSDM", None),
    ("CIKM", r"CIKM", None),
    ("ICDM", r"ICDM", None),
    ("Nature Machine Intelligence", r"Nature\s+Machine\s+Intelligence", None),
    ("Nature Communications", r"Nature\s+Communications", None),
    ("Science Robotics", r"Science\s+Robotics", None),
    # Bare "Nature"/"Science" only where they read as journals.
    ("Nature", r"(?<=\bin\s)Nature\b|(?<=\bIn\s)Nature\b|Nature(?=,?\s+(?:\d|vol))", None),
    ("Science", r"(?<=\bin\s)Science\b(?!\s+(?:and|of|for))|Science(?=,?\s+(?:\d|vol))", None),
)
_VENUE_RES = []
for _short, _abbr, _long in _VENUE_SPECS:
    if _abbr:
        _VENUE_RES.append((_short, re.compile(rf"(?<![A-Za-z])(?:{_abbr})(?![A-Za-z])")))
    if _long:
        _VENUE_RES.append((_short, re.compile(_long.replace(" ", r"\s+"), re.IGNORECASE)))

_YEAR_AFTER = re.compile(
    r"\s*(?:['’‘`]\s?(?P<yy>\d{2})(?!\d)"
    rf"|[-\s,]*\(?(?P<yyyy>{CITED_YEAR_PATTERN})(?!\d)\)?)"
)
_YEAR_BEFORE = re.compile(rf"(?P<yyyy>{CITED_YEAR_PATTERN})(?!\d)\s*(?:\w+\s+){{0,5}}$")
_PAGES = re.compile(
    r"(?:pp?\.|pages?)\s*\d+\s*(?:[-–—]+\s*\d+)?|\b\d+\s*[-–—]+\s*\d+\b", re.IGNORECASE
)


def _two_digit(yy: str) -> int:
    n = int(yy)
    return 2000 + n if n <= 30 else 1900 + n


def _find_venue(text: str) -> tuple[str, int | None, int, int] | None:
    """(short, year, start, end) of the first venue named in text."""
    text = text or ""
    hits = []
    for short, rx in _VENUE_RES:
        for m in rx.finditer(text):
            hits.append((m.start(), -(m.end() - m.start()), short, m.end()))
    if not hits:
        return None
    hits.sort()
    start, _, short, end = hits[0]

    def year_at(s: int, e: int) -> int | None:
        m = _YEAR_AFTER.match(text, e)
        if m:
            return _two_digit(m.group("yy")) if m.group("yy") else int(m.group("yyyy"))
        m = _YEAR_BEFORE.search(text[max(0, s - 40) : s])
        return int(m.group("yyyy")) if m else None

    year = year_at(start, end)
    if year is None:  # "35th Conference on NIPS (NeurIPS 2021)"
        for s, _, sh, e in hits[1:]:
            if sh == short and (year := year_at(s, e)) is not None:
                break
    if year is None:  # otherwise only a year the text states unambiguously
        clean = _PAGES.sub(" ", text)
        found = {y for y, _, _ in years(clean)}
        if len(found) == 1:
            year = found.pop()
    return short, year, start, end


def venue_from_text(text: str) -> tuple[str, int | None] | None:
    """(short venue name, year or None) for the first venue in text, e.g.
    "Best Paper Award at ICLR 2018" -> ("ICLR", 2018), "ECCV'22" -> ("ECCV", 2022),
    "Advances in Neural Information Processing Systems" -> ("NeurIPS", None)."""
    hit = _find_venue(text)
    return (hit[0], hit[1]) if hit else None
