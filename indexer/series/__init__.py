"""Series of recurring resolutions: detection, paragraph alignment, word diffs."""
