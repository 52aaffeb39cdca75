"""The main job: documents -> extraction -> resolution -> RDF -> store.

Incremental: a manifest of content hashes lets a rebuild reuse the cached
extraction of every unchanged document; when nothing changed and the store
exists, nothing is rebuilt at all. A document that cannot be read is
skipped with a warning and the others still build. The store and the TriG
dump are replaced atomically (kg.store), so a failed or killed build leaves
the previous graph intact.

Very large documents: the structure pass always reads a whole document, but
the spaCy pass reads only its first MAX_NLP_CHARS characters (a warning says
so): spaCy's cost grows with the text, and tens of megabytes of prose would
take it hours (kg.extract also blanks long runs of punctuation, on which
spaCy's tokenizer is quadratic).
"""

from __future__ import annotations

import datetime as _dt
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg import cache
from kg.errors import InputError, KGError, StoreError
from kg.ingest import iter_document_paths, read_document
from kg.iris import entity_iri
from kg.model import Document, Extraction, ResolvedGraph

DEFAULT_CORPUS = Path("data/corpus")
DEFAULT_OUT = Path("out")
VIEW_NAME = "graph.html"
VIEW_NODE_LIMIT = 2000
# characters of each document the NLP pass reads (spaCy's own max_length);
# the structure pass reads everything. None or 0: no limit.
MAX_NLP_CHARS = 1_000_000


@dataclass(frozen=True)
class BuildReport:
    documents: tuple[str, ...]
    extracted: tuple[str, ...]  # documents whose NLP ran in this build
    skipped: tuple[str, ...]  # one line each: file and reason
    removed: tuple[str, ...]  # documents dropped since the last build
    entities: dict = field(default_factory=dict)  # type -> count
    relations: int = 0
    triples: int = 0
    up_to_date: bool = False
    store: str = ""
    dump: str | None = None
    view: str | None = None
    # why the view was not written although the store and dump were (they are the new graph)
    view_error: str | None = None
    warnings: tuple[str, ...] = ()
    timings: tuple[tuple[str, float], ...] = ()  # (stage, wall seconds), in order


class _Stopwatch:
    """Wall seconds per build stage, for `kg build --timings` and the benchmarks."""

    def __init__(self) -> None:
        self.laps: list[tuple[str, float]] = []
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.laps.append((stage, round(now - self._last, 3)))
        self._last = now


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat()


def _default_processes(n_docs: int) -> int:
    # a second process pays off only when there is enough text to share
    return 2 if (os.cpu_count() or 1) >= 2 and n_docs >= 8 else 1


def build(
    paths: list[Path] | None = None,
    out_dir: Path = DEFAULT_OUT,
    *,
    store_url: str | None = None,
    view: bool = True,
    n_process: int | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    max_nlp_chars: int | None = MAX_NLP_CHARS,
    scheduler: str | None = None,
    store_user: str | None = None,
) -> BuildReport:
    """Build (or bring up to date) the graph of the documents under `paths`.

    `max_nlp_chars` bounds the characters of each document that spaCy reads
    (None or 0: no bound); see the module docstring. `scheduler` extracts on
    a Dask cluster instead of here: ``"local"`` (a local cluster of
    `n_process` workers) or a scheduler address (``tcp://host:8786``).
    `store_user` writes to the server at `store_url` as that user, with the
    password from ``KG_STORE_PASSWORD``.
    """
    from kg.store import build_lock

    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with build_lock(out_dir):
            return _build_locked(paths or [DEFAULT_CORPUS], out_dir, store_url, view, n_process, progress,
                                 max_nlp_chars or None, scheduler, store_user)
    except OSError as exc:
        # disk full, permissions, ...: documents that cannot be read are skipped
        # earlier, so this is about the output; the previous graph is intact
        raise StoreError(f"cannot write the build in {out_dir}: {exc}") from exc


def _nlp_limit(doc: Document, max_chars: int | None) -> int | None:
    """The NLP limit that applies to `doc` (None: it is read whole)."""
    return max_chars if max_chars and len(doc.text) > max_chars else None


@dataclass(frozen=True)
class _Plan:
    """What a build knows once it has read the documents and the last manifest."""

    documents: dict[str, Document]
    skipped: list[str]  # one line each: file and reason
    old_docs: dict  # the last build's manifest entries, by document name
    limits: dict[str, int | None]  # the NLP limit of each document
    unchanged: set[str]  # documents whose cached graph is still right
    removed: tuple[str, ...]
    vocabulary: str  # digest of the vocabulary and ontology
    target: str  # where the graph goes: the store URL, or "local"


