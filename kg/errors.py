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


def file_error(path, what: str, exc: Exception) -> KGError:
    """The one-line error for a file that cannot be read (OSError) or is not UTF-8 text."""
    if isinstance(exc, UnicodeDecodeError):
        return KGError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start}); save the {what} as UTF-8")
    if isinstance(exc, OSError):
        return KGError(f"{path}: cannot read {what} ({exc.strerror or exc})")
    return KGError(f"{path}: cannot read {what} ({exc})")
