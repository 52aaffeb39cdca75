"""Tests of kg.evaluate on small hand-made exports, and checks of the gold files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.evaluate import (
    SCORED_PREDICATES,
    Gold,
    GoldPaper,
    Item,
    OptionalItems,
    Ratio,
    Score,
    each_author_once,
    evaluate,
    format_report,
    key,
    load_gold,
    name_key,
    names_match,
    people_match,
    repo_key,
    titles_match,
)

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "tests" / "gold"
GOLD_FILES = sorted(GOLD_DIR.rglob("*.yaml"))
DOC_DIRS = (ROOT / "data" / "corpus", *sorted((ROOT / "tests" / "fixtures").glob("unseen*")))

DOC = "doc.txt"


# --------------------------------------------------------------------------- helpers


class ExportBuilder:
    """Builds export dicts in the DESIGN.md JSON contract."""

    def __init__(self) -> None:
        self.entities: list[dict] = []
        self.relations: list[dict] = []

    def entity(self, type_, label, *, aliases=(), arxiv=None, year=None, url=None,
               sources=(DOC,)) -> str:
        iri = f"urn:test:{type_}:{len(self.entities)}"
        self.entities.append({
            "id": iri, "type": type_, "label": label, "aliases": list(aliases),
            "arxiv": arxiv, "year": year, "url": url, "sources": list(sources),
        })
        return iri

    def relate(self, subject, predicate, obj, source=DOC) -> None:
        evidence = [] if source is None else [
            {"source": source, "start": 0, "end": 1, "text": "x"}]
        self.relations.append({
            "subject": subject, "predicate": predicate, "object": obj,
            "confidence": 0.9, "support": 1, "evidence": evidence,
        })

    def export(self) -> dict:
        return {"entities": self.entities, "relations": self.relations}


def perfect_export(gold: Gold) -> dict:
    """The export a perfect extractor would produce for `gold`."""
    b = ExportBuilder()
    src = (gold.document,)
    persons: dict[tuple, str] = {}

    def person(name: str) -> str:
        k = name_key(name)
        if k not in persons:
            persons[k] = b.entity("Person", name, sources=src)
        return persons[k]

    named: dict[str, str] = {}  # key of every name an entity has -> its id

    def thing(name: str, type_: str, aliases=()) -> str:
        if key(name) not in named:
            iri = b.entity(type_, name, aliases=aliases, sources=src)
            for n in (name, *aliases):
                named.setdefault(key(n), iri)
        return named[key(name)]

    for category, type_ in (("organizations", "Organization"), ("techniques", "Technique"),
                            ("models", "Model")):
        for item in getattr(gold, category):
            thing(item.name, type_, item.aliases)
    for item in gold.people:
        person(item.name)
    objects = {"organizations": "Organization", "techniques": "Technique",
               "datasets": "Dataset", "builds_on": "Model", "models": "Model"}
    papers = []
    for paper in gold.papers:
        pid = b.entity("Paper", paper.title, arxiv=paper.arxiv, year=paper.year, sources=src)
        papers.append(pid)
        for n in (*paper.titles, *paper.models):
            named.setdefault(key(n), pid)
    for paper, pid in zip(gold.papers, papers, strict=True):
        for author in each_author_once(paper.authors):  # one person, however the gold spells them
            b.relate(pid, "authoredBy", person(author), gold.document)
        for url in paper.code:
            rid = b.entity("Repository", url, url=url, sources=src)
            b.relate(pid, "hasCode", rid, gold.document)
        for attr, type_ in objects.items():
            predicate = {v: k for k, v in SCORED_PREDICATES.items()}[attr]
            for name in getattr(paper, attr):
                b.relate(pid, predicate, thing(name, type_), gold.document)
    for subject, predicate, obj in gold.relations or ():
        sid = thing(subject, "Model")
        oid = person(obj) if predicate == "authoredBy" else thing(obj, "Model")
        b.relate(sid, predicate, oid, gold.document)
    return b.export()


def simple_gold(**kwargs) -> Gold:
    return Gold(document=DOC, **kwargs)


LDM = GoldPaper(
    title="High-Resolution Image Synthesis with Latent Diffusion Models",
    arxiv="2112.10752", year=2022,
    authors=("Rombach, R.", "Blattmann, A."),
    code=("https://github.com/CompVis/latent-diffusion",),
    organizations=("LMU Munich",),
)
GN = GoldPaper(title="Group Normalization", year=2018, authors=("Yuxin Wu", "Kaiming He"))
DDPM = GoldPaper(title="Denoising Diffusion Probabilistic Models", arxiv="2006.11239",
                 year=2020, authors=("Jonathan Ho",))

SMALL = simple_gold(
    papers=(LDM, GN, DDPM),
    organizations=(Item("LMU Munich", ("Ludwig Maximilian University",)),
                   Item("Meta AI", ("Meta",))),
    techniques=(Item("diffusion model"), Item("GAN")),
    models=(Item("DALL·E 2"), Item("Stable Diffusion")),
)


# --------------------------------------------------------------------------- scoring


def test_perfect_export_scores_one_everywhere():
    report = evaluate(perfect_export(SMALL), [SMALL])
    doc = report.documents[0]
    for name in ("papers", "organizations", "techniques", "models", "people", "authors"):
        score = getattr(doc, name)
        assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0), name
    assert doc.arxiv == Ratio(2, 2)
    assert doc.year == Ratio(3, 3)
    assert doc.code == Ratio(1, 1)
    assert doc.labs == Ratio(1, 1)
    assert doc.missing == () and doc.spurious == ()
    assert report.overall.papers == Score(3, 3, 3, 3)


def test_missing_paper_lowers_recall_exactly():
    export = perfect_export(SMALL)
    export["entities"] = [e for e in export["entities"] if e["label"] != GN.title]
    doc = evaluate(export, [SMALL]).documents[0]
    assert doc.papers == Score(tp_pred=2, n_pred=2, tp_gold=2, n_gold=3)
    assert doc.papers.precision == 1.0
    assert doc.papers.recall == pytest.approx(2 / 3)
    assert doc.papers.f1 == pytest.approx(0.8)
    # its two authors are missed too: 3 of 5 gold pairs remain
    assert doc.authors.recall == pytest.approx(3 / 5)
    assert doc.year == Ratio(2, 3)
    assert ("papers", (GN.title,)) in doc.missing


def test_spurious_and_duplicate_papers_lower_precision():
    b = ExportBuilder()
    b.entity("Paper", LDM.title, arxiv="2112.10752")
    b.entity("Paper", "high resolution image synthesis with latent diffusion models")  # dup
    b.entity("Paper", "Paper references")
    gold = simple_gold(papers=(LDM,))
    doc = evaluate(b.export(), [gold]).documents[0]
    assert doc.papers == Score(1, 3, 1, 1)
    assert doc.papers.precision == pytest.approx(1 / 3)
    assert doc.papers.f1 == pytest.approx(0.5)


def test_paper_matched_by_arxiv_despite_different_title():
    b = ExportBuilder()
    b.entity("Paper", "Stable Diffusion paper", arxiv="2112.10752v2", year=2021)
    doc = evaluate(b.export(), [simple_gold(papers=(LDM,))]).documents[0]
    assert doc.papers.recall == 1.0
    assert doc.arxiv == Ratio(1, 1)
    assert doc.year == Ratio(0, 1)  # 2021 is not what the document says


def test_paper_matched_by_title_but_arxiv_missing():
    b = ExportBuilder()
    b.entity("Paper", "HIGH-RESOLUTION image synthesis with latent-diffusion models!")
    doc = evaluate(b.export(), [simple_gold(papers=(LDM,))]).documents[0]
    assert doc.papers.recall == 1.0
    assert doc.arxiv == Ratio(0, 1)


def test_title_containment_needs_four_words_on_both_sides():
    nllb = GoldPaper(title="No Language Left Behind: Scaling Human-Centered Machine Translation")
    assert titles_match(["No Language Left Behind"], nllb.titles)
    assert not titles_match(["Group Normalization"], ["Group Normalization for Video"])
    assert not titles_match(["Normalization"], ["Group Normalization"])
    assert titles_match(["Group normalization."], ["Group Normalization"])
    b = ExportBuilder()
    b.entity("Paper", "No Language Left Behind")
    b.entity("Paper", "Group Norm")
    doc = evaluate(b.export(), [simple_gold(papers=(nllb, GN))]).documents[0]
    assert doc.papers == Score(1, 2, 1, 2)


def test_alias_and_plural_matching_of_names():
    b = ExportBuilder()
    b.entity("Organization", "Meta")                       # gold alias
    b.entity("Organization", "LMU", aliases=["Ludwig Maximilian University"])
    b.entity("Technique", "Diffusion Models")              # plural
    b.entity("Technique", "GANs")
    b.entity("Model", "Dall-E 2")                          # punctuation
    b.entity("Model", "Midjourney")                        # not in gold
    doc = evaluate(b.export(), [SMALL]).documents[0]
    assert doc.organizations == Score(2, 2, 2, 2)
    assert doc.techniques == Score(2, 2, 2, 2)
    assert doc.models == Score(1, 2, 1, 2)
    assert ("models", ("Midjourney",)) in doc.spurious
    assert ("models", ("Stable Diffusion",)) in doc.missing


def test_optional_items_and_technique_model_confusion_are_not_false_positives():
    gold = simple_gold(
        techniques=(Item("neural radiance field", ("NeRF",)),),
        models=(Item("BigGAN"),),
        optional=OptionalItems(organizations=(Item("Hugging Face"),),
                               papers=("A blog post title that is not a paper",)),
    )
    b = ExportBuilder()
    b.entity("Organization", "HuggingFace")
    b.entity("Organization", "Patreon")
    b.entity("Model", "NeRF")          # a gold technique typed as Model
    b.entity("Technique", "BigGAN")    # a gold model typed as Technique
    b.entity("Paper", "A blog post title that is not a paper")
    doc = evaluate(b.export(), [gold]).documents[0]
    assert doc.organizations == Score(0, 1, 0, 0)          # only Patreon counts
    assert doc.models == Score(0, 0, 0, 1)                 # recall stays strict
    assert doc.techniques == Score(0, 0, 0, 1)
    assert doc.papers == Score(0, 0, 0, 0)


def test_per_document_restriction():
    gold_a = Gold(document="a.txt", papers=(GN,), techniques=(Item("group normalization"),))
    gold_b = Gold(document="b.txt", papers=(DDPM,))
    b = ExportBuilder()
    gn = b.entity("Paper", GN.title, year=2018, sources=["a.txt", "b.txt"])
    b.entity("Technique", "group normalization", sources=["data/corpus/a.txt"])  # path ok
    b.entity("Paper", "Some Other Paper", sources=["c.txt"])
    wu = b.entity("Person", "Yuxin Wu", sources=["a.txt"])
    he = b.entity("Person", "Kaiming He", sources=["a.txt", "b.txt"])
    b.relate(gn, "authoredBy", wu, source="a.txt")
    b.relate(gn, "authoredBy", he, source="c.txt")   # asserted elsewhere: not counted
    report = evaluate(b.export(), [gold_a, gold_b])
    a, bb = report.documents
    assert a.papers == Score(1, 1, 1, 1)
    assert a.techniques == Score(1, 1, 1, 1)
    assert a.authors == Score(1, 1, 1, 2)
    # in b.txt the Group Normalization paper is spurious and DDPM missing
    assert bb.papers == Score(0, 1, 0, 1)
    assert bb.people == Score(0, 1, 0, 1)            # Kaiming He is not a b.txt person
    assert report.overall.papers == Score(1, 2, 1, 2)
    assert report.overall.authors == Score(1, 1, 1, 3)


def test_relation_without_evidence_counts_when_both_ends_are_in_the_document():
    b = ExportBuilder()
    pid = b.entity("Paper", GN.title)
    b.relate(pid, "authoredBy", b.entity("Person", "Y. Wu"), source=None)
    b.relate(pid, "authoredBy", b.entity("Person", "K. He", sources=["x.txt"]), source=None)
    doc = evaluate(b.export(), [simple_gold(papers=(GN,))]).documents[0]
    assert doc.authors == Score(1, 1, 1, 2)


def test_authors_match_by_surname_and_initial_one_to_one():
    b = ExportBuilder()
    pid = b.entity("Paper", LDM.title, arxiv=LDM.arxiv)
    for name in ("Robin Rombach", "R. Rombach", "Andreas Blattmann", "Patrick Esser"):
        b.relate(pid, "authoredBy", b.entity("Person", name))
    doc = evaluate(b.export(), [simple_gold(papers=(LDM,))]).documents[0]
    # Rombach twice (one is a duplicate), Esser is not an author the document gives
    assert doc.authors == Score(2, 4, 2, 2)
    assert doc.authors.precision == 0.5 and doc.authors.recall == 1.0


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Suvorov, R.", ("suvorov", "r")),
        ("Robin Rombach", ("rombach", "r")),
        ("A. Ramesh", ("ramesh", "a")),
        ("Reed S.", ("reed", "s")),
        ("Saharia", ("saharia", None)),
        ("Piergiovanni, A.J.", ("piergiovanni", "a")),
        ("O’Toole, Matthew", ("otoole", "m")),
        ("Francesc Moreno-Noguer", ("morenonoguer", "f")),
        ("Thomas Müller", ("muller", "t")),
        ("Zhang, Susan et al.", ("zhang", "s")),
        ("Louis (What's AI) Bouchard", ("bouchard", "l")),
        ("Jan van Gemert", ("gemert", "j")),
        ("Kaiming He", ("he", "k")),
    ],
)
def test_name_key(name, expected):
    assert name_key(name) == expected


def test_people_match():
    assert people_match(["Thomas Muller"], ["Müller, T."])
    assert people_match(["Chitwan Saharia"], ["Saharia"])
    assert not people_match(["Jian Wang"], ["Wang, K."])


def test_code_links_ignore_case_slash_git_and_github_subpaths():
    assert repo_key("https://github.com/CompVis/latent-diffusion/") == repo_key(
        "http://www.github.com/compvis/latent-diffusion.git")
    assert repo_key("https://github.com/facebookresearch/fairseq/tree/nllb") == repo_key(
        "facebookresearch/fairseq")
    gold = simple_gold(papers=(
        GoldPaper(title=LDM.title, code=("https://github.com/CompVis/latent-diffusion",)),
        GoldPaper(title=GN.title, code=("https://github.com/a/b", "https://github.com/a/c")),
    ))
    b = ExportBuilder()
    ldm = b.entity("Paper", LDM.title)
    b.relate(ldm, "hasCode", b.entity("Repository", "CompVis/latent-diffusion", url=None))
    gn = b.entity("Paper", GN.title)
    b.relate(gn, "hasCode", b.entity("Repository", "code", url="https://github.com/A/B.git/"))
    b.relate(gn, "hasCode", b.entity("Organization", "https://github.com/a/c"))  # not a repo
    doc = evaluate(b.export(), [gold]).documents[0]
    assert doc.code == Ratio(2, 3)


def test_empty_export_and_empty_gold():
    doc = evaluate({"entities": [], "relations": []}, [SMALL]).documents[0]
    assert doc.papers.recall == 0.0 and doc.papers.f1 == 0.0
    doc = evaluate({"entities": [], "relations": []}, [simple_gold()]).documents[0]
    assert doc.papers.f1 == 1.0


def test_format_report_is_a_table():
    report = evaluate(perfect_export(SMALL), [SMALL, Gold(document="other.md")])
    text = format_report(report)
    lines = text.splitlines()
    assert lines[0].split() == ["metric", "doc", "other", "overall"]
    assert any(line.startswith("papers P/R/F1") and "1.00/1.00/1.00" in line for line in lines)
    assert "arXiv id recall" in text and "(2/2)" in text
    detailed = format_report(evaluate({"entities": []}, [SMALL]), details=True)
    assert "doc.txt missing papers (3):" in detailed
    assert f"  - {GN.title}" in detailed


# --------------------------------------------------------------------------- loading


def test_load_gold_reads_both_name_forms(tmp_path):
    path = tmp_path / "g.yaml"
    path.write_text(
        "document: data/corpus/x.txt\n"
        "papers:\n"
        "  - title: 'A: B'\n"
        "    arxiv: '2112.10752'\n"
        "    year: 2022\n"
        "organizations: [Google, {name: Meta AI, aliases: [Meta]}]\n"
        "optional:\n"
        "  papers: ['Not a paper']\n",
        encoding="utf-8",
    )
    gold = load_gold(path)
    assert gold.document == "x.txt"
    assert gold.papers == (GoldPaper(title="A: B", arxiv="2112.10752", year=2022),)
    assert gold.organizations == (Item("Google"), Item("Meta AI", ("Meta",)))
    assert gold.optional.papers == ("Not a paper",)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("papers: [{title: x}]\n", "'document'"),
        ("document: d\npapers: [{arxiv: '2112.10752'}]\n", "title is required"),
        ("document: d\npapers: [{title: x, arxiv: 2112.10752}]\n", "quoted string"),
        ("document: d\npapers: [{title: x, arxiv: '21.1'}]\n", "not like"),
        ("document: d\npapers: [{title: x, year: '2022'}]\n", "year"),
        ("document: d\npapers: [{title: x, autors: [a]}]\n", "unknown keys"),
        ("document: d\ntechnique: [a]\n", "unknown keys"),
        ("document: d\nmodels: [{aliases: [x]}]\n", "name"),
        ("- not a mapping\n", "mapping"),
    ],
)
def test_load_gold_rejects_malformed_files(tmp_path, body, message):
    path = tmp_path / "bad.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_gold(path)


def test_load_gold_missing_file(tmp_path):
    with pytest.raises(InputError, match="cannot read"):
        load_gold(tmp_path / "nope.yaml")


# --------------------------------------------------------------------------- gold files


def test_gold_files_exist():
    names = {p.relative_to(GOLD_DIR).as_posix() for p in GOLD_FILES}
    assert {
        "000_7a45ea19deb02d84.yaml", "001_1e3c55881227ea1d.yaml",
        "002_f145116ad497f304.yaml", "003_6645e76788ab7ae7.yaml",
        "unseen/awesome_list.yaml", "unseen/lecture_post.yaml",
        "unseen/roundup.yaml", "unseen/social_posts.yaml",
    } <= names


def _document_text(gold: Gold) -> str:
    for folder in DOC_DIRS:
        path = folder / gold.document
        if path.exists():
            return path.read_bytes().decode("utf-8")
    raise AssertionError(f"{gold.document} not found in {DOC_DIRS}")


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.relative_to(GOLD_DIR).as_posix())
def test_gold_file_is_well_formed(path):
    gold = load_gold(path)
    text = _document_text(gold)
    assert gold.papers, "every gold document presents at least one paper"
    titles = [key(p.title) for p in gold.papers]
    assert len(titles) == len(set(titles)), "duplicate paper titles"
    for paper in gold.papers:
        assert paper.title.strip()
        assert "‚Ä" not in paper.title and "â€" not in paper.title, "mojibake in gold"
        if paper.arxiv is not None:
            assert re.fullmatch(r"\d{4}\.\d{4,5}", paper.arxiv)
            assert paper.arxiv in text, f"{paper.arxiv} is not stated in {gold.document}"
        if paper.year is not None:
            assert 1980 <= paper.year <= 2025
        keys = [name_key(a) for a in paper.authors]
        assert len(keys) == len(set(keys)), f"indistinguishable authors in {paper.title}"
        assert all(k[0] for k in keys)
        for url in paper.code:
            assert url.startswith("https://")
    arxivs = [p.arxiv for p in gold.papers if p.arxiv]
    assert len(arxivs) == len(set(arxivs))
    for category in ("organizations", "techniques", "models", "people"):
        names = [key(i.name) for i in getattr(gold, category)]
        assert all(names) and len(names) == len(set(names)), category


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.relative_to(GOLD_DIR).as_posix())
def test_perfect_export_of_each_gold_file_scores_one(path):
    gold = load_gold(path)
    doc = evaluate(perfect_export(gold), [gold]).documents[0]
    for name in ("papers", "organizations", "techniques", "models", "people", "authors"):
        assert getattr(doc, name).f1 == 1.0, (name, doc.missing, doc.spurious)
    for name in ("arxiv", "year", "code", "labs"):
        assert getattr(doc, name).value == 1.0, (name, doc.missing)
    if gold.relations is not None:
        for predicate, score in doc.relations:
            assert score.f1 == 1.0, (predicate, doc.missing, doc.spurious)


# --------------------------------------------------------------------------- relations

NERF = GoldPaper(title="NeRF: Representing Scenes as Neural Radiance Fields for View Synthesis",
                 organizations=("UC Berkeley",), techniques=("volume rendering",),
                 datasets=("LLFF",), models=("NeRF",))
NERF_PP = GoldPaper(title="NeRF++: Analyzing and Improving Neural Radiance Fields",
                    builds_on=("NeRF",), models=("NeRF++",))
REL_GOLD = simple_gold(
    papers=(NERF, NERF_PP),
    organizations=(Item("UC Berkeley", ("Berkeley",)),),
    techniques=(Item("volume rendering"), Item("positional encoding")),
    models=(Item("NeRF"), Item("NeRF++"), Item("Instant-NGP")),
    relations=(("Instant-NGP", "fromOrganization", "NVIDIA"),),
    optional=OptionalItems(techniques=(Item("MLP"),)),
)


def _rel(report, predicate):
    return dict(report.documents[0].relations)[predicate]


def test_relations_are_scored_per_predicate_with_paper_and_model_as_one_subject():
    b = ExportBuilder()
    paper = b.entity("Paper", NERF.title)
    model = b.entity("Model", "NeRF")
    paper_pp = b.entity("Paper", NERF_PP.title)
    berkeley = b.entity("Organization", "Berkeley")
    b.relate(model, "fromOrganization", berkeley)          # on the model: still right
    b.relate(paper, "usesTechnique", b.entity("Technique", "volume rendering"))
    b.relate(paper, "usesTechnique", b.entity("Technique", "positional encoding"))  # wrong
    b.relate(paper, "usesTechnique", b.entity("Technique", "MLP"))   # optional: ignored
    b.relate(paper_pp, "buildsOn", model)
    b.relate(paper_pp, "buildsOn", paper)                 # the paper is NeRF too
    report = evaluate(b.export(), [REL_GOLD])
    assert _rel(report, "fromOrganization") == Score(1, 1, 1, 2)   # Instant-NGP/NVIDIA missed
    assert _rel(report, "usesTechnique") == Score(1, 2, 1, 1)
    assert _rel(report, "buildsOn") == Score(2, 2, 1, 1)
    assert _rel(report, "evaluatedOn") == Score(0, 0, 0, 1)
    assert _rel(report, "introduces") == Score(0, 0, 0, 2)
    assert _rel(report, "all") == Score(4, 5, 3, 7)
    doc = report.documents[0]
    assert "Instant-NGP fromOrganization NVIDIA" in dict(doc.missing)["relations"]
    assert any("positional encoding" in s for s in dict(doc.spurious)["relations"])


def test_nerf_plus_plus_is_not_nerf():
    assert not names_match(["NeRF++"], ["NeRF"])
    assert names_match(["nerf++"], ["NeRF++"])


def test_confident_precision_counts_relations_at_or_above_the_threshold():
    b = ExportBuilder()
    paper = b.entity("Paper", NERF.title)
    b.relate(paper, "evaluatedOn", b.entity("Dataset", "LLFF"))
    b.relate(paper, "evaluatedOn", b.entity("Dataset", "ImageNet"))
    b.relations[1]["confidence"] = 0.5                    # wrong but not confident
    report = evaluate(b.export(), [REL_GOLD])
    assert report.documents[0].confident == Ratio(1, 1)
    assert report.overall.confident == Ratio(1, 1)
    assert dict(report.overall.relations)["evaluatedOn"] == Score(1, 2, 1, 1)


def test_relations_are_not_scored_without_relation_gold():
    b = ExportBuilder()
    paper = b.entity("Paper", LDM.title)
    b.relate(paper, "usesTechnique", b.entity("Technique", "GAN"))
    report = evaluate(b.export(), [SMALL])
    assert report.documents[0].relations == () and report.overall.relations == ()
    assert "rel " not in format_report(report)
    assert "rel buildsOn" in format_report(evaluate(b.export(), [REL_GOLD]))


def test_load_gold_reads_relation_gold(tmp_path):
    path = tmp_path / "g.yaml"
    path.write_text(
        "document: d.md\n"
        "relations:\n  - [YOLOv8, fromOrganization, Ultralytics]\n"
        "papers:\n  - {title: T, datasets: [COCO], builds_on: [YOLOv5], models: [YOLOv8]}\n"
        "optional:\n  relations: [[YOLOv8, usesTechnique, NMS]]\n", encoding="utf-8")
    gold = load_gold(path)
    assert gold.relations == (("YOLOv8", "fromOrganization", "Ultralytics"),)
    assert gold.optional.relations == (("YOLOv8", "usesTechnique", "NMS"),)
    assert gold.papers[0].builds_on == ("YOLOv5",) and gold.papers[0].models == ("YOLOv8",)
    path.write_text("document: d.md\nrelations: [[a, likes, b]]\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown predicate 'likes'"):
        load_gold(path)
    path.write_text("document: d.md\npapers: [{title: T}]\n", encoding="utf-8")
    assert load_gold(path).relations is None


def test_an_author_written_two_ways_in_one_gold_list_counts_once():
    assert each_author_once(("Malmi", "Eric Malmi", "Sebastian Krause")) == ("Eric Malmi", "Sebastian Krause")
    # two people who share a surname stay two
    assert each_author_once(("Keunhong Park", "Jeong Joon Park")) == ("Keunhong Park", "Jeong Joon Park")


def test_report_json_carries_the_derived_scores():
    from kg.evaluate import report_json

    data = report_json((Score(1, 2, 1, 4), Ratio(3, 4)))
    assert data[0] == {"tp_pred": 1, "n_pred": 2, "tp_gold": 1, "n_gold": 4,
                       "precision": 0.5, "recall": 0.25, "f1": round(1 / 3, 4)}
    assert data[1] == {"hits": 3, "total": 4, "value": 0.75}