def _build_locked(paths, out_dir, store_url, view, n_process, progress, max_nlp_chars, scheduler,
                  store_user) -> BuildReport:
    clock = _Stopwatch()
    files, skipped = iter_document_paths([Path(p) for p in paths])
    skipped = list(skipped)
    if not files:
        raise InputError(f"no documents to build under {', '.join(str(p) for p in paths)}")
    manifest = cache.load_manifest(out_dir)
    plan = _plan(_read_documents(files, skipped), skipped, manifest, max_nlp_chars, store_url)
    if _is_up_to_date(plan, manifest, out_dir, store_url, view):
        return BuildReport(tuple(sorted(plan.documents)), (), tuple(skipped), (), up_to_date=True,
                           store=store_url or str(out_dir / "store"), dump=str(out_dir / "graph.trig"),
                           view=str(out_dir / VIEW_NAME) if view else None)
    clock.lap("read")
    key = cache.extractor_key()
    extractions, to_extract = _cached_extractions(out_dir, plan, key)
    clock.lap("cached extractions")
    limits = plan.limits
    notes = [f"{doc.name}: {len(doc.text):,} characters; the NLP pass read the first "
             f"{limits[doc.name]:,} (structure pass complete)" for doc in to_extract if limits[doc.name]]
    if to_extract:
        _extract_missing(to_extract, extractions, out_dir, plan, key,
                         (n_process, scheduler, max_nlp_chars, progress), clock)
        clock.lap("extract")
    resolved, info, written = _resolve_and_write(extractions, plan, out_dir, store_url, store_user, view,
                                                 clock)
    cache.save_manifest(
        out_dir,
        {n: {"sha256": i["sha256"], "generated": i["generated"],
             **({"nlp_limit": limits[n]} if limits[n] else {})} for n, i in info.items()},
        store=plan.target,
        vocabulary=plan.vocabulary,
    )
    return _report(plan, to_extract, resolved, written, notes, clock)


def _read_documents(files, skipped: list[str]) -> dict[str, Document]:
    """The readable documents by name; each one skipped is added to `skipped`."""
    documents: dict[str, Document] = {}
    for path in files:
        try:
            doc = read_document(path)
        except InputError as exc:
            skipped.append(str(exc))
            continue
        if doc.name in documents:
            skipped.append(f"{path}: another document is already named {doc.name!r}; names must be unique")
            continue
        documents[doc.name] = doc
    if not documents:
        raise InputError("no readable documents: " + "; ".join(skipped))
    return documents


def _plan(documents: dict[str, Document], skipped: list[str], manifest: dict, max_nlp_chars,
          store_url: str | None) -> _Plan:
    """Compare the documents with the last build's manifest."""
    old_docs = manifest["documents"]
    removed = tuple(sorted(set(old_docs) - set(documents)))
    limits = {n: _nlp_limit(d, max_nlp_chars) for n, d in documents.items()}
    from kg.vocab import vocabulary_digest

    # an edited vocabulary (or kg.ttl) changes every document's graph and the vocabulary graph
    vocabulary = vocabulary_digest(ontology=True)
    same_vocabulary = manifest.get("vocabulary") == vocabulary
    unchanged = {
        n for n, d in documents.items()
        if same_vocabulary and old_docs.get(n, {}).get("sha256") == d.sha256
        and old_docs[n].get("nlp_limit") == limits[n]
    }
    return _Plan(documents, skipped, old_docs, limits, unchanged, removed, vocabulary,
                 target=store_url or "local")


def _is_up_to_date(plan: _Plan, manifest: dict, out_dir: Path, store_url: str | None, view: bool) -> bool:
    # the graph is where this build writes it: a build to another store is not up to date
    store_ready = manifest.get("store", "local") == plan.target and (
        store_url is not None or (out_dir / "store").exists())
    return (plan.unchanged == set(plan.documents) and not plan.removed and store_ready
            and (not view or (out_dir / VIEW_NAME).exists()))


def _cached_extractions(out_dir: Path, plan: _Plan, key) -> tuple[dict[str, Extraction], list[Document]]:
    """(the extractions found in the cache, the documents still to extract)."""
    extractions: dict[str, Extraction] = {}
    to_extract = []
    for name in sorted(plan.documents):
        doc = plan.documents[name]
        # the cache is keyed by content, so a reverted file is reused too
        variant = f"nlp{plan.limits[name]}" if plan.limits[name] else ""
        cached = cache.load_extraction(out_dir, name, doc.sha256, variant, key)
        if cached is not None:
            extractions[name] = cached
        else:
            to_extract.append(doc)
    return extractions, to_extract


