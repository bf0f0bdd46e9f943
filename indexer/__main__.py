"""Run the resolu command line as ``python -m indexer``."""

from indexer.cli import main

main()
