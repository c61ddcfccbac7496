"""The price tracker's memory: watched pages and every visit, in any SQL database SQLAlchemy speaks.

An SQLite file by default (`$AUTOFILL_HOME/tracking.db`, else `~/.local/share/autofill/`), any
SQLAlchemy URL with `--db` (PostgreSQL for a team). A visit that failed is a row too, with its
reason: history is only ever added to, never erased or overwritten.
"""
from __future__ import annotations

import os
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Optional

from sqlalchemy import DateTime, ForeignKey, Numeric, String, create_engine, select
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from ..errors import AutofillError, first_line


class TrackingError(AutofillError):
    """A tracking store that cannot be opened or used: one line, exit 2."""


class Base(DeclarativeBase):
    pass


class Watch(Base):
    """A product page being watched, with the price under which the user wants to hear of it."""

    __tablename__ = "watches"
    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    below: Mapped[Optional[Decimal]] = mapped_column(Numeric(14, 2), nullable=True)
    below_currency: Mapped[Optional[str]] = mapped_column(String(3), nullable=True)
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    visits: Mapped[list["Visit"]] = relationship(back_populates="watch", order_by="Visit.id")


class Visit(Base):
    """One look at a watched page: what it showed, or why it could not be read."""

    __tablename__ = "visits"
    id: Mapped[int] = mapped_column(primary_key=True)
    watch_id: Mapped[int] = mapped_column(ForeignKey("watches.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    ok: Mapped[bool]
    price: Mapped[Optional[Decimal]] = mapped_column(Numeric(14, 2), nullable=True)
    currency: Mapped[Optional[str]] = mapped_column(String(3), nullable=True)
    availability: Mapped[Optional[str]] = mapped_column(String(16), nullable=True)
    title: Mapped[Optional[str]] = mapped_column(String(512), nullable=True)
    reason: Mapped[Optional[str]] = mapped_column(String(512), nullable=True)
    watch: Mapped[Watch] = relationship(back_populates="visits")


def default_db_url() -> str:
    home = os.environ.get("AUTOFILL_HOME") or str(Path.home() / ".local" / "share" / "autofill")
    return f"sqlite:///{Path(home) / 'tracking.db'}"


def now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def iso(at: datetime) -> str:
    """A stored time as ISO 8601 in UTC (SQLite gives it back without its zone)."""
    return (at if at.tzinfo else at.replace(tzinfo=timezone.utc)).isoformat()


class Store:
    """Opens (and creates) the database; short sessions per call, so threads never share one."""

    def __init__(self, url: Optional[str] = None) -> None:
        self.url = url or default_db_url()
        try:
            if self.url.startswith("sqlite:///") and len(self.url) > len("sqlite:///"):
                Path(self.url[len("sqlite:///"):]).expanduser().parent.mkdir(parents=True, exist_ok=True)
            self.engine = create_engine(self.url, future=True)
            Base.metadata.create_all(self.engine)
        except (ArgumentError, NoSuchModuleError) as exc:
            raise TrackingError(f"--db {self._shown()}: not a database URL SQLAlchemy can use ({first_line(str(exc), 120)})") from None
        except (OperationalError, SQLAlchemyError, OSError) as exc:
            raise TrackingError(f"cannot open the tracking database {self._shown()}: {_why(exc)}") from None

    def _shown(self) -> str:
        """The URL without its password, for messages."""
        try:
            from sqlalchemy.engine import make_url

            return make_url(self.url).render_as_string(hide_password=True)
        except Exception:
            return "(unreadable URL)"

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    def add(self, url: str, below: Optional[Decimal] = None, below_currency: Optional[str] = None) -> Watch:
        """Watch `url` (again: its alert threshold is replaced, its history kept)."""
        with self._guard(), self.session() as s, s.begin():
            watch = s.scalar(select(Watch).where(Watch.url == url))
            if watch is None:
                watch = Watch(url=url, added_at=now())
                s.add(watch)
            watch.below, watch.below_currency = below, below_currency
        return watch

    def watches(self) -> list[Watch]:
        with self._guard(), self.session() as s:
            return list(s.scalars(select(Watch).order_by(Watch.id)))

    def find(self, url: str) -> Optional[Watch]:
        with self._guard(), self.session() as s:
            return s.scalar(select(Watch).where(Watch.url == url))

    def history(self, watch: Watch) -> list[Visit]:
        with self._guard(), self.session() as s:
            return list(s.scalars(select(Visit).where(Visit.watch_id == watch.id).order_by(Visit.at, Visit.id)))

    def last_ok(self, watch: Watch) -> Optional[Visit]:
        with self._guard(), self.session() as s:
            return s.scalar(select(Visit).where(Visit.watch_id == watch.id, Visit.ok.is_(True))
                            .order_by(Visit.at.desc(), Visit.id.desc()).limit(1))

    def record(self, visit: Visit) -> Visit:
        with self._guard(), self.session() as s, s.begin():
            s.add(visit)
        return visit

    def _guard(self):
        return _DatabaseErrors(self)


class _DatabaseErrors:
    """Any database failure while in use becomes one TrackingError line."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def __enter__(self) -> None:
        return None

    def __exit__(self, typ, exc, tb) -> bool:
        if exc is not None and isinstance(exc, SQLAlchemyError):
            raise TrackingError(f"tracking database {self.store._shown()}: {_why(exc)}") from None
        return False


def _why(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    return first_line(str(orig or exc), 160)
