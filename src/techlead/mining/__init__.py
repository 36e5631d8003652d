"""Mining: git repositories -> warehouse tables."""
