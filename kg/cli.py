"""The command line: a thin layer over the library.

Each command parses its arguments, calls one library function and formats
the result. Library errors (KGError) become one line on stderr and exit
code 1; never a traceback.

Exit codes: 0 success; 1 error; 2 usage error; 3 build finished but some
input files were skipped (listed on stderr); 4 build wrote the new store and
dump but not the HTML view (the reason on stderr; takes precedence over 3).
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import typer

from kg.errors import KGError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="kg: build and explore a knowledge graph of AI papers, people, labs and techniques.",
    pretty_exceptions_enable=False,
)

EXIT_SKIPPED = 3
EXIT_NO_VIEW = 4
OutOption = typer.Option(Path("out"), "--out", "-o", help="Output directory holding the store.")
StoreUrlOption = typer.Option(
    None, "--store", help="URL of a SPARQL 1.1 server (Oxigraph, Virtuoso's /sparql, ...) to use instead of the local store.")
StoreUserOption = typer.Option(
    None, "--store-user", envvar="KG_STORE_USER",
    help="User for the --store server (the password is read from KG_STORE_PASSWORD, never from the command line).")


def _err(message: str) -> None:
    # one line, whatever the message (a YAML or Turtle parser's reason spans several)
    line = "; ".join(part.strip() for part in str(message).splitlines() if part.strip())
    typer.echo(f"kg: {line}", err=True)


def _write_error(path: Path, exc: OSError) -> KGError:
    return KGError(f"{path}: cannot write ({exc.strerror or exc})")


def command(name: str | None = None):
    """Register a command whose library errors end as one line and exit 1."""

    def register(func):
        @functools.wraps(func)
        def run(*args, **kwargs):
            try:
                return func(*args, **kwargs)
            except KGError as exc:
                _err(str(exc))
                raise typer.Exit(1) from None

        return app.command(name)(run)

    return register


def _open(out: Path, store_url: str | None, store_user: str | None = None):
    from kg.store import open_store

    return open_store(out, store_url=store_url, store_user=store_user) if store_url else open_store(out)


@command()
def build(
    paths: list[Path] = typer.Argument(None, help="Files or folders to read (default: data/corpus)."),
    out: Path = OutOption,
    store: str | None = StoreUrlOption,
    store_user: str | None = StoreUserOption,
    no_view: bool = typer.Option(False, "--no-view", help="Do not write the HTML view."),
    processes: int | None = typer.Option(
        None, "--processes", "-j", help="Worker processes that extract documents (with --scheduler local: Dask workers)."),
    scheduler: str | None = typer.Option(
        None, "--scheduler", metavar="ADDRESS",
        help="Extract on a Dask cluster: 'local' starts one here, or a scheduler address such as tcp://host:8786 "
             "(needs kg[dask]).",
    ),
    max_nlp_chars: int = typer.Option(
        1_000_000, "--max-nlp-chars", metavar="N",
        help="Characters of each document the spaCy pass reads (0: all); the structure pass reads everything.",
    ),
    timings: bool = typer.Option(False, "--timings", help="Also print the seconds each stage took."),
) -> None:
    """Build the graph from documents: store, TriG dump and HTML view in OUT."""
    from rich.progress import Progress

    from kg.build import VIEW_NAME
    from kg.build import build as run_build

    with Progress(transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task("extracting", total=None)

        def progress(name: str, done: int, total: int) -> None:
            bar.update(task, total=total, completed=done, description=f"extracted {name}")

        report = run_build(paths or None, out, store_url=store, view=not no_view, n_process=processes,
                           progress=progress, max_nlp_chars=max_nlp_chars, scheduler=scheduler,
                           store_user=store_user)
    for line in report.skipped:
        _err(f"skipped {line}")
    for line in report.warnings:
        _err(f"warning: {line}")
    if report.up_to_date:
        typer.echo(f"up to date: {len(report.documents)} documents unchanged; graph in {report.store}")
    else:
        counts = ", ".join(f"{n} {t}" for t, n in report.entities.items())
        typer.echo(f"built {len(report.documents)} documents ({len(report.extracted)} extracted, "
                   f"{len(report.removed)} removed): {counts}")
        typer.echo(f"{report.relations} relations, {report.triples} triples")
        typer.echo(f"store: {report.store}")
        if report.dump:
            typer.echo(f"dump:  {report.dump}")
        if report.view:
            typer.echo(f"view:  {report.view}")
    if timings:
        typer.echo("seconds: " + ", ".join(f"{stage} {secs:.2f}" for stage, secs in report.timings))
    if report.view_error:
        _err(f"view not written, the store and dump are the new graph ({out / VIEW_NAME} was removed, "
             f"not left showing the previous one): {report.view_error}")
        raise typer.Exit(EXIT_NO_VIEW)
    if report.skipped:
        raise typer.Exit(EXIT_SKIPPED)


@command()
def query(
    query_text: str | None = typer.Argument(None, metavar="QUERY", help="SPARQL text, a .rq file, or a canned query name."),
    out: Path = OutOption,
    store: str | None = StoreUrlOption,
    store_user: str | None = StoreUserOption,
    fmt: str = typer.Option("table", "--format", "-f", help="table, csv or json."),
    param: list[str] = typer.Option([], "--param", "-p", help="NAME=VALUE, bound into the query (never formatted into it); quote a value (\"2112.10752\") to keep it a string."),
    list_: bool = typer.Option(False, "--list", help="List the canned queries and their parameters."),
) -> None:
    """Run a SPARQL query (text, FILE.rq or canned name) against the graph."""
    from kg.query import FORMATS, format_result, list_queries, parse_params, run_query

    if list_:
        for name, description, params in list_queries():
            extra = f"  (params: {', '.join(params)})" if params else ""
            typer.echo(f"{name:28} {description}{extra}")
        return
    if not query_text:
        raise KGError("give a query (SPARQL text, a .rq file or a canned name), or --list")
    if fmt not in FORMATS:
        raise KGError(f"unknown format {fmt!r}: choose {', '.join(FORMATS[:-1])} or {FORMATS[-1]}")
    params = parse_params(param)
    with _open(out, store, store_user) as graph:
        result = run_query(graph, query_text, params)
    typer.echo(format_result(result, fmt), nl=False)


@command()
def export(
    out: Path = OutOption,
    fmt: str = typer.Option(..., "--format", "-f", help="json, ttl, trig, nt, jsonld, graphml or gexf."),
    output: Path | None = typer.Option(None, "--output", help="Write to this file instead of stdout."),
    store: str | None = StoreUrlOption,
    store_user: str | None = StoreUserOption,
) -> None:
    """Export the graph: the JSON contract, RDF syntaxes, or GraphML/GEXF for Gephi."""
    from kg.export import serialize

    with _open(out, store, store_user) as graph:
        ds = graph.dataset()
    if fmt in ("graphml", "gexf"):
        from kg.analytics import to_networkx, write_gexf, write_graphml

        if output is None:
            raise KGError(f"--format {fmt} needs --output FILE")
        G = to_networkx(ds)
        try:
            (write_graphml if fmt == "graphml" else write_gexf)(G, output)
        except OSError as exc:
            raise _write_error(output, exc) from None
        typer.echo(f"wrote {output} ({G.number_of_nodes()} nodes, {G.number_of_edges()} edges)")
        return
    text = serialize(ds, fmt)
    if output is None:
        typer.echo(text, nl=False)
    else:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise _write_error(output, exc) from None
        typer.echo(f"wrote {output}")


@command()
def viz(
    out: Path = OutOption,
    focus: str | None = typer.Option(None, "--focus", help="Label of an entity to centre the view on."),
    depth: int = typer.Option(2, "--depth", help="Neighbourhood depth around --focus."),
    types: list[str] = typer.Option([], "--types", help="Keep only these entity types (repeatable)."),
    view: str = typer.Option("full", "--view", help="full, lineage (a technique family) or lab."),
    output: Path | None = typer.Option(None, "--output", help="HTML file to write (default OUT/view.html)."),
) -> None:
    """Write an interactive HTML view of the graph (works offline)."""
    from kg.analytics import to_networkx
    from kg.viz import render_view

    with _open(out, None) as graph:
        G = to_networkx(graph.dataset())
    target = output or out / "view.html"
    try:
        summary = render_view(G, target, focus=focus, depth=depth, types=types or None, view=view,
                              title=f"kg: {focus or view}")
    except OSError as exc:
        raise _write_error(target, exc) from None
    typer.echo(f"wrote {summary.path} ({summary.nodes} nodes, {summary.edges} edges)")


@command()
def stats(
    out: Path = OutOption,
    top: int = typer.Option(5, "--top", help="How many of the most connected entities to show per type."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of text."),
) -> None:
    """Counts per type and per document, and the most connected entities."""
    from kg.stats import format_stats, graph_stats

    with _open(out, None) as graph:
        result = graph_stats(graph.dataset(), top=top)
    typer.echo(json.dumps(result, indent=2) if as_json else format_stats(result), nl=as_json)


@command()
def validate(out: Path = OutOption) -> None:
    """Check the graph against ontology/shapes.ttl (SHACL); exit 1 on violations."""
    from kg.validate import validate as run_validate

    with _open(out, None) as graph:
        report = run_validate(graph.dataset())
    if report.conforms:
        typer.echo(f"valid: {report.triples} triples conform to the shapes")
        return
    typer.echo(report.text)
    _err(f"{len(report.violations)} SHACL violations")
    raise typer.Exit(1)


@command()
def serve(
    out: Path = OutOption,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (loopback by default)."),
    port: int = typer.Option(7878, "--port", help="TCP port."),
) -> None:
    """Serve the graph read-only as a SPARQL 1.1 endpoint (Oxigraph server)."""
    from kg.serve import serve as run_serve

    run_serve(out, host=host, port=port)


@command("eval")
def eval_(
    gold: list[Path] = typer.Argument(..., help="Gold YAML files."),
    out: Path = OutOption,
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """Score the built graph against gold files: precision, recall, F1 per type and document."""
    from kg.evaluate import evaluate, format_report, load_gold, report_json
    from kg.export import export_json

    golds = [load_gold(p) for p in gold]
    with _open(out, None) as graph:
        report = evaluate(export_json(graph.dataset()), golds)
    typer.echo(json.dumps(report_json(report), indent=2) if as_json else format_report(report))


def main() -> None:
    try:
        app()
    except KGError as exc:
        _err(str(exc))
        sys.exit(1)
    except KeyboardInterrupt:
        _err("interrupted")
        sys.exit(130)


if __name__ == "__main__":
    main()
