from pipeline.cli import main

# Guarded: worker processes (``--workers``) import this module again when they start.
if __name__ == "__main__":
    raise SystemExit(main())
