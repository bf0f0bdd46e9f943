"""Read resolution sources (Markdown and OCR text) into the model: parsing, markup, footnotes."""
