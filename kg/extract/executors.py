"""Where documents are extracted: this process, forked processes, or a Dask cluster.

Each is a ``concurrent.futures.Executor`` that runs `extract_task` on one
document at a time, so `kg.extract.extract_all` has one code path for all
three. A worker holds one loaded pipeline (spaCy model and vocabularies):

* in this process and in forked workers, the pipeline the caller loaded
  (forked children inherit it, so it is loaded once in all);
* on a Dask worker, loaded on the first task it runs and kept for the next.

Dask is optional (``pip install 'kg[dask]'``) and imported only here.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator
from concurrent.futures import Executor, Future
from dataclasses import dataclass

from kg.errors import InputError
from kg.model import Document, Extraction

# a Dask task that fails for another reason than a lost worker is tried this many more times
DASK_RETRIES = 2
# seconds to wait for a scheduler to answer
CONNECT_TIMEOUT = 30


@dataclass(frozen=True)
class ExtractSettings:
    """What every worker must agree on, sent with each task."""

    max_chars: int | None
    batch_size: int
    # the caller's vocabulary digest: a worker whose files differ refuses the task
    # (None: the worker is this process or its fork, with the caller's vocabularies)
    vocabulary: str | None = None


# the pipeline of this process: set by the caller (and inherited by forks),
# or loaded by the first task a Dask worker runs
_PIPELINE: dict = {}
_PIPELINE_LOCK = threading.Lock()


def use_pipeline(nlp, vocab) -> None:
    """Make (nlp, vocab) the pipeline tasks in this process (and its forks) use."""
    _PIPELINE.update(nlp=nlp, vocab=vocab)


def forget_pipeline() -> None:
    _PIPELINE.clear()


def _own_pipeline(settings: ExtractSettings):
    if "nlp" not in _PIPELINE:
        from kg.extract.nlp import load_pipeline
        from kg.vocab import load_vocabulary

        _PIPELINE.update(nlp=load_pipeline(), vocab=load_vocabulary())
    if settings.vocabulary is not None:
        from kg.vocab import vocabulary_digest

        mine = _PIPELINE.setdefault("digest", vocabulary_digest(ontology=True))
        if mine != settings.vocabulary:
            raise InputError("this worker's vocabularies differ from the client's "
                             f"(digest {mine[:12]} here, {settings.vocabulary[:12]} there): "
                             "install the same version of kg and its vocabularies on every worker")
    return _PIPELINE["nlp"], _PIPELINE["vocab"]


def extract_task(doc: Document, settings: ExtractSettings) -> Extraction:
    """Extract one document with this process's pipeline (the unit every executor runs)."""
    from kg.extract import extract_with

    # one document at a time per process: a spaCy pipeline is not shared between threads
    with _PIPELINE_LOCK:
        nlp, vocab = _own_pipeline(settings)
        return extract_with(doc, nlp, vocab, settings.max_chars, settings.batch_size)


class _OnDemand(Future):
    """A future that runs its call when its result is first asked for."""

    def __init__(self, fn, args, kwargs) -> None:
        super().__init__()
        self._call = (fn, args, kwargs)

    def result(self, timeout=None):
        if self._call is not None:
            fn, args, kwargs = self._call
            self._call = None
            try:
                self.set_result(fn(*args, **kwargs))
            except Exception as exc:  # noqa: BLE001 -- handed to the reader of the result, as a pool would
                self.set_exception(exc)
        return super().result(timeout)


class InlineExecutor(Executor):
    """Runs each task in this process when its result is read, so a
    one-process build extracts (and caches) one document at a time."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        return _OnDemand(fn, args, kwargs)


@contextlib.contextmanager
def forked_pool(n_process: int) -> Iterator[Executor]:
    """`n_process` forked workers that inherit this process's pipeline."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(n_process, mp_context=multiprocessing.get_context("fork")) as pool:
        yield pool


@contextlib.contextmanager
def dask_executor(scheduler: str, n_workers: int | None = None) -> Iterator[Executor]:
    """An executor on a Dask cluster: ``"local"`` starts a local cluster of
    `n_workers` processes (one thread each) for the duration; otherwise
    `scheduler` is the address of a running scheduler (``tcp://host:8786``)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise InputError("--scheduler needs Dask: pip install 'kg[dask]'") from exc

    with contextlib.ExitStack() as stack:
        if scheduler == "local":
            cluster = stack.enter_context(LocalCluster(
                n_workers=n_workers or 2, threads_per_worker=1, processes=True,
                dashboard_address=None, silence_logs=logging.ERROR))
            address = cluster
        elif scheduler.startswith(("tcp://", "tls://", "ws://", "wss://", "inproc://")):
            address = scheduler
        else:
            raise InputError(f"--scheduler must be 'local' or a scheduler address such as "
                             f"tcp://host:8786, not {scheduler!r}")
        try:
            client = stack.enter_context(Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False))
        except OSError as exc:
            raise InputError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
        # pure=False: a document is extracted again if asked again, never taken from another build
        yield client.get_executor(retries=DASK_RETRIES, pure=False)
