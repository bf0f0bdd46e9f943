"""Find agreed language: near-identical wording across paragraphs (MinHash, exact word similarity, clusters)."""
