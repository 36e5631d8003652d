"""techlead: evidence for technical leaders, mined from git."""

__version__ = "0.1.0"
