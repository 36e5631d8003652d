"""The bottom layer: errors, the typed model, the policy, dates, globs, configuration and
progress. It imports nothing else of techlead."""
