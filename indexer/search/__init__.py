"""Search an index generation: query parsing, scoring, facet counts, results."""
