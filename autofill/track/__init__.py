"""Price tracking: watch product pages, visit them in rounds, keep every price in a SQL database.

`Store` is the database (SQLite by default, any SQLAlchemy URL), `run_tracking` one round of
visits through a pool of browser sessions, `write_plot` a page's history as a chart.
"""
from .run import VisitReport, run_tracking
from .store import Store, TrackingError, Visit, Watch, default_db_url, iso

__all__ = ["Store", "TrackingError", "Visit", "VisitReport", "Watch", "default_db_url", "iso", "run_tracking"]
