"""Decisions: architecture decision records, the technology radar, decision matrices."""
