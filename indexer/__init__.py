"""Parse United Nations resolutions and index their paragraphs for French search."""

__version__ = "0.1.0"
