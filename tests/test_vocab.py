import importlib.util
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import RDF, RDFS, SKOS

from kg.errors import KGError
from kg.iris import entity_iri
from kg.namespaces import KG, TASK_SCHEME, TECHNIQUE_SCHEME
from kg.vocab import VOCAB_DIR, load_vocabulary, normalize, ontology_graph, plural_forms


@pytest.fixture(scope="module")
def vocab():
    return load_vocabulary()


@pytest.fixture(scope="module")
def build_pwc():
    path = VOCAB_DIR / "build_pwc.py"
    spec = importlib.util.spec_from_file_location("build_pwc", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_loads_every_type_from_both_sources(vocab):
    counts = Counter((e.type, e.source) for e in vocab)
    assert counts[("Technique", "hand")] >= 120
    assert counts[("Model", "hand")] >= 120
    assert counts[("Organization", "hand")] >= 100
    assert counts[("Task", "hand")] >= 60
    assert counts[("Dataset", "hand")] >= 50
    assert counts[("Venue", "hand")] >= 20
    assert counts[("Technique", "pwc")] > 500
    assert counts[("Model", "pwc")] > 100
    assert counts[("Dataset", "pwc")] > 1000
    assert load_vocabulary() is vocab
    assert load_vocabulary(VOCAB_DIR) is vocab


def test_no_name_belongs_to_two_hand_entries(vocab):
    assert vocab.collisions("hand") == ()


def test_no_name_belongs_to_two_entries_at_all(vocab):
    assert vocab.collisions(None) == ()


def test_every_entry_has_its_own_iri(vocab):
    iris = Counter(e.iri for e in vocab)
    assert [iri for iri, n in iris.items() if n > 1] == []


def test_references_between_hand_entries_resolve(vocab):
    missing = []
    for entry in vocab.entries:
        if entry.source != "hand":
            continue
        for label in entry.broader:
            if vocab.by_label(label, entry.type) is None:
                missing.append((entry.label, "broader", label))
        for key, wanted in (
            ("techniques", "Technique"),
            ("organization", "Organization"),
            ("parent", "Organization"),
        ):
            value = entry.attr(key)
            for label in (value,) if isinstance(value, str) else value or ():
                if vocab.by_label(label, wanted) is None:
                    missing.append((entry.label, key, label))
    assert missing == []


def test_broader_chain(vocab):
    chain = vocab.broader_chain("latent diffusion model")
    assert chain[:2] == ("diffusion model", "generative model")
    assert vocab.broader_chain("LDM") == chain
    assert vocab.broader_chain("group normalization") == ("normalization layer",)
    assert "transformer" in vocab.broader_chain("vision transformer")
    assert vocab.broader_chain("generative model") == ()
    assert vocab.broader_chain("no such thing") == ()


@pytest.mark.parametrize(
    "name",
    [
        "DALL·E 2",
        "DALL-E 2",
        "DALL.E 2",
        "DALL.E-2",
        "Dall-e 2",
        "DALLE 2",
        "DALL·E2",
        "DALL-E2",
        "dalle2",
        "Dalle-e 2",
        "dall·e 2",
        "DALL-E 2's",
        "unCLIP",
    ],
)
def test_dalle_2_spellings_resolve_to_one_entry(vocab, name):
    entry = vocab.by_alias(name)
    assert entry is not None and entry.label == "DALL·E 2" and entry.type == "Model"


def test_dalle_versions_stay_apart(vocab):
    labels = {
        vocab.by_alias(n).label
        for n in ["DALL-E", "DALL·E 2", "DALL.E-3", "DALL·E mini", "Craiyon"]
    }
    assert labels == {"DALL·E", "DALL·E 2", "DALL·E 3", "DALL·E Mini"}


def test_versions_are_distinct_models(vocab):
    gpt = [
        vocab.by_alias(n)
        for n in ["GPT-2", "GPT-3", "GPT3", "GPT-4", "gpt4", "GPT-4V", "GPT-4-Vision"]
    ]
    assert [e.label for e in gpt] == [
        "GPT-2",
        "GPT-3",
        "GPT-3",
        "GPT-4",
        "GPT-4",
        "GPT-4V",
        "GPT-4V",
    ]
    assert vocab.by_alias("GPT-3") != vocab.by_alias("GPT-4")
    style = [vocab.by_alias(n).label for n in ["StyleGAN", "StyleGAN2", "StyleGAN 2", "StyleGAN3"]]
    assert style == ["StyleGAN", "StyleGAN2", "StyleGAN2", "StyleGAN3"]
    assert vocab.by_alias("StyleGAN").source == "hand"


def test_case_sensitive_names_need_their_case(vocab):
    assert vocab.by_alias("OPT").label == "OPT"
    assert vocab.by_alias("opt") is None
    assert vocab.by_alias("CLIP").label == "CLIP"
    assert vocab.by_alias("clip") is None
    assert vocab.by_alias("COCO").type == "Dataset"
    assert vocab.by_alias("coco") is None
    assert vocab.by_alias("ms coco").label == "COCO"  # other names of the entry are not
    assert vocab.by_alias("Whisper").label == "Whisper"
    assert vocab.by_alias("whisper") is None


def test_techniques_match_plurals_and_other_types_do_not(vocab):
    assert vocab.by_alias("GANs").label == "generative adversarial network"
    assert vocab.by_alias("diffusion models").label == "diffusion model"
    assert vocab.by_alias("diffusion networks").label == "diffusion model"
    assert vocab.by_alias("CNNs").label == "convolutional neural network"
    assert vocab.by_alias("Spherical CNNs").label == "spherical CNN"
    assert vocab.by_alias("transformers").label == "transformer"
    assert vocab.by_alias("Whispers") is None
    assert plural_forms("loss") == ("losses",)
    assert plural_forms("GAN") == ("GANs",)
    assert plural_forms("positional encoding") == ("positional encodings",)
    assert vocab.by_alias("positional encodings").label == "positional encoding"


def test_lookups_for_the_bundled_corpus(vocab):
    expected = {
        "Tel-Aviv University": ("Organization", "Tel Aviv University"),
        "NVlabs": ("Organization", "NVIDIA"),
        "Deepmind": ("Organization", "DeepMind"),
        "Facebook AI research": ("Organization", "Meta AI"),
        "University of Wisconsin-Madison": ("Organization", "University of Wisconsin–Madison"),
        "Text-to-Image": ("Task", "text-to-image generation"),
        "inpainting": ("Task", "image inpainting"),
        "superresolution": ("Task", "super-resolution"),
        "Img2img": ("Task", "image-to-image translation"),
        "LAION-5B": ("Dataset", "LAION-5B"),
        "ICLR": ("Venue", "ICLR"),
        "NIPS": ("Venue", "NeurIPS"),
        "Stable Diffusion Video": ("Model", "Stable Video Diffusion"),
        "Zero123++": ("Model", "Zero123++"),
        "VQGAN": ("Technique", "vector-quantized GAN"),
        "BPE": ("Technique", "byte-pair encoding"),
    }
    for name, (type_name, label) in expected.items():
        entry = vocab.by_alias(name)
        assert entry is not None, name
        assert (entry.type, entry.label) == (type_name, label), name
    assert vocab.by_alias("Zero123").label == "Zero123"
    assert vocab.by_alias("Snapchat") is None  # a product: only a weak alias of Snap Inc.
    assert vocab.by_alias("shape") is None  # not Shap-E


def test_type_filter_and_normalize(vocab):
    assert vocab.by_alias("LAION", type="Organization").label == "LAION"
    assert vocab.by_alias("LAION-5B", type="Organization") is None
    assert normalize("  DALL·E–2 ") == normalize("dall-e 2") == "dall e 2"
    assert normalize("Noah’s Ark") == "noah's ark"


def test_surface_forms_have_one_owner_each(vocab):
    owners = {}
    for form in vocab.surface_forms():
        key = normalize(form.text, casefold=not form.case_sensitive)
        owners.setdefault(key, set()).add(form.entry.iri)
    assert [k for k, v in owners.items() if len(v) > 1] == []
    hand = list(vocab.surface_forms(types=["Model"], sources=["hand"]))
    texts = {f.text for f in hand}
    assert {"DALL·E 2", "DALL-E 2", "Stable Diffusion", "SDXL"} <= texts
    assert ("OPT", True) in {(f.text, f.case_sensitive) for f in hand}


def test_pwc_filter_drops_ordinary_words(build_pwc):
    words = build_pwc.english_words()
    for name in ["Adam", "Places", "Diffusion", "Dropout", "Flowers", "Transformer", "Cutout"]:
        assert build_pwc.drop_reason(name, words) == "ordinary word", name
    assert build_pwc.drop_reason("AB", words) == "too short"
    assert build_pwc.drop_reason("Reddit", words) is not None
    assert build_pwc.drop_reason("(deleted method)", words) is not None
    for name in ["StyleGAN2", "Linformer", "WebVid", "GFP-GAN", "Random Erasing"]:
        assert build_pwc.drop_reason(name, words) is None, name
    assert build_pwc.needs_exact_case("Random Erasing", words)
    assert build_pwc.needs_exact_case("LARS", words)
    assert not build_pwc.needs_exact_case("StyleGAN2", words)


def test_pwc_vocabulary_holds_no_ordinary_words(vocab):
    pwc_labels = {e.label for e in vocab if e.source == "pwc"}
    assert not {"Adam", "Places", "Diffusion", "Dropout", "Reddit"} & pwc_labels
    assert vocab.by_alias("Linformer").source == "pwc"


@pytest.mark.parametrize(
    ("name", "full_name", "collections", "expected"),
    [
        (
            "StyleGAN2",
            "StyleGAN2",
            ["Generative Models", "Generative Adversarial Networks"],
            "Model",
        ),
        ("BERT", "BERT", ["Language Models", "Transformers"], "Model"),
        ("GPT-3", "GPT-3", ["Transformers", "Language Models"], "Model"),
        ("ResNet", "Residual Network", ["Convolutional Neural Networks"], "Model"),
        ("Linformer", "Linformer", ["Transformers"], "Model"),
        ("LSTM", "Long Short-Term Memory", ["Recurrent Neural Networks"], "Technique"),
        ("GAN", "Generative Adversarial Network", ["Generative Adversarial Networks"], "Technique"),
        ("VAE", "Variational Autoencoder", ["Generative Models"], "Technique"),
        ("Transformer", "Transformer", ["Transformers"], "Technique"),
        ("Group Normalization", "Group Normalization", ["Normalization"], "Technique"),
        ("AdamW", "AdamW", ["Stochastic Optimization"], "Technique"),
        ("SimCLR", "SimCLR", ["Self-Supervised Learning"], "Technique"),
        ("Contractive Autoencoder", "", ["Generative Models"], "Technique"),
    ],
)
def test_pwc_technique_or_model(build_pwc, name, full_name, collections, expected):
    assert build_pwc.classify_method(name, full_name, collections) == expected


def test_pwc_entries_map_collections_to_hand_techniques(vocab):
    pwc_techniques = [e for e in vocab.of_type("Technique", source="pwc") if e.broader]
    assert len(pwc_techniques) > 300
    for entry in pwc_techniques:
        for label in entry.broader:
            assert vocab.by_label(label, "Technique").source == "hand"
    entry = vocab.by_alias("Linformer")
    assert "transformer" in entry.attr("techniques")
    assert entry.attr("pwc") == "linformer"


def test_ontology_graph_holds_the_taxonomies(vocab):
    g = ontology_graph(vocab)
    diffusion = entity_iri("Technique", "diffusion model")
    assert diffusion == vocab.by_label("diffusion model").iri
    assert (diffusion, RDF.type, SKOS.Concept) in g
    assert (diffusion, RDF.type, KG.Technique) in g
    assert (diffusion, SKOS.prefLabel, Literal("diffusion model")) in g
    assert (diffusion, RDFS.label, Literal("diffusion model")) in g
    assert (diffusion, SKOS.altLabel, Literal("diffusion network")) in g
    assert (diffusion, SKOS.broader, entity_iri("Technique", "generative model")) in g
    assert (diffusion, SKOS.inScheme, TECHNIQUE_SCHEME) in g
    assert (TECHNIQUE_SCHEME, RDF.type, SKOS.ConceptScheme) in g
    assert (TECHNIQUE_SCHEME, SKOS.hasTopConcept, entity_iri("Technique", "generative model")) in g
    inpainting = entity_iri("Task", "image inpainting")
    assert (inpainting, RDF.type, KG.Task) in g
    assert (inpainting, SKOS.inScheme, TASK_SCHEME) in g
    assert (KG.Paper, RDF.type, None) in g  # kg.ttl is in it
    assert not list(g.triples((entity_iri("Technique", "Linformer"), None, None)))  # hand only
    assert len(set(g.subjects(RDF.type, KG.Technique))) == len(vocab.of_type("Technique", "hand"))


def test_ontology_graph_conforms_to_the_shapes(vocab):
    from kg.validate import validate

    report = validate(ontology_graph(vocab))
    assert report.conforms, report.violations[:5]


def test_load_from_another_directory(tmp_path: Path):
    (tmp_path / "things.yaml").write_text(
        "type: Technique\nentries:\n  - label: widget net\n    aliases: [WNet]\n"
        "  - label: tiny widget net\n    broader: [widget net]\n    plural: false\n",
        encoding="utf-8",
    )
    vocab = load_vocabulary(tmp_path)
    assert len(vocab) == 2
    assert vocab.by_alias("WNets").label == "widget net"
    assert vocab.by_alias("tiny widget nets") is None
    assert vocab.broader_chain("tiny widget net") == ("widget net",)
    assert load_vocabulary(tmp_path) is vocab


def test_citation_only_entries_are_kept_apart_from_the_names(tmp_path: Path):
    (tmp_path / "venues.yaml").write_text(
        "type: Venue\nentries:\n  - label: WNC\n    aliases: [Widget Net Conference]\n"
        "  - label: TWS\n    citation_only: true\n    abbreviation_pattern: 'TWS'\n",
        encoding="utf-8",
    )
    vocab = load_vocabulary(tmp_path)
    assert [e.label for e in vocab] == ["WNC"]
    assert [(e.label, e.attr("abbreviation_pattern")) for e in vocab.citation_only] == [("TWS", "TWS")]
    assert vocab.by_alias("TWS") is None and vocab.by_label("TWS") is None
    assert [form.text for form in vocab.surface_forms()] == ["WNC", "Widget Net Conference"]


def test_malformed_vocabulary_is_a_kg_error(tmp_path: Path):
    (tmp_path / "bad.yaml").write_text("type: Gadget\nentries:\n  - label: x\n", encoding="utf-8")
    with pytest.raises(KGError):
        load_vocabulary(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    (other / "bad.yaml").write_text("type: Model\nentries:\n  - aliases: [x]\n", encoding="utf-8")
    with pytest.raises(KGError):
        load_vocabulary(other)
    with pytest.raises(KGError):
        load_vocabulary(tmp_path / "missing")
