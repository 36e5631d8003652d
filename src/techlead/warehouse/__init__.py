"""The DuckDB warehouse: schema, connections and bulk loading."""
