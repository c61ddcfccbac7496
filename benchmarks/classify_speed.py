"""Static classification speed: fields/s and ms/page, side by side with Formasaurus 0.10.0.

What is timed, for both tools alike: page bytes already in memory → parse → extract → classify.
File reading, model loading and a warm-up pass over every page are excluded (done before the
first timed round). Rounds alternate which tool goes first, so neither always runs on a cold or a
warm cache; each tool's figure is its best round (the least disturbed by other work on the
machine), with the median shown beside it.

    python benchmarks/classify_speed.py                      # ../shared/datasets/ddg-dev
    python benchmarks/classify_speed.py --set formasaurus --rounds 5
    python benchmarks/classify_speed.py --fs-python /tmp/fsvenv/bin/python

Formasaurus: used in-process when `import formasaurus` works here. Otherwise (its pins may not
suit this project's scikit-learn) install it in its own venv and point `--fs-python` (default
/tmp/fsvenv/bin/python, or $FORMASAURUS_PYTHON) at it:

    python -m venv /tmp/fsvenv && /tmp/fsvenv/bin/pip install formasaurus==0.10.0

The benchmark then starts this same script there as a worker (`--fs-worker`): the worker loads
the model, warms up on every page, and times each round inside its own process with the same
clock, reporting only the numbers back over a pipe; process start-up is never timed.

Field counts differ by design: we list every field of the page (SPEC: inputs other than hidden,
submit, button, image, reset, plus select and textarea, inside forms or not); Formasaurus types
one entry per distinct field name inside each <form>. The table shows each tool's own count and
also a same-denominator figure: our field count divided by their time.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Optional

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT.parent / "shared" / "datasets"
DEFAULT_FS_PYTHON = os.environ.get("FORMASAURUS_PYTHON", "/tmp/fsvenv/bin/python")


def page_files(which: str, limit: Optional[int] = None) -> list[Path]:
    folder = DATASETS / which
    files = sorted((folder / "html").glob("*.html")) if which == "formasaurus" else sorted(folder.glob("*.html"))
    return files[:limit] if limit else files


# --- ours -------------------------------------------------------------------------------------
def ours_runner() -> Callable[[list[bytes]], tuple[float, int, int]]:
    sys.path.insert(0, str(ROOT))
    from autofill import Engine

    engine = Engine()

    def run(pages: list[bytes]) -> tuple[float, int, int]:
        fields = errors = 0
        # Every round sees the pages as new: memoised texts and rule votes are forgotten first,
        # so repeated rounds do not flatter us (the model and rules stay loaded).
        engine.classifier.clear_caches()
        start = time.perf_counter()
        for data in pages:
            try:
                fields += len(engine.classify_html(data))
            except Exception:
                errors += 1
        return time.perf_counter() - start, fields, errors

    return run


# --- Formasaurus ------------------------------------------------------------------------------
def formasaurus_round(extract_forms, pages: list[bytes]) -> tuple[float, int, int]:
    fields = errors = 0
    start = time.perf_counter()
    for data in pages:
        try:
            for _form, info in extract_forms(data):
                fields += len(info.get("fields", {}))
        except Exception:
            errors += 1
    return time.perf_counter() - start, fields, errors


def fs_worker(paths: list[str]) -> None:
    """Runs in Formasaurus's interpreter: one timed round per 'run' line on stdin."""
    import warnings

    warnings.filterwarnings("ignore")
    import formasaurus

    pages = [Path(p).read_bytes() for p in paths]
    formasaurus_round(formasaurus.extract_forms, pages)  # model load and warm-up
    print(json.dumps({"ready": True, "version": getattr(formasaurus, "__version__", "?")}), flush=True)
    for line in sys.stdin:
        if line.strip() != "run":
            break
        secs, fields, errors = formasaurus_round(formasaurus.extract_forms, pages)
        print(json.dumps({"seconds": secs, "fields": fields, "errors": errors}), flush=True)


