"""atlas-qual: qualitative research and live workshop facilitation for the ATLAS project."""

__version__ = "0.1.0"
