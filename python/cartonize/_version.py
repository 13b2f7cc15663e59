"""The version, in one place: the build reads it from here (pyproject.toml)."""

__version__ = "0.3.0"
