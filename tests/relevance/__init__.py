"""Judged queries and the relevance measure of resolu against an FTS5 baseline."""
