"""Errors the library raises; the CLI turns each into one line and an exit code."""


class KGError(Exception):
    """Base class: a problem the user can act on, reported without a traceback."""


class InputError(KGError):
    """A document cannot be read, decoded or parsed."""


class StoreError(KGError):
    """The graph store is missing, locked, or cannot be opened or written."""


class QueryError(KGError):
    """A SPARQL query is malformed or a parameter is invalid."""


class ValidationError(KGError):
    """The graph does not conform to the SHACL shapes."""
