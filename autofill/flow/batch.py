"""Many purchase flows at once (SPEC `batch` and `Engine.purchase_many`).

Each job is a whole flow in a fresh browser session — local Chromium or a Selenium Grid slot —
with at most `concurrency` running at a time, results handed back as each flow ends. A flow whose
browser session died is run again once on a new session, unless it may already have pressed a
possibly-final action: a second order is worse than a failed job.

Every job is read and checked (its profile loaded, its maximum parsed) before any flow starts, so
a typo on line 40 of a jobs file stops the batch before its first order, not after.
"""
from __future__ import annotations

import json
import time
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
    """A jobs file with problems: one line per problem, exit 2, before any flow starts."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems[0] if problems else "bad jobs file")
        self.problems = problems


def load_jobs(path: Union[str, Path]) -> list[Job]:
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise BatchError([f"jobs file not found: {p}"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BatchError([f"cannot read jobs file {p}: {exc.__class__.__name__}"]) from None
    jobs, problems = [], []
    for n, line in enumerate(lines, 1):
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
            job._line = n - 1
            jobs.append(job)
        except json.JSONDecodeError:
            problems.append(f"{p.name} line {n}: not valid JSON")
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(x) for x in err.get("loc", ()))
            problems.append(f"{p.name} line {n}: {where + ': ' if where else ''}{str(err.get('msg', 'invalid')).removeprefix('Value error, ')}")
        except ValueError as exc:
            problems.append(f"{p.name} line {n}: {exc}")
    if not jobs and not problems:
        problems.append(f"{p.name}: no jobs")
    if problems:
        raise BatchError(problems)
    return jobs


def prepare(jobs: Iterable[Union[Job, dict]]) -> list[tuple[Job, Profile, Optional[Money]]]:
    """Every job's profile loaded (once per file) and maximum parsed; all problems at once."""
    out, problems, profiles = [], [], {}
    for n, job in enumerate(jobs):
        where = f"line {job._line + 1}" if isinstance(job, Job) and job._line is not None else f"job {n}"
        try:
            job = job if isinstance(job, Job) else Job.model_validate(job)
            if isinstance(job.profile, Profile):
                profile = job.profile
            else:
                if job.profile not in profiles:
                    profiles[job.profile] = Profile.load(job.profile)
                profile = profiles[job.profile]
            limit = parse_limit(job.max_total, what="max_total") if job.max_total is not None else None
            if job._line is None:
                job._line = n
            out.append((job, profile, limit))
        except ProfileError as exc:
            problems.extend(f"{where}: {line}" for line in exc.problems)
        except ValidationError as exc:
            problems.append(f"{where}: {str(exc.errors()[0].get('msg', 'invalid')).removeprefix('Value error, ')}")
        except AutofillError as exc:
            problems.append(f"{where}: {first_line(str(exc))}")
    if problems:
        raise BatchError(problems)
    return out


def purchase_many(engine, jobs: Iterable[Union[Job, dict]], *, concurrency: int = 2, remote: Optional[str] = None,
                  timeout: float = 120.0) -> Iterator[tuple[int, JobResult]]:
    """(index in `jobs`, result) for every job, in the order the flows end; `result.job` is the
    job's line in its JOBS file (its index when it came from no file)."""
    from .browser import end_session, start_session
    from .walk import purchase

    ready = prepare(jobs)
    if concurrency < 1:
        raise AutofillError("concurrency must be at least 1")
    engine.warm_up()

    def run(n: int, job: Job, profile: Profile, limit: Optional[Money]) -> JobResult:
        start = time.monotonic()
        attempts = 0
        while True:
            attempts += 1
            try:
                driver, folder = start_session(remote=remote, timeout=min(timeout, 60.0))
            except AutofillError as exc:
                result = PurchaseResult(status="failed", reason=first_line(str(exc)))
                result._session_lost = True
            else:
                try:
                    result = purchase(engine, job.url, profile, max_total=limit, dry_run=job.mode == "dry-run",
                                      remote=remote, timeout=timeout, screenshots=None, progress=None, driver=driver)
                except AutofillError as exc:  # bad input met on the way (an unreachable URL)
                    result = PurchaseResult(status="failed", reason=first_line(str(exc)))
                finally:
                    end_session(driver, folder)
            if result._session_lost and not result._may_have_placed and attempts == 1:
                continue  # the browser died before anything final: once more, on a fresh session
            return JobResult(**result.model_dump(), job=n, elapsed_s=round(time.monotonic() - start, 2),
                             attempts=attempts)

    with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="autofill-batch") as ex:
        pending: dict[Future, int] = {ex.submit(run, item[0]._line, *item): n for n, item in enumerate(ready)}
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                n = pending.pop(fut)
                yield n, fut.result()


def reached_goal(job: Job, result: Any) -> bool:
    return result.status == ("dry_run" if job.mode == "dry-run" else "placed")
