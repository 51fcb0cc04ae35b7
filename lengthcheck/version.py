"""The package version, in a module of its own so reports can name it without importing
the package (whose `check` reaches the checker)."""

__version__ = "0.1.0"
