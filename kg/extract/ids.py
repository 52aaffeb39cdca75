"""Identifiers and link kinds found in writing about papers.

Pure functions over strings: arXiv ids, DOIs, years, code repositories and a
coarse kind for any URL. No network, no NLP models.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from kg.text import trim_url

from .text import YEAR_PATTERN

__all__ = [
    "URL_KINDS",
    "arxiv_ids",
    "arxiv_url",
    "arxiv_year",
    "bare_arxiv_ids",
    "doi",
    "doi_spans",
    "github_repo",
    "is_arxiv_id",
    "is_project_page",
    "normalize_arxiv",
    "repo_key",
    "url_kind",
    "years",
]

# --- arXiv -------------------------------------------------------------------

# New-style ids are YYMM.NNNN (2007-2014) or YYMM.NNNNN (2015 on); the month
# check keeps things like "2022.10" or "1999.12345" out.
_NEW_ID = r"(?:0[7-9]|[1-3]\d)(?:0[1-9]|1[0-2])\.\d{4,5}"
# Old-style ids: archive(.SUBJ)/YYMMNNN, e.g. hep-th/9901001, cs.CV/0102030.
_OLD_ID = r"[A-Za-z]+(?:-[A-Za-z]+)?(?:\.[A-Za-z]{2})?/(?:9[1-9]|0[0-7])(?:0[1-9]|1[0-2])\d{3}"
_ID = rf"(?P<id>{_NEW_ID}|{_OLD_ID})(?P<ver>[vV]\d+)?(?!\d)"

_ARXIV_CONTEXT = re.compile(
    r"(?:"
    # arxiv.org and its mirrors/front-ends that keep the id in the path
    r"(?:https?://)?(?:www\.|export\.|browse\.)?"
    r"(?:arxiv\.org|ar5iv\.org|ar5iv\.labs\.arxiv\.org|alphaxiv\.org|arxiv-vanity\.com)"
    r"/(?:abs|pdf|html|format|ps|src|view|papers)/"
    r"|(?:https?://)?(?:www\.)?huggingface\.co/papers/"
    r"|(?:https?://)?(?:www\.)?semanticscholar\.org/arxiv/"
    # the DOI arXiv registers for every paper
    r"|(?:https?://(?:dx\.)?doi\.org/)?10\.48550/arxiv\."
    r"|\bCoRR\b,?\s*(?:vol\.\s*)?abs/"
    r"|\barxiv(?:\s+preprint)?(?:\s+arxiv)?\s*[:.]?\s*"
    r")"
    + _ID
    + r"(?:\.pdf)?",
    re.IGNORECASE,
)
_ARXIV_HINT = re.compile(r"arxiv|ar5iv|huggingface\.co/papers|semanticscholar\.org/arxiv|CoRR", re.IGNORECASE)
_BARE_NEW = re.compile(rf"(?<![\w.-])(?P<id>{_NEW_ID})(?P<ver>v\d+)?(?![\w]|\.\d)")
_FULL_ID = re.compile(rf"\s*(?:abs/)?{_ID}\s*", re.IGNORECASE)


def _valid_new(ident: str) -> bool:
    # 4-digit serials ended with 1412; 5-digit ones started with 1501.
    yymm, serial = ident.split(".")
    return (len(serial) == 5) == (int(yymm) >= 1501)


def _norm_id(ident: str) -> str | None:
    if "/" in ident:
        archive, number = ident.split("/", 1)
        # The subject class (cs.CV) is not part of the canonical old-style id.
        return f"{archive.split('.')[0].lower()}/{number}"
    return ident if _valid_new(ident) else None


def arxiv_ids(text: str) -> list[tuple[str, int, int]]:
    """arXiv ids stated with arXiv context (URL, "arXiv:" prefix, arXiv DOI).

    Each item is (normalised id, start, end); the span covers the whole
    matched expression (URL or prefix plus id). Every occurrence is listed.
    """
    out: list[tuple[str, int, int]] = []
    # every context the pattern knows names one of these words: skip the
    # costly scan of text that has none (most prose)
    if not _ARXIV_HINT.search(text):
        return out
    for m in _ARXIV_CONTEXT.finditer(text):
        ident = _norm_id(m.group("id"))
        if ident:
            out.append((ident, m.start(), m.end()))
    return out


def bare_arxiv_ids(text: str) -> list[tuple[str, int, int]]:
    """New-style ids without any context ("2112.10752"): use only where the
    text is known to list arXiv papers, since any YYMM.NNNNN number matches."""
    out = []
    for m in _BARE_NEW.finditer(text):
        ident = _norm_id(m.group("id"))
        if ident:
            out.append((ident, m.start(), m.end()))
    return out


def is_arxiv_id(value: str) -> bool:
    m = _FULL_ID.fullmatch(value or "")
    return bool(m and _norm_id(m.group("id")))


def normalize_arxiv(url_or_id: str) -> str | None:
    """The canonical id (no version, no prefix) of an arXiv URL, "arXiv:"
    reference, arXiv DOI or bare id; None when it is none of those."""
    if not url_or_id:
        return None
    found = arxiv_ids(url_or_id)
    if found:
        return found[0][0]
    m = _FULL_ID.fullmatch(url_or_id)
    return _norm_id(m.group("id")) if m else None


def arxiv_year(arxiv_id: str) -> int | None:
    ident = normalize_arxiv(arxiv_id)
    if not ident:
        return None
    if "/" in ident:
        yy = int(ident.split("/", 1)[1][:2])
        return 1900 + yy if yy >= 91 else 2000 + yy
    return 2000 + int(ident[:2])


def arxiv_url(arxiv_id: str) -> str | None:
    ident = normalize_arxiv(arxiv_id)
    return f"https://arxiv.org/abs/{ident}" if ident else None


# --- DOIs and years -----------------------------------------------------------

_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"'<>\]\[{}|\\^`]+)")


def _trim_doi(value: str) -> str:
    # a closing parenthesis stays only when the DOI itself opened one
    # (10.1016/S0140-6736(20)30183-5), not when the DOI sits in parentheses
    return trim_url(value, ".,;:")


def doi_spans(text: str) -> list[tuple[str, int, int]]:
    out = []
    for m in _DOI.finditer(text):
        value = _trim_doi(m.group(1))
        if "/" in value and len(value.split("/", 1)[1]) > 0:
            out.append((value, m.start(1), m.start(1) + len(value)))
    return out


def doi(text: str) -> list[str]:
    """DOIs in the text (bare, "doi:" or doi.org URLs), unique, in order."""
    seen: set[str] = set()
    out = []
    for value, _, _ in doi_spans(text):
        key = value.casefold()  # DOIs are case-insensitive
        if key not in seen:
            seen.add(key)
            out.append(value)
    return out


# Not after a digit, dot or currency sign, not followed by more digits or a
# decimal part, so "2022.10", "$2000" and arXiv ids are not years.
_YEAR = re.compile(rf"(?<![\d.$€£#])(?<!\d,)({YEAR_PATTERN})(?!\d|\.\d|,\d{{3}}|\s?%)")


def years(text: str) -> list[tuple[int, int, int]]:
    """Plausible years 1950-2030 as (year, start, end)."""
    return [(int(m.group(1)), m.start(1), m.end(1)) for m in _YEAR.finditer(text)]


# --- repositories and URL kinds ------------------------------------------------

# First path segments of github.com that are site pages, not owners.
_GITHUB_RESERVED = frozenset(
    """about account apps blog codespaces collections contact customer-stories
    dashboard diff enterprise events explore features gist github-copilot login
    join marketplace new notifications orgs organizations pricing pulls issues
    readme search security settings site sponsors team topics trending users
    resources solutions education premium-support logout sessions signup
    copilot mobile nonprofit partners stars watching""".split()
)
_OWNER = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$")
_REPO = re.compile(r"[A-Za-z0-9._-]+$")
_TRAILING = ".,;:!?)]}>'\"*`"


def _split(url: str):
    url = (url or "").strip().strip("<>")
    if url.startswith("git@") and ":" in url:  # git@github.com:owner/repo.git
        host, _, path = url[4:].partition(":")
        url = f"https://{host}/{path}"
    if not re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*://", url):
        url = "https://" + url
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return "", [], ""
    host = host.removeprefix("www.")
    segments = [s for s in parts.path.split("/") if s]
    return host, segments, parts.query


def _clean_repo(name: str) -> str:
    name = name.rstrip(_TRAILING)
    if name.lower().endswith(".git"):
        name = name[:-4]
    return name


def github_repo(url: str) -> str | None:
    """Canonical "https://github.com/owner/repo" for a URL to or inside a code
    repository on GitHub (also GitLab, Bitbucket, Codeberg); None for site
    pages, user pages, gists, raw files hosts, project pages and everything
    else. Case is preserved; compare with repo_key."""
    host, segs, _ = _split(url)
    if host in ("github.com", "bitbucket.org", "codeberg.org"):
        if len(segs) < 2:
            return None
        owner, repo = segs[0], _clean_repo(segs[1])
        if host == "github.com" and owner.lower() in _GITHUB_RESERVED:
            return None
        if not _OWNER.match(owner) or not _REPO.match(repo) or repo in (".", ".."):
            return None
        return f"https://{host}/{owner}/{repo}"
    if host == "gitlab.com":
        # GitLab allows nested groups; "/-/" starts the in-repository path.
        path = segs[: segs.index("-")] if "-" in segs else segs
        if len(path) < 2 or path[0].lower() in ("explore", "users", "help", "dashboard"):
            return None
        path = path[:-1] + [_clean_repo(path[-1])]
        if not all(_REPO.match(p) for p in path):
            return None
        return "https://gitlab.com/" + "/".join(path)
    return None


def repo_key(url: str) -> str | None:
    """Case-insensitive key of the repository a URL points into."""
    repo = github_repo(url)
    return repo.lower() if repo else None


_PROJECT_HOST_SUFFIXES = (
    ".github.io",
    ".gitlab.io",
    ".pages.dev",
    ".netlify.app",
    ".vercel.app",
    ".studio",
    ".research.google",
)
_BLOG_PATH = re.compile(r"/(?:blog|blogs|posts?|news|articles?|stories)(?:/|$)", re.IGNORECASE)


def is_project_page(url: str) -> bool:
    """A paper's project site: GitHub/GitLab Pages, a Google Sites page or a
    stand-alone host such as makeavideo.studio. Blog-like paths are not."""
    host, segs, _ = _split(url)
    if not host:
        return False
    path = "/" + "/".join(segs)
    if _BLOG_PATH.search(path):
        return False
    if host == "sites.google.com":
        return True
    return host.endswith(_PROJECT_HOST_SUFFIXES)


URL_KINDS = (
    "arxiv",
    "paper",
    "pdf",
    "code",
    "project",
    "video",
    "blog",
    "social",
    "demo",
    "dataset",
    "other",
)

_IMAGE_EXT = re.compile(r"\.(?:png|jpe?g|gif|webp|svg|bmp|ico|tiff?|avif)$", re.IGNORECASE)
_VIDEO_EXT = re.compile(r"\.(?:mp4|webm|mov|avi|mkv|m4v)$", re.IGNORECASE)
_IMAGE_HOSTS = ("raw.githubusercontent.com", "user-images.githubusercontent.com",
                "imgur.com", "i.imgur.com", "img.shields.io", "miro.medium.com",
                "camo.githubusercontent.com", "private-user-images.githubusercontent.com")
_VIDEO_HOSTS = ("youtube.com", "youtu.be", "m.youtube.com", "vimeo.com", "player.vimeo.com",
                "bilibili.com", "twitch.tv", "dailymotion.com", "loom.com")
_SOCIAL_HOSTS = ("twitter.com", "x.com", "t.co", "linkedin.com", "lnkd.in", "discord.gg",
                 "discord.com", "patreon.com", "spotify.com", "open.spotify.com",
                 "instagram.com", "facebook.com", "fb.com", "diasp.org", "joindiaspora.com",
                 "pluspora.com", "mastodon.social", "threads.net", "reddit.com",
                 "news.ycombinator.com", "t.me", "tiktok.com", "bsky.app", "weibo.com")
_DEMO_HOSTS = ("colab.research.google.com", "replicate.com", "gradio.live", "hf.space",
               "gradio.app", "streamlit.app")
_PAPER_HOSTS = ("openreview.net", "papers.nips.cc", "aclanthology.org", "aclweb.org",
                "openaccess.thecvf.com", "dl.acm.org", "ieeexplore.ieee.org",
                "link.springer.com", "ecva.net", "jmlr.org", "ojs.aaai.org", "ijcai.org",
                "sciencedirect.com", "nature.com", "science.org", "biorxiv.org",
                "medrxiv.org", "semanticscholar.org", "doi.org", "dx.doi.org",
                "researchgate.net", "pmlr.press", "mlr.press", "neurips.cc", "iclr.cc",
                "icml.cc", "bmva.org", "isca-speech.org", "pnas.org", "cell.com",
                "wiley.com", "onlinelibrary.wiley.com", "tandfonline.com", "mdpi.com",
                "frontiersin.org", "plos.org", "journals.plos.org", "ssrn.com",
                "papers.ssrn.com", "academic.oup.com", "acm.org")
_BLOG_HOSTS = ("medium.com", "towardsdatascience.com", "substack.com", "blogspot.com",
               "wordpress.com", "ghost.io", "distill.pub", "thegradient.pub",
               "hackernoon.com", "dev.to", "analyticsvidhya.com", "kdnuggets.com",
               "machinelearningmastery.com", "marktechpost.com", "syncedreview.com",
               "topbots.com", "hashnode.dev", "googleblog.com", "lesswrong.com",
               "alignmentforum.org", "bair.berkeley.edu")
_DATASET_HOSTS = ("cocodataset.org", "image-net.org", "data.world", "datasets.cvc.uab.es")


def _host_in(host: str, hosts) -> bool:
    return any(host == h or host.endswith("." + h) for h in hosts)


def url_kind(url: str) -> str:
    """A coarse kind for a link target, one of URL_KINDS.

    Images (and image files inside repositories) are "other": they are
    illustrations, not the thing the link is about.
    """
    host, segs, _query = _split(url)
    if not host:
        return "other"
    path = "/" + "/".join(segs)
    first = segs[0].lower() if segs else ""
    if _host_in(host, _IMAGE_HOSTS) or _IMAGE_EXT.search(path):
        return "other"
    if normalize_arxiv(url) or _host_in(host, ("arxiv.org",)):
        return "arxiv"
    if _host_in(host, _VIDEO_HOSTS) or _VIDEO_EXT.search(path):
        return "video"
    if _host_in(host, _SOCIAL_HOSTS) or host.startswith(("mastodon.", "diaspora.")):
        return "social"
    if host == "huggingface.co":
        return {"spaces": "demo", "datasets": "dataset", "blog": "blog"}.get(first, "other")
    if _host_in(host, _DEMO_HOSTS):
        return "demo"
    if host == "kaggle.com" and first in ("datasets", "competitions", "c"):
        return "dataset"
    if host == "paperswithcode.com" and first in ("dataset", "datasets"):
        return "dataset"
    if _host_in(host, _DATASET_HOSTS):
        return "dataset"
    if github_repo(url) or (host == "pypi.org" and first == "project"):
        return "code"
    if _host_in(host, _PAPER_HOSTS) or host.startswith("proceedings."):
        return "paper"
    if path.lower().endswith(".pdf"):
        return "pdf"
    if _host_in(host, _BLOG_HOSTS) or host.startswith("blog.") or _BLOG_PATH.search(path):
        return "blog"
    if host in ("openai.com", "deepmind.google", "deepmind.com", "ai.meta.com",
                "anthropic.com", "stability.ai") and first in ("index", "research", "discover"):
        return "blog"
    if is_project_page(url):
        return "project"
    return "other"
