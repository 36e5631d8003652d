"""techlead serve: a read-only local dashboard over the warehouse."""
