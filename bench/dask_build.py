"""The 10x corpus built on a local Dask cluster against the forked path, in one run.

    python bench/dask_build.py                  # 10x, two workers each way
    python bench/dask_build.py --size 1 --workers 2 --json bench/_work/dask.json

Both builds are fresh ``python -m kg build CORPUS --out OUT --no-view --timings``
subprocesses, timed from outside with bench/scale.py's measuring (wall and CPU
seconds of the process tree, peak PSS), on the same k x corpus as
bench/scale.py (bundled documents copied k times plus synthetic documents):

* forked: ``--processes N`` (N forked workers that inherit the loaded model);
* dask: ``--scheduler local --processes N`` (a LocalCluster of N worker
  processes, one thread each; every worker loads the model itself).

The two graphs are compared (same triples, the build time left out), and the
ratio dask / forked of wall seconds is printed. Alternating the order over
--rounds rounds keeps a warm disk cache from favouring one side.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import scale


def _triples_without_time(dump: Path) -> list[str]:
    # the TriG dump is sorted within each graph; only the build time differs between two builds
    return sorted(line for line in dump.read_text(encoding="utf-8").splitlines()
                  if "generatedAtTime" not in line)


def run(size: int, workers: int, rounds: int, work: Path, seed: int) -> dict:
    corpus = work / f"corpus-{size}x"
    described = scale.make_corpus(corpus, size, seed)
    logs = work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    ways = {
        "forked": ["--processes", str(workers)],
        "dask": ["--scheduler", "local", "--processes", str(workers)],
    }
    results: dict[str, list[dict]] = {name: [] for name in ways}
    for r in range(rounds):
        for name in (list(ways) if r % 2 == 0 else list(reversed(ways))):
            out = work / f"out-{name}"
            if out.exists():
                scale.shutil.rmtree(out)
            cmd = [sys.executable, "-m", "kg", "build", str(corpus), "--out", str(out), "--no-view",
                   "--timings", *ways[name]]
            res = scale.run_measured(cmd, logs / f"{name}-{r}")
            if res["rc"] != 0:
                raise SystemExit(f"{name} build failed:\n{res['stderr'][-2000:]}")
            res.update(scale.parse_build_output(res["stdout"]))
            results[name].append(res)
    same = _triples_without_time(work / "out-forked" / "graph.trig") == \
        _triples_without_time(work / "out-dask" / "graph.trig")
    summary = {name: {
        "seconds": statistics.median(r["seconds"] for r in rs),
        "cpu_seconds": statistics.median(r["cpu_seconds"] for r in rs),
        "peak_pss_mb": max(r["peak_pss_mb"] for r in rs),
        "triples": rs[-1].get("triples"),
        "stages": rs[-1].get("stages", {}),
        "load": max(r["loadavg_after"] for r in rs),
    } for name, rs in results.items()}
    return {"size": size, "documents": described["documents"], "words": described["words"],
            "workers": workers, "rounds": rounds, "same_graph": same, "builds": summary,
            "ratio_dask_forked": summary["dask"]["seconds"] / summary["forked"]["seconds"],
            "cpu_ratio_dask_forked": summary["dask"]["cpu_seconds"] / summary["forked"]["cpu_seconds"]}


def print_report(rep: dict) -> None:
    print(f"{rep['size']}x corpus: {rep['documents']} documents, {rep['words']:,} words; "
          f"{rep['workers']} workers; median of {rep['rounds']} round(s)")
    print(f"{'path':8} {'wall s':>7} {'cpu s':>7} {'peak PSS MB':>12} {'triples':>8}  stages")
    for name, b in rep["builds"].items():
        stages = ", ".join(f"{k} {v:.1f}" for k, v in b["stages"].items())
        print(f"{name:8} {b['seconds']:7.1f} {b['cpu_seconds']:7.1f} {b['peak_pss_mb']:12.0f} "
              f"{b['triples'] or 0:8d}  {stages}")
    print(f"dask / forked: wall x{rep['ratio_dask_forked']:.2f}, cpu x{rep['cpu_ratio_dask_forked']:.2f}; "
          f"same graph: {'yes' if rep['same_graph'] else 'NO'}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="kg build on a local Dask cluster against the forked path.",
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("--size", type=int, default=10, help="multiple of the bundled corpus (default 10)")
    ap.add_argument("--workers", type=int, default=2, help="worker processes each way (default 2)")
    ap.add_argument("--rounds", type=int, default=1, help="builds each way (median; default 1)")
    ap.add_argument("--seed", type=int, default=0, help="seed of the synthetic documents")
    ap.add_argument("--work", type=Path, default=BENCH / "_work" / "dask")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = ap.parse_args(argv)
    rep = run(args.size, args.workers, args.rounds, args.work, args.seed)
    print_report(rep)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(rep, indent=2), encoding="utf-8")
    return 0 if rep["same_graph"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
