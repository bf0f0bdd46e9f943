"""Analyse French text for indexing and querying: tokens, folding, stemming, lemmas."""
