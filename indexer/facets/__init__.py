"""Extract facets (verbs, addressees, topics, …) from parsed paragraphs, with their vocabularies as data."""