def _extract_missing(to_extract: list[Document], extractions: dict[str, Extraction], out_dir: Path,
                     plan: _Plan, key, how, clock: _Stopwatch) -> None:
    """Extract `to_extract` into `extractions`; `how` is (n_process, scheduler,
    max_nlp_chars, progress)."""
    n_process, scheduler, max_nlp_chars, progress = how
    # each extraction is cached as it arrives: an interrupted build keeps what it finished
    for i, ex in enumerate(_extractions(to_extract, n_process, scheduler, max_nlp_chars, clock), 1):
        extractions[ex.document] = ex
        limit = plan.limits[ex.document]
        cache.save_extraction(out_dir, ex, f"nlp{limit}" if limit else "", key)
        if progress:
            progress(ex.document, i, len(to_extract))


def _resolve_and_write(extractions: dict[str, Extraction], plan: _Plan, out_dir: Path,
                       store_url: str | None, store_user: str | None, view: bool, clock: _Stopwatch):
    """Resolve the extractions, write the store (and the view beside it);
    (resolved graph, document info, (store summary, view path, view error))."""
    from kg.namespaces import VOCAB_GRAPH
    from kg.rdf import document_triples
    from kg.resolve import resolve
    from kg.store import write_graphs
    from kg.vocab import ontology_graph

    resolved = resolve(extractions.values())
    clock.lap("resolve")
    info = _document_info(plan)
    graphs = document_triples(resolved, info)
    graphs[str(VOCAB_GRAPH)] = ontology_graph()
    # the view is drawn in a second process while this one writes the store
    view_job = _ViewJob(resolved, info, graphs[str(VOCAB_GRAPH)], out_dir) if view else None
    view_path = view_error = None
    try:
        summary = write_graphs(out_dir, graphs, store_url=store_url, store_user=store_user)
        clock.lap("store")
        if view_job:
            view_path, view_error = _finish_view(view_job)
            clock.lap("view")  # what was left to wait for once the store was written
    finally:
        if view_job:
            view_job.cancel()
    return resolved, info, (summary, view_path, view_error)


def _document_info(plan: _Plan) -> dict[str, dict]:
    """Each document's hash, title and generation time (kept when it is unchanged)."""
    now = _now()
    info = {}
    for name, doc in plan.documents.items():
        previous = plan.old_docs.get(name, {})
        generated = previous.get("generated") if name in plan.unchanged and previous.get("generated") else now
        info[name] = {"sha256": doc.sha256, "generated": generated, "title": doc.meta_dict().get("title")}
    return info


def _report(plan: _Plan, to_extract: list[Document], resolved: ResolvedGraph, written, notes: list[str],
            clock: _Stopwatch) -> BuildReport:
    summary, view_path, view_error = written
    counts: dict[str, int] = {}
    for e in resolved.entities:
        counts[e.type] = counts.get(e.type, 0) + 1
    documents = plan.documents
    warnings = tuple(f"{d.name}: {w}" for d in documents.values() for w in d.warnings) + tuple(notes)
    return BuildReport(
        documents=tuple(sorted(documents)),
        extracted=tuple(sorted(d.name for d in to_extract)),
        skipped=tuple(plan.skipped),
        removed=plan.removed,
        entities=dict(sorted(counts.items())),
        relations=len({(a.subject, a.predicate, a.object) for a in resolved.assertions}),
        triples=summary.triples,
        store=summary.location,
        dump=summary.dump,
        view=str(view_path) if view_path else None,
        view_error=view_error,
        warnings=warnings,
        timings=tuple(clock.laps),
    )


def _extractions(docs: list[Document], n_process, scheduler, max_nlp_chars, clock) -> Iterator[Extraction]:
    """Extract `docs` here (in this process or forked ones) or on a Dask cluster."""
    from kg.extract import extract_all

    if scheduler:
        from kg.extract.executors import dask_executor

        with dask_executor(scheduler, n_process) as executor:
            clock.lap("start cluster")
            yield from extract_all(docs, executor=executor, max_nlp_chars=max_nlp_chars)
        return
    from kg.extract.nlp import load_pipeline

    nlp = load_pipeline()
    clock.lap("load model")
    yield from extract_all(docs, nlp=nlp, n_process=n_process or _default_processes(len(docs)),
                           max_nlp_chars=max_nlp_chars)


