"""Benchmark resolu at scale against SQLite FTS5 and tantivy (not part of the test run)."""
