"""The version of atlas-qual (also in pyproject.toml); its own module so that modules deep in the package can
read it without importing the package's public API."""

__version__ = "0.1.0"
