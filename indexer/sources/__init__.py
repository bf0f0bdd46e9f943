"""Read resolution sources into the model: Markdown, OCR text and AKN4UN XML, plain or in archives.

``read`` lists and reads the files (``source_files``, ``read_sources``) and
picks the parser from the content (``parse_bytes``); ``markdown``, ``ocr``
and ``akn`` are the three parsers, ``anchors`` the steps they share.
"""
