"""Reference entries, author lists, venues and inline citations.

Pure string functions: they read the citation styles people actually use in
posts and paper lists (Harvard, APA, IEEE, MLA/Chicago, BibTeX-like author
lists, "Surname et al., YEAR, Title, URL", markdown list items) without any
NLP model. Every function accepts arbitrary text and never raises.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from .ids import arxiv_ids, arxiv_year, doi_spans, url_kind, years

__all__ = [
    "Reference",
    "parse_reference",
    "parse_author_list",
    "has_et_al",
    "split_name",
    "person_key",
    "normalize_title",
    "inline_citations",
    "venue_from_text",
    "award_from_text",
    "is_organization",
    "canonical_org",
]


@dataclass(frozen=True)
class Reference:
    title: str | None
    authors: tuple[str, ...]
    et_al: bool
    year: int | None
    venue: str | None
    arxiv: str | None
    url: str | None
    doi: str | None
    organization: str | None
    start: int
    end: int


# --- vocabulary ----------------------------------------------------------------

PARTICLES = frozenset(
    "van von der den de del della dello di da dal du dos das do la le ter ten bin ibn al el zu y"
    " st.".split()
)
_SUFFIXES = frozenset("jr jr. sr sr. ii iii iv".split())

# Organisations that sign papers or appear in place of authors.
KNOWN_ORGS = (
    "OpenAI", "DeepMind", "Google DeepMind", "Google", "Google Brain", "Google Research",
    "Google AI", "Meta", "Meta AI", "Facebook", "Facebook AI", "Facebook AI Research", "FAIR",
    "Microsoft", "Microsoft Research", "NVIDIA", "Apple", "Amazon", "Adobe", "Adobe Research",
    "Stability AI", "Anthropic", "Baidu", "Alibaba", "Alibaba Group", "Tencent", "ByteDance",
    "Huawei", "Samsung", "Snap", "Snap Inc.", "IBM", "IBM Research", "Intel", "Intel Labs",
    "Disney Research", "Hugging Face", "HuggingFace", "EleutherAI", "AI2",
    "Allen Institute for AI", "Cohere", "Mistral AI", "xAI", "Midjourney", "Runway", "RunwayML",
    "LAION", "BigScience", "NLLB Team", "Salesforce", "Salesforce Research", "Uber AI",
    "Sony AI", "Qualcomm", "Naver", "Kakao Brain", "SenseTime", "Megvii", "Zhipu AI",
    "DeepSeek", "DeepSeek-AI", "Inflection AI", "Character.AI", "Gemini Team", "Qwen Team",
    "Llama Team", "Visual Geometry Group", "Berkeley AI Research", "BAIR",
)
_ORG_BY_KEY = {o.casefold(): o for o in KNOWN_ORGS}
_FUZZY_ORGS = {o.casefold(): o for o in KNOWN_ORGS if " " not in o and len(o) >= 5}
# Capitalised tokens that make a chunk an organisation rather than a person.
_ORG_WORDS = frozenset(
    """Team Lab Labs Laboratory Laboratories Research Institute University Univ. Inc Inc.
    Ltd Ltd. Corp Corp. Corporation Foundation Consortium Collaboration Community AI Brain
    Center Centre College Academy Company""".split()
)
# Capitalised words common in titles and rare as names: they stop an author list.
_TITLE_WORDS = frozenset(
    """a an the of on in for with via from to and or is are all you need towards toward
    learning neural network networks model models deep image images video videos
    generation generative adversarial diffusion transformer transformers attention
    language vision visual text training large scale data dataset datasets benchmark
    survey analysis system systems agent agents robust efficient self supervised
    unsupervised semantic segmentation detection recognition synthesis representation
    representations graph graphs reinforcement policy optimization inference
    prediction estimation transfer style 3d open universal zero shot few one
    generalist personalized pretrained pre-trained scaling real time real-time
    multi multimodal high resolution fast instant conditional controllable
    editing inpainting rendering radiance object objects scene scenes
    human humans face faces speech audio music sound motion pose body 2d 4d
    understanding reasoning alignment instruction instructions chat dialogue
    tuning fine-tuning prompt prompts sparse dense mixture experts expert
    convolutional recurrent memory embeddings embedding encoder decoder autoencoder
    variational latent space spaces probabilistic bayesian stochastic gradient
    descent method methods approach framework toolkit library code paper papers
    introduction review tutorial report technical primer notes lecture
    what why how when where which who new better best simple simpler
    beyond without using based free aware guided driven""".split()
)
_NOT_SURNAMES = frozenset(
    """In The See Table Tab Figure Fig Section Sec Eq Equation Appendix Chapter Part Step
    Phase Stage Round Version Since Until From Before After Around Circa Early Late Mid
    Spring Summer Fall Autumn Winter January February March April May June July August
    September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
    Released Published Updated Accessed Retrieved Copyright Vol Volume No Page Pages Year
    Years Season Episode Also And Or But For With By At On To Of As Both Here There This
    That These Those Our We It Its Their Since Till Until Q1 Q2 Q3 Q4 Model Models Paper
    Papers Code Dataset Data Launched Founded Est""".split()
)


# Letters NFKD does not decompose into an ASCII base letter.
_TRANSLIT = str.maketrans(
    {"Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d", "ß": "ss", "Æ": "AE",
     "æ": "ae", "Œ": "OE", "œ": "oe", "Þ": "Th", "þ": "th", "ı": "i", "’": "'"}
)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.translate(_TRANSLIT))
    return text.encode("ascii", "ignore").decode("ascii")


def _camel_split(text: str) -> str:
    return re.sub(r"(?<=[a-z])(?=[A-Z][a-z])", " ", text)


def canonical_org(text: str) -> str | None:
    """The known organisation a string names (tolerating CamelCase joins and
    one-word typos such as "Deemind"), or None."""
    t = (text or "").strip(" .,;:()[]*\"'“”")
    if not t:
        return None
    for cand in (t, _camel_split(t)):
        hit = _ORG_BY_KEY.get(cand.casefold())
        if hit:
            return hit
    if " " not in t and len(t) >= 5:
        close = difflib.get_close_matches(t.casefold(), list(_FUZZY_ORGS), n=1, cutoff=0.85)
        if close:
            return _FUZZY_ORGS[close[0]]
    return None


def is_organization(text: str) -> bool:
    """A known organisation, or a capitalised phrase with an organisation word
    ("NLLB Team", "DisneyResearch", "Acme Labs")."""
    t = (text or "").strip(" .,;:()[]*\"'“”")
    if not t or len(t) > 80:
        return False
    if _ORG_BY_KEY.get(t.casefold()) or _ORG_BY_KEY.get(_camel_split(t).casefold()):
        return True
    tokens = _camel_split(t).split()
    if not 1 <= len(tokens) <= 6 or not tokens[0][:1].isupper():
        return False
    if any(tok[:1].islower() and tok not in ("for", "of", "and", "de", "the") for tok in tokens):
        return False
    return any(tok in _ORG_WORDS for tok in tokens)


def names_organization(text: str, vocab=None) -> bool:
    """An organisation the vocabulary knows, or one by its form (is_organization)."""
    known = vocab is not None and vocab.by_alias(text, "Organization") is not None
    return known or is_organization(text)


# --- name tokens -----------------------------------------------------------------

def _is_initials(tok: str) -> bool:
    """ "Y.", "A.A.", "J.-P.", or dotless "JW" (at most two letters)."""
    letters = tok.replace(".", "").replace("-", "").replace("‐", "")
    if not letters or not letters.isalpha() or not letters.isupper():
        return False
    if "." in tok:
        return len(letters) <= 4 and re.fullmatch(r"(?:[^\W\d_]\.?-?)+", tok) is not None
    return len(letters) <= 2


def _is_name_word(tok: str) -> bool:
    t = tok.rstrip(".") if tok.endswith(".") and len(tok) > 3 else tok
    parts = re.split(r"[-‐‑]", t)
    if not parts or any(not p for p in parts):
        return False
    for part in parts:
        core = re.sub(r"^(?:[OoDdLl]['’])", "", part)
        if not core or not all(c.isalpha() or c in "'’" for c in core):
            return False
        if not core[0].isupper():
            return False
        uppers = sum(c.isupper() for c in core)
        if uppers > 2 or any(a.isupper() and b.isupper() for a, b in zip(core, core[1:])):
            return False
        if len(core) > 1 and not any(c.islower() for c in core):
            return False
    return True


def _token_kind(tok: str, first: bool) -> str:
    low = tok.casefold()
    if not first and low in _SUFFIXES:
        return "S"
    if _is_initials(tok):
        return "I"
    if tok in PARTICLES:
        return "P"
    if low.strip(".,:;!?") in _TITLE_WORDS:
        return "X"
    if _is_name_word(tok):
        return "W"
    return "X"


def _classify(chunk: str) -> tuple[str, list[str]]:
    """Kind of one author-list chunk: INIT, WORD (a lone surname, maybe with
    particles), FULL (a whole name), ORG, EMPTY or NON."""
    toks = chunk.split()
    if not toks:
        return "EMPTY", []
    if is_organization(chunk):
        return "ORG", []
    if len(toks) > 5:
        return "NON", []
    kinds = [_token_kind(t, i == 0) for i, t in enumerate(toks)]
    if "X" in kinds:
        return "NON", kinds
    if all(k == "I" for k in kinds):
        return "INIT", kinds
    if "W" not in kinds:
        return "NON", kinds
    if all(k in "PW" for k in kinds) and kinds.count("W") == 1 and kinds[-1] == "W":
        return "WORD", kinds
    return "FULL", kinds


def _full_name(chunk: str, kinds: list[str]) -> str:
    """Whole-name chunk in "Given Surname" order; "Reed S." (Vancouver) flips."""
    toks = chunk.split()
    n = len(kinds)
    i = n
    while i > 0 and kinds[i - 1] == "I":
        i -= 1
    if 0 < i < n and "I" not in kinds[:i] and kinds[0] in "WP":
        return " ".join(toks[i:] + toks[:i])
    return " ".join(toks)


def _given_like(kind: str, kinds: list[str]) -> bool:
    return kind in ("INIT", "WORD") or (
        kind == "FULL" and len(kinds) <= 3 and all(k in "WI" for k in kinds)
    )


# --- chunking author lists ---------------------------------------------------------

_DELIM = re.compile(
    r"(?P<etal>\s*,?\s*\bet\.?\s*al\b\.?,?)"
    r"|(?P<and>\s*,\s*(?:and|&)\s+|\s+(?:and|&)\s+|\s*&\s*)"
    r"|(?P<comma>\s*[,;]\s*)"
    r"|(?P<hard>\s*[()\[\]{}:“”\"«»|/]\s*|\s+[-–—]+\s+|\.(?=\s|$))"
)
_ABBREV_BEFORE_DOT = frozenset("al jr sr st dr prof mr ms mrs inc ltd corp co".split())


@dataclass
class _Chunk:
    text: str
    start: int
    end: int
    before: str  # delimiter kind before: "comma", "and", "hard", "etal" or "start"
    after: str  # delimiter kind after, or "end"
    after_end: int  # where the delimiter after the chunk ends


def _dot_is_boundary(s: str, pos: int) -> bool:
    m = re.search(r"(\S+)$", s[max(0, pos - 40) : pos])
    if not m:
        return True
    tok = m.group(1).lstrip("([\"'“‘")
    if tok.casefold() in _ABBREV_BEFORE_DOT:
        return False
    return not _is_initials(tok + ".")


def _chunks(s: str) -> list[_Chunk]:
    out: list[_Chunk] = []
    prev_end, before = 0, "start"
    for m in _DELIM.finditer(s):
        kind = m.lastgroup or "hard"
        if m.group(0) == "." and not _dot_is_boundary(s, m.start()):
            continue
        raw = s[prev_end : m.start()]
        lead = len(raw) - len(raw.lstrip())
        text = raw.strip()
        at = prev_end + lead
        out.append(_Chunk(text, at, at + len(text), before, kind, m.end()))
        prev_end, before = m.end(), kind
    raw = s[prev_end:]
    lead = len(raw) - len(raw.lstrip())
    text = raw.strip()
    out.append(_Chunk(text, prev_end + lead, prev_end + lead + len(text), before, "end", len(s)))
    return out


def _name_prefix(ch: _Chunk) -> _Chunk | None:
    """ "Parmar N. Attention is..." -> the chunk cut after "Parmar N.": an
    initial's period can also end the author list when a title follows."""
    best = None
    for m in re.finditer(r"\.\s+", ch.text[:80]):  # names are short
        head = ch.text[: m.start() + 1]
        kind, kinds = _classify(head)
        if kind in ("INIT", "WORD", "FULL"):
            cut = ch.start + len(head)
            best = _Chunk(head, ch.start, cut, ch.before, "hard", ch.start + m.end())
    return best


