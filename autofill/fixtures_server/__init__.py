"""The fixture world: recorded-style checkout sites served on 127.0.0.1 (see fixtures/README.md)."""
from .model import Labels, LabelField, LabelPage, Site, load_site, load_sites
from .render import render_static
from .server import FixtureServer, serve_forever

__all__ = ["FixtureServer", "Labels", "LabelField", "LabelPage", "Site", "load_site", "load_sites",
           "render_static", "serve_forever"]
