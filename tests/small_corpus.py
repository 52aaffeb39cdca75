"""Small documents written into a temporary folder by the build tests.

Each is a few lines so the spaCy pass stays cheap: a heading, a "Paper:"
line with an arXiv link, a "Code:" line and one sentence naming a lab.
"""

from __future__ import annotations

import shutil
from pathlib import Path

LDM = "https://w3id.org/aikg/id/paper/arxiv-2112.10752"
NERF = "https://w3id.org/aikg/id/paper/arxiv-2003.08934"
DREAMBOOTH = "https://w3id.org/aikg/id/paper/arxiv-2208.12242"
INSTANT_NGP = "https://w3id.org/aikg/id/paper/arxiv-2201.05989"
NVIDIA = "https://w3id.org/aikg/id/organization/nvidia"
GOOGLE_RESEARCH = "https://w3id.org/aikg/id/organization/google-research"


def entry(title: str, arxiv: str, code: str, sentence: str, heading: str = "Notes") -> str:
    return (
        f"# {heading}\n\n"
        f"## {title.split(':')[0]}\n\n"
        f"**Paper:** [{title}](https://arxiv.org/abs/{arxiv})\n\n"
        f"**Code:** [GitHub]({code})\n\n"
        f"{sentence}\n"
    )


DOCS = {
    "a.md": entry(
        "High-Resolution Image Synthesis with Latent Diffusion Models",
        "2112.10752",
        "https://github.com/CompVis/latent-diffusion",
        "Researchers at NVIDIA used a diffusion model for text-to-image generation.",
        heading="Diffusion notes",
    ),
    "b.md": entry(
        "NeRF: Representing Scenes as Neural Radiance Fields for View Synthesis",
        "2003.08934",
        "https://github.com/bmild/nerf",
        "The team at Google Research trained a neural radiance field.",
        heading="NeRF roundup",
    ),
    # shares the latent diffusion paper and NVIDIA with a.md; DreamBooth is its own
    "c.md": entry(
        "High-Resolution Image Synthesis with Latent Diffusion Models",
        "2112.10752",
        "https://github.com/CompVis/latent-diffusion",
        "Engineers at NVIDIA compared it with a GAN.",
        heading="More diffusion",
    )
    + "\n"
    + entry(
        "DreamBooth: Fine Tuning Text-to-Image Diffusion Models for Subject-Driven Generation",
        "2208.12242",
        "https://github.com/google/dreambooth",
        "It was fine-tuned on a few photos of one subject.",
        heading="Personalisation",
    ),
}

# b.md rewritten: a different paper, lab and repository
B_CHANGED = entry(
    "Instant Neural Graphics Primitives with a Multiresolution Hash Encoding",
    "2201.05989",
    "https://github.com/NVlabs/instant-ngp",
    "Researchers at NVIDIA trained a neural radiance field in seconds.",
    heading="NeRF roundup",
)


def write_docs(folder: Path, docs: dict[str, str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (DOCS if docs is None else docs).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def copy_build(docs: Path, out: Path, dest: Path) -> tuple[Path, Path]:
    """A private copy of a build (documents, store, manifest, cache) under `dest`.

    The store is a symlink to its generation directory: copied as a link.
    """
    my_docs, my_out = dest / "docs", dest / "out"
    shutil.copytree(docs, my_docs)
    shutil.copytree(out, my_out, symlinks=True)
    return my_docs, my_out


def generated_corpus(folder: Path, n: int) -> Path:
    """`n` documents of a few dozen entries each, for builds that must take a while."""
    folder.mkdir(parents=True, exist_ok=True)
    labs = ["NVIDIA", "Google Research", "Meta AI", "OpenAI", "DeepMind", "Microsoft Research"]
    for i in range(n):
        parts = [f"# Reading list {i}\n"]
        for j in range(12):
            k = i * 12 + j
            parts.append(
                f"## Entry {k}\n\n"
                f"**Paper:** [A Study of Generative Model Number {k}](https://arxiv.org/abs/2301.{k:05d})\n\n"
                f"**Code:** [GitHub](https://github.com/example/project-{k})\n\n"
                f"Researchers at {labs[k % len(labs)]} trained a diffusion model on ImageNet "
                f"for text-to-image generation.\n"
            )
        (folder / f"doc{i:03d}.md").write_text("\n".join(parts), encoding="utf-8")
    return folder