def _finish_view(job: _ViewJob) -> tuple[Path | None, str | None]:
    """(the view, None), or (None, why it failed). The new store is live by
    now, so a failed view does not fail the build: it is reported, and the old
    view is removed rather than left showing the previous graph (the next
    build, finding no view, writes it from the cache)."""
    try:
        return job.finish(), None
    except (KGError, OSError) as exc:
        job.path.unlink(missing_ok=True)
        return None, str(exc)


def best_connected(resolved: ResolvedGraph, limit: int) -> ResolvedGraph:
    """The `limit` entities with the most relations (and the relations among
    them): what the overview of a large graph shows. Counted on the resolved
    graph, so the triples of the others are never made for the view."""
    if len(resolved.entities) <= limit:
        return resolved
    known = {e.iri for e in resolved.entities}
    degree: Counter = Counter()
    for s, p, o in {(a.subject, a.predicate, a.object) for a in resolved.assertions}:
        degree[s] += 1
        degree[o] += 1
    for e in resolved.entities:
        for broader in e.attr("broader") or ():
            target = str(entity_iri(e.type, broader))
            if target in known and target != e.iri:
                degree[e.iri] += 1
                degree[target] += 1
    keep = set(sorted(known, key=lambda iri: (-degree[iri], iri))[:limit])
    return ResolvedGraph(
        entities=tuple(e for e in resolved.entities if e.iri in keep),
        assertions=tuple(a for a in resolved.assertions if a.subject in keep and a.object in keep),
        documents=resolved.documents,
    )


def _write_view(resolved: ResolvedGraph, info, vocabulary_graph, path: Path) -> None:
    """The overview page written with every build (the best-connected entities when huge)."""
    from kg.analytics import to_networkx
    from kg.namespaces import VOCAB_GRAPH
    from kg.rdf import document_triples
    from kg.viz import render_view

    graphs = dict(document_triples(best_connected(resolved, VIEW_NODE_LIMIT), info))
    graphs[str(VOCAB_GRAPH)] = vocabulary_graph
    G = to_networkx(graphs)
    if G.number_of_nodes() > VIEW_NODE_LIMIT:  # with the vocabulary's concepts
        keep = sorted(G.nodes, key=lambda n: G.degree(n), reverse=True)[:VIEW_NODE_LIMIT]
        G = G.subgraph(keep).copy()
    render_view(G, path, title="kg: knowledge graph")


def _view_child(what, tmp: Path, errors) -> None:
    try:
        _write_view(*what, tmp)
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which reports the build without a view
        errors.send(f"{type(exc).__name__}: {exc}")
        raise SystemExit(1)
    errors.send(None)


class _ViewJob:
    """Writes the view to a temporary file beside the old one, in a forked
    process when possible (the store is written meanwhile); `finish` puts it in
    place once the new store is, so a failed build leaves the old view too
    (and a failed view, see _finish_view, removes it)."""

    def __init__(self, resolved: ResolvedGraph, info, vocabulary_graph, out_dir: Path) -> None:
        what = (resolved, info, vocabulary_graph)
        self.path = out_dir / VIEW_NAME
        self.tmp = out_dir / f".{VIEW_NAME}.tmp"
        self.process = None
        if hasattr(os, "fork"):
            import multiprocessing

            ctx = multiprocessing.get_context("fork")
            self.errors, child_end = ctx.Pipe(duplex=False)
            self.process = ctx.Process(target=_view_child, args=(what, self.tmp, child_end), daemon=True)
            self.process.start()
            child_end.close()
        else:
            self.what = what

    def finish(self) -> Path:
        if self.process is None:
            try:
                _write_view(*self.what, self.tmp)
            except Exception as exc:  # as the child reports it, so the build reports it alike
                raise KGError(f"writing the view failed: {type(exc).__name__}: {exc}") from exc
        else:
            try:
                error = self.errors.recv()
            except EOFError:  # killed before it could say
                error = "the view process ended early"
            self.process.join()
            if error is not None or self.process.exitcode != 0:
                raise KGError(f"writing the view failed: {error or f'exit code {self.process.exitcode}'}")
        os.replace(self.tmp, self.path)
        return self.path

    def cancel(self) -> None:
        """Stop the child if it still runs and remove what it left."""
        if self.process is not None and self.process.is_alive():
            self.process.terminate()
            self.process.join()
        if self.tmp.exists():
            self.tmp.unlink()