def _walk(s: str, stop: bool) -> tuple[list[str], bool, int]:
    """Read an author list from the start of s.

    stop=True ends at the first chunk that is not a name (for reference
    entries, where the title follows); stop=False skips such chunks.
    Returns (names, et_al, end offset of the last name read).
    """
    names: list[str] = []
    et_al = False
    end = 0
    pending: _Chunk | None = None  # a lone surname waiting for its given names
    pairs = 0  # "Surname, Given" pairs seen: the list is surname-first

    def finish_pending(joined: bool) -> None:
        nonlocal pending, end
        # A lone surname is a name only when "and" joins it to another name.
        if pending is not None and joined:
            names.append(pending.text)
            end = pending.end
        pending = None

    chunks = _chunks(s)
    for idx, ch in enumerate(chunks):
        if stop and _classify(ch.text)[0] == "NON":
            ch = _name_prefix(ch) or ch
        text = ch.text
        if ch.before == "and" and text.casefold() == "others":
            finish_pending(True)
            et_al = bool(names)
            break
        kind, kinds = _classify(text)
        if kind == "EMPTY":
            if ch.after == "etal":
                finish_pending(True)
                et_al = True
                end = max(end, ch.after_end)
                if names or stop:
                    break
            if ch.after in ("hard", "end") and stop and (names or pending):
                finish_pending(False)
                break
            continue
        if pending is not None:
            if ch.before == "comma" and _given_like(kind, kinds):
                names.append(f"{text} {pending.text}")
                pairs += 1
                pending = None
                end = ch.end
                if ch.after == "etal":
                    et_al, end = True, ch.after_end
                    break
                if ch.after == "hard" and stop:
                    break
                continue
            finish_pending(ch.before == "and" and kind in ("WORD", "FULL"))
        if kind == "WORD":
            if ch.after == "etal":
                names.append(text)
                end, et_al = ch.after_end, True
                break
            if ch.after in ("hard", "end"):
                if ch.before == "and" and names:
                    names.append(text)
                    end = ch.end
                if stop or ch.after == "end":
                    break
                continue
            pending = ch
            continue
        nxt = chunks[idx + 1] if idx + 1 < len(chunks) else None
        if (
            kind == "FULL"
            and "I" not in kinds
            and ch.after == "comma"
            and nxt is not None
            and _classify(nxt.text)[0] == "INIT"
        ):
            pending = ch  # "Van Gool, L.": a two-word surname before initials
            continue
        if kind == "FULL" and not (pairs >= 2 and "I" not in kinds):
            # in a surname-first list a whole "Given Surname" chunk is a title
            names.append(_full_name(text, kinds))
            end = ch.end
        else:
            if stop:
                break
            continue
        if ch.after == "etal":
            et_al, end = True, ch.after_end
            break
        if ch.after == "hard" and stop:
            break
    else:
        finish_pending(False)
    return names, et_al, end


