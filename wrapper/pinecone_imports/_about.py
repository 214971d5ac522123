"""The package's own version, kept in one place (pyproject.toml must agree; a test checks)."""

__version__ = "0.1.0"
