"""Many purchase flows at once (SPEC `batch` and `Engine.purchase_many`).

Each job is a whole flow in a fresh browser session — local Chromium or a Selenium Grid slot —
with at most `concurrency` running at a time, results handed back as each flow ends. A flow whose
browser session died is run again once on a new session, unless it may already have pressed a
possibly-final action: a second order is worse than a failed job.

Every job is read and checked (its profile loaded, its maximum parsed) before any flow starts; a
job that fails the check (a typo, a broken profile, no maximum for a buy) gets its own failed
result line at once and the others run as if it were not there.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from pathlib import Path
from typing import Any, Iterable, Iterator, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, PrivateAttr, ValidationError, model_validator

from ..core.money import Money, parse_limit
from ..errors import AutofillError, ProfileError, first_line
from ..fill.profile import Profile
from .result import PurchaseResult

Mode = Literal["dry-run", "buy"]


class Job(BaseModel):
    """One line of a JOBS file: `{"url", "profile", "mode", "max_total"}`."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)
    url: str
    profile: Union[str, Profile]
    mode: Mode = "dry-run"
    max_total: Optional[Union[str, int, float, Money]] = None
    _line: Optional[int] = PrivateAttr(default=None)  # its line in a JOBS file, from 0

    @model_validator(mode="after")
    def _buy_needs_a_maximum(self) -> "Job":
        if self.mode == "buy" and self.max_total is None:
            raise ValueError("a buy needs max_total")
        return self


class JobResult(PurchaseResult):
    """The purchase JSON plus the job's line number (from 0) and its wall time."""

    job: int
    elapsed_s: float
    attempts: int = 1


class BatchError(AutofillError):
    """A jobs file that cannot be read at all (missing, not text, empty): one line, exit 2."""


@dataclass
class BadJob:
    """A line of a jobs file that is no valid job: it becomes that job's own failed result."""

    line: int
    problem: str


@dataclass
class Ready:
    """A job checked before any flow starts: its profile loaded and maximum parsed, or its problem."""

    line: int
    job: Optional[Job] = None
    profile: Optional[Profile] = None
    limit: Optional[Money] = None
    problem: Optional[str] = None


def load_jobs(path: Union[str, Path]) -> list[Union[Job, BadJob]]:
    """The jobs of a JSON Lines file, a BadJob for each line that is not one (blank lines skipped)."""
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise BatchError(f"jobs file not found: {p}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BatchError(f"cannot read jobs file {p}: {exc.__class__.__name__}") from None
    jobs: list[Union[Job, BadJob]] = []
    for n, line in enumerate(lines):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
            prof = data.get("profile")
            if isinstance(prof, str) and not Path(prof).is_absolute() and not Path(prof).exists() \
                    and (p.parent / prof).exists():
                data["profile"] = str(p.parent / prof)  # relative to the jobs file, else to the working folder
            job = Job.model_validate(data)
            job._line = n
            jobs.append(job)
        except json.JSONDecodeError:
            jobs.append(BadJob(n, "not valid JSON"))
        except ValidationError as exc:
            jobs.append(BadJob(n, _first_error(exc)))
        except ValueError as exc:
            jobs.append(BadJob(n, str(exc)))
    if not jobs:
        raise BatchError(f"{p.name}: no jobs")
    return jobs


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(x) for x in err.get("loc", ()))
    return f"{where + ': ' if where else ''}{str(err.get('msg', 'invalid')).removeprefix('Value error, ')}"


def prepare(jobs: Iterable[Union[Job, BadJob, dict]]) -> list[Ready]:
    """Every job checked before the first flow starts: profile loaded (once per file), maximum
    parsed. A job with a problem is kept, with its problem, so it gets its own result line."""
    out: list[Ready] = []
    profiles: dict[str, Union[Profile, ProfileError]] = {}
    for n, job in enumerate(jobs):
        if isinstance(job, BadJob):
            out.append(Ready(line=job.line, problem=job.problem))
            continue
        line = job._line if isinstance(job, Job) and job._line is not None else n
        try:
            job = job if isinstance(job, Job) else Job.model_validate(job)
            if isinstance(job.profile, Profile):
                profile = job.profile
            else:
                if job.profile not in profiles:
                    try:
                        profiles[job.profile] = Profile.load(job.profile)
                    except ProfileError as exc:
                        profiles[job.profile] = exc
                loaded = profiles[job.profile]
                if isinstance(loaded, ProfileError):
                    raise loaded
                profile = loaded
            limit = parse_limit(job.max_total, what="max_total") if job.max_total is not None else None
            out.append(Ready(line=line, job=job, profile=profile, limit=limit))
        except ProfileError as exc:
            out.append(Ready(line=line, problem="; ".join(exc.problems)))
        except ValidationError as exc:
            out.append(Ready(line=line, problem=_first_error(exc)))
        except AutofillError as exc:
            out.append(Ready(line=line, problem=first_line(str(exc))))
    return out


def purchase_many(engine, jobs: Iterable[Union[Job, dict]], *, concurrency: int = 2, remote: Optional[str] = None,
                  timeout: float = 120.0) -> Iterator[tuple[int, JobResult]]:
    """(index in `jobs`, result) for every job, in the order the flows end; `result.job` is the
    job's line in its JOBS file (its index when it came from no file)."""
    from .pool import BrowserPool
    from .walk import purchase

    ready = prepare(jobs)
    if concurrency < 1:
        raise AutofillError("concurrency must be at least 1")
    engine.warm_up()

    def run(item: Ready) -> JobResult:
        start = time.monotonic()
        if item.problem is not None:  # a job that could not even start: its own line, the rest go on
            return JobResult(status="failed", reason=f"bad job: {item.problem}", job=item.line, elapsed_s=0.0, attempts=0)
        job = item.job
        attempts = 0
        while True:
            attempts += 1
            try:
                with pool.session() as driver:
                    try:
                        result = purchase(engine, job.url, item.profile, max_total=item.limit,
                                          dry_run=job.mode == "dry-run", remote=remote, timeout=timeout,
                                          screenshots=None, progress=None, driver=driver)
                    except AutofillError as exc:  # bad input met on the way (an unreachable URL)
                        result = PurchaseResult(status="failed", reason=first_line(str(exc)))
            except AutofillError as exc:  # no session could be started
                result = PurchaseResult(status="failed", reason=first_line(str(exc)))
                result._session_lost = True
            if result._session_lost and not result._may_have_placed and attempts == 1:
                continue  # the browser died before anything final: once more, on a fresh session
            return JobResult(**result.model_dump(), job=item.line, elapsed_s=round(time.monotonic() - start, 2),
                             attempts=attempts)

    # Fresh sessions: nothing of one shopper's flow reaches another's, not even the browser cache.
    with BrowserPool(concurrency, remote=remote, timeout=min(timeout, 60.0), fresh=True) as pool, \
            ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="autofill-batch") as ex:
        pending: dict[Future, int] = {ex.submit(run, item): n for n, item in enumerate(ready)}
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                n = pending.pop(fut)
                yield n, fut.result()


def reached_goal(job: Union[Job, BadJob], result: Any) -> bool:
    return isinstance(job, Job) and result.status == ("dry_run" if job.mode == "dry-run" else "placed")
