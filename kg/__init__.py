"""kg: a knowledge graph of AI papers, people, labs and techniques from writing about AI research."""

__version__ = "0.1.0"
EXTRACTOR_VERSION = "13"  # bump when extraction output changes: cached extractions are redone