class FormasaurusRunner:
    """The same interface as ours_runner, in-process or through a worker process."""

    def __init__(self, paths: list[Path], fs_python: str) -> None:
        self.proc: Optional[subprocess.Popen] = None
        self.version = "?"
        try:
            import warnings

            warnings.filterwarnings("ignore")
            import formasaurus  # noqa: F401

            self._extract = formasaurus.extract_forms
            self.where = "in-process"
            self.version = getattr(formasaurus, "__version__", "?")
            return
        except Exception:
            self._extract = None
        if not Path(fs_python).exists():
            raise RuntimeError(f"formasaurus is not importable and {fs_python} does not exist")
        self.proc = subprocess.Popen([fs_python, __file__, "--fs-worker", *map(str, paths)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        hello = json.loads(self._read())
        self.version = hello.get("version", "?")
        self.where = f"worker ({fs_python})"

    def _read(self) -> str:
        assert self.proc and self.proc.stdout
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the Formasaurus worker exited")
        return line

    def __call__(self, pages: list[bytes]) -> tuple[float, int, int]:
        if self._extract is not None:
            return formasaurus_round(self._extract, pages)
        assert self.proc and self.proc.stdin
        self.proc.stdin.write("run\n")
        self.proc.stdin.flush()
        r = json.loads(self._read())
        return r["seconds"], r["fields"], r["errors"]

    def close(self) -> None:
        if self.proc:
            try:
                self.proc.stdin.close()  # type: ignore[union-attr]
                self.proc.wait(10)
            except Exception:
                self.proc.kill()


# --- the run ----------------------------------------------------------------------------------
def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", dest="which", choices=["ddg-dev", "formasaurus"], default="ddg-dev")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--limit", type=int, default=None, help="only the first N pages")
    ap.add_argument("--fs-python", default=DEFAULT_FS_PYTHON, help="interpreter with formasaurus installed")
    ap.add_argument("--no-formasaurus", action="store_true")
    ap.add_argument("--fs-worker", nargs="*", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.fs_worker is not None:
        fs_worker(args.fs_worker)
        return 0

    paths = page_files(args.which, args.limit)
    if not paths:
        print(f"no pages under {DATASETS / args.which}", file=sys.stderr)
        return 2
    pages = [p.read_bytes() for p in paths]
    mb = sum(map(len, pages)) / 1e6
    ours = ours_runner()
    ours(pages)  # model load and warm-up: not timed
    fs: Optional[FormasaurusRunner] = None
    if not args.no_formasaurus:
        try:
            fs = FormasaurusRunner(paths, args.fs_python)
        except Exception as exc:
            print(f"Formasaurus unavailable ({exc}); timing ours only", file=sys.stderr)
    runs: dict[str, list[tuple[float, int, int]]] = {"autofill": [], "formasaurus": []}
    for r in range(args.rounds):
        order = [("autofill", ours), ("formasaurus", fs)] if r % 2 == 0 else [("formasaurus", fs), ("autofill", ours)]
        for name, fn in order:
            if fn is not None:
                runs[name].append(fn(pages))
    if fs:
        fs.close()

    print(f"{args.which}: {len(pages)} pages, {mb:.1f} MB, {args.rounds} rounds after a warm-up pass "
          f"(model load excluded); best round; parse included; file reads excluded")
    if fs:
        print(f"formasaurus {fs.version}, {fs.where}")
    print(f"{'tool':<13}{'pages':>7}{'fields':>8}{'errors':>8}{'best s':>9}{'median s':>10}{'fields/s':>11}"
          f"{'ms/page':>9}")
    med: dict[str, tuple[float, int]] = {}
    for name, rs in runs.items():
        if not rs:
            continue
        secs = min(x[0] for x in rs)
        median = statistics.median(x[0] for x in rs)
        fields, errors = rs[0][1], rs[0][2]
        med[name] = (secs, fields)
        print(f"{name:<13}{len(pages):>7}{fields:>8}{errors:>8}{secs:>9.3f}{median:>10.3f}{fields / secs:>11.0f}"
              f"{secs * 1000 / len(pages):>9.2f}")
    if "formasaurus" in med:
        (ot, of), (ft, ff) = med["autofill"], med["formasaurus"]
        same = of / ft
        print(f"same denominator (our {of} fields / formasaurus time): {same:.0f} fields/s")
        print(f"ratio autofill/formasaurus: fields/s {(of / ot) / (ff / ft):.2f}x (own counts), "
              f"{(of / ot) / same:.2f}x (same denominator), ms/page {ot / ft:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