_ET_AL = re.compile(r"\bet\.?\s*al\b\.?|\band\s+others\b|\bet\s+alii\b", re.I)


def has_et_al(text: str) -> bool:
    return bool(_ET_AL.search(text or ""))


def _prep_author_text(text: str) -> str:
    t = re.sub(r"<[^>]+>", " ", text or "")
    t = re.sub(r"^\s*(?:by|authors?)\s*:?\s+", "", t, flags=re.I)
    t = re.sub(r"\([^()]*\)", " ", t)  # affiliations
    # affiliation markers: "Smith1,2", "Jones2*"
    t = re.sub(r"(?<=[^\W\d_])[\d*†‡§¶,]*\d[\d*†‡§¶]*(?=\s|,|$)", "", t)
    t = t.replace("*", "").replace("†", "").replace("‡", "")
    return " ".join(t.split())


def parse_author_list(text: str) -> tuple[str, ...]:
    """Person names in an author list, in "Given Surname" order where the
    style shows it; "et al." is dropped (see has_et_al) and chunks that are
    not clearly names (organisations, title words, long phrases) skipped."""
    names, _, _ = _walk(_prep_author_text(text), stop=False)
    return tuple(names)


def split_name(name: str) -> tuple[str, str]:
    """(given, surname) of a person name written "Given Surname",
    "Surname, Given" or "Surname I." (Vancouver). Particles stay with the
    surname ("van der Maaten"); suffixes such as "Jr." are dropped."""
    t = " ".join((name or "").replace("*", " ").split())
    if not t:
        return "", ""
    sur, _, given = t.partition(",")
    if given and not all(g.casefold() in _SUFFIXES for g in given.split()):
        given_toks = [g for g in given.split() if g.casefold() not in _SUFFIXES]
        return " ".join(given_toks), sur.strip()
    t = t.replace(",", " ")
    toks = [tok for i, tok in enumerate(t.split()) if not (i and tok.casefold() in _SUFFIXES)]
    if not toks:
        return "", ""
    if len(toks) == 1:
        return "", toks[0]
    kinds = [_token_kind(tok, i == 0) for i, tok in enumerate(toks)]
    if kinds[0] != "I" and kinds[-1] == "I":  # Vancouver "Surname I."
        i = len(toks)
        while i > 1 and kinds[i - 1] == "I":
            i -= 1
        return " ".join(toks[i:]), " ".join(toks[:i])
    i = len(toks) - 1
    # particles before the last word belong to the surname
    while i > 1 and toks[i - 1].casefold() in PARTICLES:
        i -= 1
    return " ".join(toks[:i]), " ".join(toks[i:])


