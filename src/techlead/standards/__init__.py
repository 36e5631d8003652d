"""Engineering standards as code: checks, levels, scores, CI gates."""
