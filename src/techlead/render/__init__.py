"""Renderers: a Result (or a document) -> terminal table, CSV or JSON."""