def person_key(name: str) -> str:
    """Merge key for name variants: ASCII-folded surname + first initial,
    e.g. "Taco S. Cohen", "T. Cohen", "Cohen, T." -> "cohen|t"."""
    given, surname = split_name(name)
    sur = re.sub(r"[^a-z0-9]", "", _fold(surname).casefold())
    first = re.sub(r"[^a-z]", "", _fold(given).casefold())[:1]
    return f"{sur}|{first}"


# --- titles ------------------------------------------------------------------------

_TRAILING_MARK = re.compile(r"\s*\[\d+\]\s*$")


def normalize_title(title: str) -> str:
    """Merge key for paper titles: case, accents, punctuation and spacing
    folded; a trailing "[N]" reference marker dropped."""
    t = _TRAILING_MARK.sub("", title or "")
    t = _fold(t).casefold()
    t = re.sub(r"[^a-z0-9]+", " ", t)
    return " ".join(t.split())


def _clean_title(title: str | None) -> str | None:
    if not title:
        return None
    t = " ".join(title.split())
    for _ in range(3):
        t = _TRAILING_MARK.sub("", t)
        t = t.strip(" \t*_`\"“”«»„‟").strip()
        if len(t) > 1 and t[0] in "'‘" and t[-1] in "'’":
            t = t[1:-1]
        t = t.rstrip(",.;:").strip()
    if not t or not re.search(r"[^\W\d_]", t) or re.fullmatch(r"(?:https?|www)\S*", t):
        return None
    return t


# --- venues and awards -------------------------------------------------------------

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
        _VENUE_RES.append((_short, re.compile(_long.replace(" ", r"\s+"), re.I)))

