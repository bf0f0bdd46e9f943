"""Measure relevance: judged queries, resolu against an FTS5 baseline."""
