"""Technical direction: the metric catalogue and each metric's history (docs/direction.md)."""
