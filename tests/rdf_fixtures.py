"""Small hand-built RDF datasets shaped as the kg.namespaces contract describes.

Two documents and the vocabulary graph: enough to see provenance (sources),
support across documents, the technique taxonomy and evidence sentences.
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from kg.namespaces import (
    DOC,
    ID,
    KG,
    SCHEMA,
    STANDARD_CLASS,
    TECHNIQUE_SCHEME,
    VOCAB_GRAPH,
    graph_iri,
)

DOC_A = "000_latent.txt"
DOC_B = "001_openai.txt"

HOSTILE = "<img src=x onerror=alert(1)><script>alert(2)</script>"


def iri(kind: str, key: str) -> URIRef:
    return ID[f"{kind.lower()}/{key}"]


def add_entity(g, node, kind, label, *, aliases=(), arxiv=None, year=None, url=None):
    g.add((node, RDF.type, KG[kind]))
    g.add((node, RDF.type, STANDARD_CLASS[kind]))
    g.add((node, RDFS.label, Literal(label)))
    for alias in aliases:
        g.add((node, SKOS.altLabel, Literal(alias)))
    if kind in ("Technique", "Task"):
        g.add((node, SKOS.prefLabel, Literal(label)))
    if kind == "Paper":
        g.add((node, DCTERMS.title, Literal(label)))
    if arxiv:
        g.add((node, KG.arxivId, Literal(arxiv)))
    if year:
        g.add((node, DCTERMS.date, Literal(str(year), datatype=XSD.gYear)))
    if url:
        g.add((node, SCHEMA.url, Literal(url, datatype=XSD.anyURI)))
    return node


def add_relation(g, doc, s, predicate, o, sentence, *, start=0, confidence="0.8", method="test"):
    g.add((s, KG[predicate], o))
    ev = BNode()
    g.add((ev, RDF.type, RDF.Statement))
    g.add((ev, RDF.type, KG.Evidence))
    g.add((ev, RDF.subject, s))
    g.add((ev, RDF.predicate, KG[predicate]))
    g.add((ev, RDF.object, o))
    g.add((ev, PROV.wasDerivedFrom, DOC[doc]))
    g.add((ev, KG.start, Literal(start)))
    g.add((ev, KG.end, Literal(start + len(sentence))))
    g.add((ev, KG.sentence, Literal(sentence)))
    g.add((ev, KG.method, Literal(method)))
    g.add((ev, KG.confidence, Literal(Decimal(confidence))))


def add_document_node(g, name):
    g.add((DOC[name], RDF.type, KG.Document))
    g.add((DOC[name], RDF.type, PROV.Entity))
    g.add((DOC[name], KG.sha256, Literal("0" * 64)))


# entity IRIs used by the tests
LDM_PAPER = iri("paper", "2112.10752")
DALLE2_PAPER = iri("paper", "2204.06125")
DDPM_PAPER = iri("paper", "2006.11239")
DIFFUSION = iri("technique", "diffusion-model")
LATENT_DIFFUSION = iri("technique", "latent-diffusion-model")
ATTENTION = iri("technique", "attention")
GAN = iri("technique", "gan")
COMPVIS = iri("organization", "compvis")
OPENAI = iri("organization", "openai")
BERKELEY = iri("organization", "uc-berkeley")
ROMBACH = iri("person", "robin-rombach")
STABLE_DIFFUSION = iri("model", "stable-diffusion")
DALLE2 = iri("model", "dall-e-2")
LDM_REPO = iri("repository", "github.com/compvis/latent-diffusion")


def vocabulary(ds: Dataset) -> None:
    v = ds.graph(VOCAB_GRAPH)
    for node, label, aliases in (
        (DIFFUSION, "diffusion model", ("diffusion models", "DDPM")),
        (LATENT_DIFFUSION, "latent diffusion model", ("LDM",)),
        (ATTENTION, "attention", ()),
        (GAN, "generative adversarial network", ("GAN",)),
    ):
        add_entity(v, node, "Technique", label, aliases=aliases)
        v.add((node, SKOS.inScheme, TECHNIQUE_SCHEME))
    v.add((LATENT_DIFFUSION, SKOS.broader, DIFFUSION))


def two_documents() -> Dataset:
    """Doc A: the latent diffusion paper; doc B: DALL·E 2 and DDPM. Both name attention use."""
    ds = Dataset()
    vocabulary(ds)

    a = ds.graph(graph_iri(DOC_A))
    add_document_node(a, DOC_A)
    add_entity(
        a,
        LDM_PAPER,
        "Paper",
        "High-Resolution Image Synthesis with Latent Diffusion Models",
        arxiv="2112.10752",
        year=2022,
        url="https://arxiv.org/abs/2112.10752",
    )
    add_entity(a, LATENT_DIFFUSION, "Technique", "latent diffusion model", aliases=("LDM",))
    add_entity(a, ATTENTION, "Technique", "attention")
    add_entity(a, COMPVIS, "Organization", "CompVis", aliases=("LMU Munich",))
    add_entity(a, ROMBACH, "Person", "Robin Rombach")
    add_entity(a, STABLE_DIFFUSION, "Model", "Stable Diffusion")
    add_entity(
        a,
        LDM_REPO,
        "Repository",
        "CompVis/latent-diffusion",
        url="https://github.com/CompVis/latent-diffusion",
    )
    add_relation(
        a,
        DOC_A,
        LDM_PAPER,
        "usesTechnique",
        LATENT_DIFFUSION,
        "We train latent diffusion models in the latent space of autoencoders.",
        start=10,
        confidence="0.9",
    )
    add_relation(
        a,
        DOC_A,
        LDM_PAPER,
        "usesTechnique",
        ATTENTION,
        "Cross-attention layers turn LDMs into flexible generators.",
        start=90,
        confidence="0.7",
    )
    add_relation(
        a,
        DOC_A,
        LDM_PAPER,
        "fromOrganization",
        COMPVIS,
        "Latent Diffusion Models by CompVis at LMU Munich.",
        start=150,
    )
    add_relation(
        a,
        DOC_A,
        LDM_PAPER,
        "authoredBy",
        ROMBACH,
        "Robin Rombach et al. present latent diffusion.",
        start=200,
    )
    add_relation(
        a,
        DOC_A,
        LDM_PAPER,
        "hasCode",
        LDM_REPO,
        "Code: github.com/CompVis/latent-diffusion",
        start=250,
        confidence="1.0",
    )
    add_relation(
        a,
        DOC_A,
        STABLE_DIFFUSION,
        "buildsOn",
        LDM_PAPER,
        "Stable Diffusion builds on latent diffusion.",
        start=300,
    )
    add_relation(
        a,
        DOC_A,
        STABLE_DIFFUSION,
        "usesTechnique",
        LATENT_DIFFUSION,
        "Stable Diffusion is a latent diffusion model.",
        start=350,
    )

    b = ds.graph(graph_iri(DOC_B))
    add_document_node(b, DOC_B)
    add_entity(
        b,
        DALLE2_PAPER,
        "Paper",
        "Hierarchical Text-Conditional Image Generation with CLIP Latents",
        arxiv="2204.06125",
        year=2022,
    )
    add_entity(
        b,
        DDPM_PAPER,
        "Paper",
        "Denoising Diffusion Probabilistic Models",
        arxiv="2006.11239",
        year=2020,
    )
    add_entity(
        b,
        LDM_PAPER,
        "Paper",
        "High-Resolution Image Synthesis with Latent Diffusion Models",
        arxiv="2112.10752",
        year=2022,
    )
    add_entity(b, DIFFUSION, "Technique", "diffusion model", aliases=("diffusion models",))
    add_entity(b, ATTENTION, "Technique", "attention")
    add_entity(b, OPENAI, "Organization", "OpenAI")
    add_entity(b, BERKELEY, "Organization", "UC Berkeley")
    add_entity(b, DALLE2, "Model", "DALL·E 2", aliases=("DALL-E 2",))
    add_relation(
        b,
        DOC_B,
        DALLE2_PAPER,
        "usesTechnique",
        DIFFUSION,
        "unCLIP uses a diffusion model as its decoder.",
        start=5,
    )
    add_relation(
        b,
        DOC_B,
        DALLE2_PAPER,
        "usesTechnique",
        ATTENTION,
        "The prior is a decoder-only transformer with attention.",
        start=60,
    )
    add_relation(
        b, DOC_B, DALLE2_PAPER, "fromOrganization", OPENAI, "DALL·E 2 comes from OpenAI.", start=120
    )
    add_relation(
        b,
        DOC_B,
        DDPM_PAPER,
        "usesTechnique",
        DIFFUSION,
        "DDPM introduced the denoising diffusion model.",
        start=160,
    )
    add_relation(
        b, DOC_B, DDPM_PAPER, "fromOrganization", BERKELEY, "Ho et al. at UC Berkeley.", start=200
    )
    add_relation(
        b,
        DOC_B,
        DALLE2,
        "usesTechnique",
        DIFFUSION,
        "DALL·E 2 generates images with diffusion.",
        start=230,
    )
    add_relation(
        b,
        DOC_B,
        DALLE2,
        "buildsOn",
        DALLE2_PAPER,
        "DALL·E 2 is described in the unCLIP paper.",
        start=280,
    )
    # doc B repeats doc A's claim: support 2, confidence is the max of both
    add_relation(
        b,
        DOC_B,
        LDM_PAPER,
        "usesTechnique",
        ATTENTION,
        "Latent diffusion also relies on cross-attention.",
        start=330,
        confidence="0.95",
    )
    return ds


HOSTILE_PAPER = iri("paper", "hostile")


def hostile_document() -> Dataset:
    """A document whose strings are markup and script, and whose links are javascript: URLs."""
    ds = two_documents()
    name = "002_hostile.txt"
    g = ds.graph(graph_iri(name))
    add_document_node(g, name)
    add_entity(
        g,
        HOSTILE_PAPER,
        "Paper",
        HOSTILE,
        aliases=("</script><script>alert(4)</script>",),
        year=2021,
        url="javascript:alert(3)",
        arxiv="<b>2101.00001</b>",
    )
    repo = iri("repository", "hostile")
    add_entity(g, repo, "Repository", "<i>evil</i>", url="javascript:alert(5)")
    add_entity(g, DIFFUSION, "Technique", "diffusion model")
    add_relation(
        g,
        name,
        HOSTILE_PAPER,
        "usesTechnique",
        DIFFUSION,
        "<img src=y onerror=alert(6)> uses </script><script>alert(7)</script>",
        start=0,
    )
    add_relation(
        g, name, HOSTILE_PAPER, "hasCode", repo, "<a href=javascript:alert(8)>code</a>", start=100
    )
    return ds
