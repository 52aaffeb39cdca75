"""Awards and presentation honours ("Best Paper Award at ICLR 2018")."""

from __future__ import annotations

import re

from .venues import _find_venue

_AWARDS = (
    (r"best\s+paper\s+(?:award\s+)?honou?rable\s+mention", "Best Paper Honorable Mention"),
    (r"best\s+paper\s+(?:award\s+)?runner[-\s]up", "Best Paper Runner-up"),
    (r"best\s+paper\s+(?:award\s+)?finalist", "Best Paper Finalist"),
    (r"best\s+student\s+paper(?:\s+award)?", "Best Student Paper Award"),
    (r"best\s+paper(?:\s+award)?", "Best Paper Award"),
    (r"outstanding\s+paper(?:\s+award)?", "Outstanding Paper Award"),
    (r"test[-\s]of[-\s]time(?:\s+award)?", "Test of Time Award"),
    (r"honou?rable\s+mention", "Honorable Mention"),
    (r"marr\s+prize", "Marr Prize"),
    (r"best\s+demo(?:\s+award)?", "Best Demo Award"),
    (r"\boral(?:\s+(?:presentation|paper|talk))?\b", "Oral"),
    (r"\bspotlight(?:\s+(?:presentation|paper|talk))?\b", "Spotlight"),
)
_AWARD_RES = [(re.compile(rx, re.IGNORECASE), name) for rx, name in _AWARDS]


def award_from_text(text: str) -> str | None:
    """An award or presentation honour with its venue, e.g. "Best Paper Award
    at ICLR 2018" -> "Best Paper Award, ICLR 2018". None without a venue."""
    text = text or ""
    best = None
    for rx, name in _AWARD_RES:
        m = rx.search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), m.end(), name)
    if not best:
        return None
    venue = _find_venue(text[best[1] :]) or _find_venue(text)
    if not venue:
        return None
    short, year = venue[0], venue[1]
    return f"{best[2]}, {short} {year}" if year else f"{best[2]}, {short}"
