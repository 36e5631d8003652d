"""Everything that talks to git: the process runner, the log format, and the log parser."""
