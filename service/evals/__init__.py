"""Offline evaluation: suites, metrics, runners over an engine or a URL, and reports.

See evals/README.md for the suite format and the exact definition of every metric.
"""

from __future__ import annotations
