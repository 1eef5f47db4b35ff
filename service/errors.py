"""Domain errors. They are translated to HTTP statuses or CLI exits only at the edges."""

from __future__ import annotations


class GroundlineError(Exception):
    """Base for every error Groundline raises on purpose."""


class ArticleError(GroundlineError):
    """An article cannot be indexed; the message says why."""


class IndexNotFoundError(GroundlineError):
    """No built index exists where one was expected."""


class IndexMismatchError(GroundlineError):
    """The index on disk was built with another model, dimension or chunker version."""


class ConfigError(GroundlineError):
    """A setting has a value Groundline refuses to run with."""
