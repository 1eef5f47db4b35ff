"""Groundline: grounded, cited answers over a site's articles."""

from __future__ import annotations

__version__ = "0.1.0"
