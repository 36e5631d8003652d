"""Source files read with tree-sitter: functions, their biomarkers, and class cohesion."""
