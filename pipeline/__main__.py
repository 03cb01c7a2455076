"""``python -m pipeline``: the command line (``pipeline.cli``)."""

from pipeline.cli import exit_fast, main

# Guarded: worker processes (``--workers``) import this module again when they start.
if __name__ == "__main__":
    exit_fast(main())