_YEAR_AFTER = re.compile(
    r"\s*(?:['’‘`]\s?(?P<yy>\d{2})(?!\d)"
    r"|[-\s,]*\(?(?P<yyyy>(?:19[5-9]|20[0-3])\d)(?!\d)\)?)"
)
_YEAR_BEFORE = re.compile(r"(?P<yyyy>(?:19[5-9]|20[0-3])\d)(?!\d)\s*(?:\w+\s+){0,5}$")
_PAGES = re.compile(
    r"(?:pp?\.|pages?)\s*\d+\s*(?:[-–—]+\s*\d+)?|\b\d+\s*[-–—]+\s*\d+\b", re.I
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
_AWARD_RES = [(re.compile(rx, re.I), name) for rx, name in _AWARDS]


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


# --- reference entries ----------------------------------------------------------------

# a bullet, a symbol such as ★ that marks an optional reading, or a number
_MARKER = re.compile(
    r"^\s*(?:[-*+•]\s+|[^\w\s\[\]()\"'“‘`<*_.,;:]\s*|\[\d{1,4}\]\s*|\(\d{1,4}\)\s*|\d{1,4}[.)]\s+)"
)
_LABELS = (
    r"papers?|code|blog|project(?:\s+page)?|pdf|arxiv|links?|source|github|demo|video|"
    r"website|homepage|reference|ref|title"
)
_LABEL = re.compile(
    rf"^(?:\*\*|__)?\s*(?:{_LABELS})\s*(?::\s*(?:\*\*|__)|(?:\*\*|__)\s*:|:)\s*", re.I
)
_MD_LINK = re.compile(
    r"(!?)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?([^()\s<>]*(?:\([^()\s]*\)[^()\s<>]*)*)>?"
    r"(?:\s+[\"'][^\"']*[\"'])?\s*\)"
)
_URL = re.compile(r"<?(?:https?://|www\.)[^\s<>\"\]]+")
_GENERIC_LABEL = re.compile(
    r"^(?:\W*(?:paper|pdf|code|github|gitlab|arxiv|abs|html|project(?:\s+page)?|website|"
    r"link|demo|video|blog|slides|poster|data(?:set)?|page|home\s*page|here|url|supp\w*|"
    r"bibtex|colab|hugging\s*face|hf|model|weights|openreview|youtube|twitter|tweet|thread|"
    r"talk|official|unofficial|pytorch|tensorflow|jax|doi|repo(?:sitory)?|source|"
    r"implementation|notebook|checkpoints?|spaces?)\W*)+$|^\W*$|^\s*(?:https?://|www\.)",
    re.I,
)
# "Authors. *Title*. Venue": a title set in italics (one star or underscore, several words)
_ITALIC_TITLE = re.compile(
    r"(?<![*\w])\*(?!\*)([^*]*\s[^*]*?)(?<!\s)\*(?![*\w])"
    r"|(?<![_\w])_(?!_)([^_]*\s[^_]*?)_(?![_\w])"
)
_QUOTED = re.compile(
    r"“([^“”]{2,}?)”|\"([^\"]{2,}?)\"|``(.{2,}?)''|«([^«»]{2,}?)»"
    # single curly quotes only around several words (O’Neill has one too)
    r"|(?<![\w])‘([^‘’]*\s[^‘’]*)’(?!\w)"
)
_VENUE_START = re.compile(
    r"^\s*(?:in\b|proc\b|proc\.|proceedings|journal|conference|workshop|transactions|"
    r"symposium|advances\s+in|arxiv|corr\b|preprint|technical\s+report|tech\.?\s*rep|"
    r"springer|ieee|acm\b|vol\b|vol\.|volume|pp\b|pp\.|pages?\b|(?:19[5-9]|20[0-3])\d\b|"
    r"available|accessed|online|retrieved)",
    re.I,
)
_URL_RANK = ("arxiv", "paper", "pdf", "project", "blog", "other", "demo", "dataset", "code",
             "video", "social")


def _venue_like(seg: str) -> bool:
    if _VENUE_START.match(seg):
        return True
    hit = _find_venue(seg[:80])
    return bool(hit and hit[2] <= 12)


_ABBREV_IN_TITLE = frozenset("vs e.g i.e cf al no vol fig eq dr mr st approx".split())


def _sentence_end(text: str) -> tuple[int, int] | None:
    """(title end, rest start) at the first sentence boundary of text."""
    for m in re.finditer(r"([.?!])(?=\s|$)", text):
        pos = m.start()
        if m.group(1) == ".":
            tok = re.search(r"(\S+)$", text[:pos])
            word = tok.group(1).casefold() if tok else ""
            if word in _ABBREV_IN_TITLE:
                continue
            return pos, pos + 1
        return pos + 1, pos + 1
    return None


def _split_title(text: str) -> tuple[str | None, str]:
    """Split "Title. Venue..." / "Title, Proc. Venue" / "Title (CVPR 2022)"."""
    text = text.strip(" ,;:-–—|.")
    if not text:
        return None, ""
    q = re.match(r"\s*(?:“([^”]+)”|\"([^\"]+)\")", text)
    if q:
        return next(g for g in q.groups() if g is not None), text[q.end() :]
    cuts = []
    se = _sentence_end(text)
    if se:
        cuts.append(se)
    for m in list(re.finditer(r",\s+", text))[:20]:
        if _venue_like(text[m.end() :]):
            cuts.append((m.start(), m.end()))
            break
    for m in re.finditer(r"\s*\(([^()]*)\)", text):
        inner = m.group(1)
        if m.start() > 0 and (_venue_like(inner) or _PAGES.fullmatch(inner.strip())):
            cuts.append((m.start(), m.start()))
            break
    if not cuts:
        return text, ""
    end, rest = min(cuts)
    return text[:end], text[rest:]


def _clean_venue(text: str) -> str | None:
    t = re.sub(r"^\s*(?:in|In|IN)\s*:?\s+", "", text or "")
    t = re.split(r"\(\s*pp?\.|,?\s*\bpp?\.\s*\d|,\s*pages?\b|,\s*vol\.?\s*\d|\(vol\.", t)[0]
    t = re.sub(r"\b(?:Springer(?:,\s*Cham)?|Springer International Publishing)\b", "", t)
    t = re.sub(r"\s+", " ", t).strip(" ,.;:()[]-–—")
    if not t or not re.search(r"[^\W\d_]{2}", t) or len(t) > 200:
        return None
    return t


def _plain_years(text: str) -> list[int]:
    return [y for y, _, _ in years(_PAGES.sub(" ", text or ""))]


@dataclass
class _Head:
    names: list[str]
    et_al: bool
    org: str | None
    year: int | None
    clean: bool  # nothing left over that is not a name, year or organisation
    loose_org: bool  # org is only a short capitalised leftover ("Cohere")

    @property
    def authorish(self) -> bool:
        return bool(self.names or self.et_al or (self.org and not self.loose_org))


def _parse_head(head: str) -> _Head:
    """Authors part of an entry: names, et al., an organisation standing in
    for or next to the authors, and a year written there."""
    year = None
    h = head
    for y, a, b in reversed(years(h)):
        # a year standing alone between delimiters, maybe in parentheses
        before, after = h[:a].rstrip(" ("), h[b:].lstrip(" )")
        if (not before or before[-1] in ",.;:(") and (not after or after[0] in ",.;:)"):
            year = year or y
            h = h[:a] + h[b:]
    org = None
    for m in reversed(list(re.finditer(r"\(([^()]*)\)", h))):
        inner = m.group(1).strip(" ,.;")
        if inner and re.search(r"[^\W\d_]", inner):
            org = inner
        h = h[: m.start()] + " " + h[m.end() :]
    h = re.sub(r"\(\s*\)|\s+(?=[,.;:])", "", h)
    h = " ".join(h.split())
    names, et_al, end = _walk(h, stop=True)
    leftover = h[end:].strip(" ,.;:-–—&")
    if _ET_AL.search(leftover):
        et_al = True
        leftover = _ET_AL.sub(" ", leftover).strip(" ,.;:-–—&")
    clean, loose = True, False
    if leftover:
        if is_organization(leftover):
            org = org or leftover
        elif canonical_org(leftover):  # a typo of a known name: use the real one
            org = org or canonical_org(leftover)
        elif not names and len(leftover.split()) <= 3 and leftover[:1].isupper():
            org, loose = org or leftover, org is None
        else:
            clean = False
    return _Head(names, et_al, org, year, clean, loose)


def _find_anchor(w: str) -> tuple[int, _Head, str] | None:
    """The year after the author list: ", 2022." / "(2017)." / ". 2017." / ", 2022:"."""
    for y, a, b in years(w):
        pre = w[:a].rstrip()
        paren = pre.endswith("(")
        if paren:
            pre = pre[:-1].rstrip()
        if not pre or pre[-1] not in ",.;:)":
            if not paren:
                continue
        post = w[b:]
        post = re.sub(r"^[a-z](?![a-z])", "", post)
        if paren:
            close = re.match(r"\s*\)", post)
            if not close:
                continue
            post = post[close.end() :]
        m = re.match(r"\s*(?:[.,:;]|$)", post)
        if not m and not paren:
            continue
        head = pre.rstrip(",;: ")
        if not head:
            continue
        parsed = _parse_head(head)
        if parsed.clean and parsed.authorish:
            return y, parsed, post[m.end() if m else 0 :]
        return None  # the first free-standing year is not after an author list
    return None


def _leading_org(tail: str) -> tuple[str, str | None]:
    """ "Google Brain, Title" / "Deemind: Title" -> (title part, organisation)."""
    m = re.match(r"\s*([^,:.()]{2,40}?)\s*([,:])\s+(\S.*)$", tail, re.S)
    if not m:
        return tail, None
    cand, sep, rest = m.group(1).strip(), m.group(2), m.group(3)
    if _ORG_BY_KEY.get(cand.casefold()) or (is_organization(cand) and len(cand.split()) <= 4):
        return rest, cand
    # a one-word typo of a known lab, only before a colon and a real title
    if sep == ":" and " " not in cand and len(rest.split()) >= 2:
        known = canonical_org(cand)
        if known:
            return rest, known
    return tail, None


def _pick_url(urls: list[str]) -> str | None:
    best = None
    for i, u in enumerate(urls):
        kind = url_kind(u)
        rank = _URL_RANK.index(kind) if kind in _URL_RANK else len(_URL_RANK)
        if best is None or rank < best[0]:
            best = (rank, i, u)
    return best[2] if best else None


def _trim_url(url: str) -> str:
    url = url.strip("<>").rstrip(".,;:!?'\"*")
    while url.endswith(")") and url.count(")") > url.count("("):
        url = url[:-1].rstrip(".,;:")
    return url


_TITLE_MARK = "\x00"
_MAX_ENTRY = 2000


def parse_reference(text: str) -> Reference:
    """Parse one reference entry (see the module docstring for the styles).

    start/end are the entry's span in text without surrounding whitespace.
    Missing parts are None/empty; year falls back to the arXiv id's year.
    """
    text = text or ""
    lead = len(text) - len(text.lstrip())
    start, end = lead, max(lead, len(text.rstrip()))
    # An entry is a line or two; longer input is read only up to this length.
    s = text[start:end][:_MAX_ENTRY]

    found_arxiv = arxiv_ids(s)
    arxiv = found_arxiv[0][0] if found_arxiv else None
    found_doi = doi_spans(s)
    doi_value = found_doi[0][0] if found_doi else None

    w = re.sub(r"<br\s*/?>|</?(?:b|i|em|strong|sup|sub|span|a)\b[^>]*>", " ", s, flags=re.I)
    w = " ".join(w.replace(_TITLE_MARK, " ").split())
    w = _MARKER.sub("", _MARKER.sub("", w, count=1), count=1)  # "- ★ Authors ..."
    w = _LABEL.sub("", w, count=1)

    urls: list[str] = []
    title: str | None = None
    parts, pos = [], 0
    for m in _MD_LINK.finditer(w):
        parts.append(w[pos : m.start()])
        pos = m.end()
        label, url = m.group(2).strip(), m.group(3).strip()
        if url and not url.startswith("#"):
            urls.append(_trim_url(url))
        if m.group(1):
            parts.append(" ")
        elif _GENERIC_LABEL.match(label):
            parts.append(" ")
        elif title is None and not "".join(parts).strip(" *_-–—:|,"):
            title = label
            parts.append(_TITLE_MARK)
        else:
            parts.append(label)
    parts.append(w[pos:])
    w = "".join(parts)

    def drop_url(m: re.Match) -> str:
        urls.append(_trim_url(m.group(0)))
        return " "

    w = _URL.sub(drop_url, w)
    for _, a, b in reversed(arxiv_ids(w)):
        w = w[:a] + " " + w[b:]
    for _, a, b in reversed(doi_spans(w)):
        w = w[:a] + " " + w[b:]
    w = re.sub(r"\b(?:doi|DOI)\s*:?\s*(?=[\s,.;]|$)", " ", w)
    w = re.sub(r"\barXiv(?:\s+preprint)?\b\s*[,.]?", " ", w, flags=re.I)
    w = re.sub(
        r"\[\s*(?:Online)?\s*\]\.?|\(\s*\)|\b(?:Available|Retrieved)\s+(?:at|from)\s*:?|\bURL\b:?",
        " ",
        w,
    )
    w = re.sub(r"\s*\|\s*", ", ", w)
    w = " ".join(w.split()).strip(" ,;|-–—")

    names: list[str] = []
    et_al = False
    org: str | None = None
    year: int | None = None
    venue_text = ""

    bold = None if title is not None else re.match(r"^(\*\*|__)(.+?)\1", w)
    if bold:
        title = bold.group(2)
        w = _TITLE_MARK + w[bold.end() :]
    w = w.replace("**", "").replace("__", "")

    if title is not None:
        rest = w.split(_TITLE_MARK, 1)[1] if _TITLE_MARK in w else w
        rest = re.sub(r"^[\s,;:\-–—|.]*(?:by\s+)?", "", rest, flags=re.I)
        rest = rest.lstrip("*_ ")
        names, et_al, stop = _walk(rest, stop=True)
        venue_text = rest[stop:] if names or et_al else rest
    else:
        q = _ITALIC_TITLE.search(w)
        if q is None or q.start() == 0:
            w = w.replace("*", "")
            q = _QUOTED.search(w)
        head = _parse_head(w[: q.start()]) if q and q.start() > 0 else None
        if q and q.start() == 0:  # "Title," Authors, Venue
            title = next(g for g in q.groups() if g is not None)
            rest = w[q.end() :].strip(" ,.;:")
            names, et_al, stop = _walk(rest, stop=True)
            venue_text = rest[stop:] if names or et_al else rest
        elif head is not None and head.clean and (head.names or head.et_al or head.org):
            title = next(g for g in q.groups() if g is not None)
            names, et_al, org, year = head.names, head.et_al, head.org, head.year
            venue_text = w[q.end() :]
        elif anchor := _find_anchor(w):
            year, head, tail = anchor
            names, et_al, org = head.names, head.et_al, head.org
            tail, org2 = _leading_org(tail)
            org = org or org2
            title, venue_text = _split_title(tail)
        else:
            names, et_al, stop = _walk(w, stop=True)
            rest = w[stop:]
            if (names or et_al) and re.search(r"[^\W\d_]", rest):
                title, venue_text = _split_title(rest)
            else:
                # title first, maybe followed by the authors
                names, et_al = [], False
                cited = re.search(r"\s*(\([^()]+\))\s*[.,;]?\s*$", w)
                cits = inline_citations(cited.group(1)) if cited else []
                if cits and cited.start() > 0:  # "Title (Surname et al., 2020)"
                    names, et_al, year = [cits[0][0]], cits[0][1], cits[0][2]
                    w = w[: cited.start()]
                title, rest = _split_title(w)
                rest = rest.strip(" ,.;:")
                more, more_et, stop2 = _walk(rest, stop=True)
                if not names and more and (stop2 >= len(rest) or rest[stop2 : stop2 + 1] in ".,;"):
                    names, et_al, venue_text = more, more_et, rest[stop2:]
                else:
                    venue_text = rest

    title = _clean_title(title)
    venue = None
    vt = venue_text.strip(" ,.;:")
    hit = _find_venue(vt) if vt else None
    if title and not hit:  # "Title (CVPR 2022)" kept inside the title part
        paren = re.search(r"\s*\(([^()]+)\)\s*$", title)
        if paren and _find_venue(paren.group(1)):
            vt, hit = paren.group(1), _find_venue(paren.group(1))
            title = _clean_title(title[: paren.start()])
    if year is None:
        if hit and hit[1]:
            year = hit[1]
        else:
            ys = _plain_years(vt)
            year = ys[0] if ys else None
    if not hit and re.match(r"(?i)(?:nature|science)\b", vt):  # journals cited in lower case
        word = vt.split()[0].strip(",.").capitalize()
        hit = (word, None, 0, len(word))
    if hit:
        vyear = hit[1] or year
        venue = f"{hit[0]} {vyear}" if vyear else hit[0]
    elif vt and _venue_like(vt):
        venue = _clean_venue(vt)
        if venue and re.fullmatch(r"(?:19|20)\d\d", venue):
            venue = None
    if year is None and arxiv:
        year = arxiv_year(arxiv)
    if org:
        org = org.strip(" ,.;:")
    return Reference(
        title=title,
        authors=tuple(names),
        et_al=et_al,
        year=year,
        venue=venue,
        arxiv=arxiv,
        url=_pick_url(urls),
        doi=doi_value,
        organization=org or None,
        start=start,
        end=end,
    )


# --- inline author-year citations -------------------------------------------------------

_SUR = r"(?:(?:van|von|de|der|den|del|della|di|da|du|le|la)\s+){0,3}[^\W\d_][\w'’\-]*"
_AUTH = (
    rf"(?P<first>{_SUR})"
    rf"(?P<rest>\s+et\.?\s*al\.?|(?:\s*,\s*{_SUR}){{0,8}}\s*,?\s+(?:and|&)\s+{_SUR})?"
)
_CIT_YEAR = r"(?P<year>(?:19[5-9]|20[0-3])\d)[a-z]?(?!\d)"
_PAREN_ITEM = re.compile(rf"{_AUTH}(?P<comma>\s*,)?\s+{_CIT_YEAR}(?:\s*,\s*(?:19|20)\d\d[a-z]?)*"
                         rf"(?:\s*,\s*(?:pp?\.|p\.|ch\.|sec\.)\s*[\d–-]+)?\s*$")
_NARRATIVE = re.compile(rf"(?<![\w(])\b{_AUTH}\s*\(\s*{_CIT_YEAR}\s*\)")
_NARRATIVE_ETAL = re.compile(
    rf"(?<![\w(])\b(?P<first>{_SUR})(?P<rest>\s+et\.?\s*al\.?),?\s+{_CIT_YEAR}"
)


def _good_surname(name: str) -> bool:
    last = name.split()[-1] if name.split() else ""
    if not last or not last[0].isupper() or last in _NOT_SURNAMES:
        return False
    if any(c.isdigit() for c in last) or (len(last) > 1 and last.isupper()):
        return False
    if any(last.casefold() == v.casefold() for v, _, _ in _VENUE_SPECS):
        return False
    return all(c.isalpha() or c in "-'’" for c in last)


def inline_citations(text: str) -> list[tuple[str, bool, int, int, int]]:
    """Author-year citations as (first author's surname, more authors?, year,
    start, end): "(Vaswani et al., 2017)", "Goodfellow et al. (2014)",
    "(Ho, Jain and Abbeel, 2020)", "(Brock et al. 2018; Karras et al. 2019)".
    et al. is True for "et al." and for any list of two or more authors."""
    text = text or ""
    out: list[tuple[str, bool, int, int, int]] = []
    taken: list[tuple[int, int]] = []

    def add(m: re.Match, offset: int) -> None:
        first = m.group("first")
        if not _good_surname(first):
            return
        s, e = offset + m.start("first"), offset + m.end("year")
        if any(a < e and s < b for a, b in taken):
            return
        taken.append((s, e))
        out.append((first, bool(m.group("rest")), int(m.group("year")), s, e))

    for pm in re.finditer(r"[(\[]([^()\[\]]{4,400})[)\]]", text):
        inner, base = pm.group(1), pm.start(1)
        pos = 0
        for item in inner.split(";"):
            m = None
            # search each item from every word start so a lead-in ("see", "e.g.") is skipped
            for ws in [0] + [x.end() for x in re.finditer(r"\s+", item)]:
                m = _PAREN_ITEM.match(item, ws)
                if m:
                    break
            if m and (m.group("rest") or m.group("comma")):
                add(m, base + pos)
            pos += len(item) + 1
    for rx in (_NARRATIVE, _NARRATIVE_ETAL):
        for m in rx.finditer(text):
            add(m, 0)
    out.sort(key=lambda c: c[3])
    return out
