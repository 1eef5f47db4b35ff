"""The eval framework's errors; the CLI turns each into a message and a non-zero exit."""

from __future__ import annotations

from service.errors import ConfigError, GroundlineError


class SuiteError(ConfigError):
    """A suite file is missing, malformed, or names something that does not exist."""


class TargetError(GroundlineError):
    """The service under test could not be reached or answered with an error."""


class ReportError(GroundlineError):
    """A saved report cannot be read or is not an eval report."""
