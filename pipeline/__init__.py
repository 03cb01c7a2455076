"""Claims extraction from entertainment news: articles in, a Parquet claims table out."""

__version__ = "0.1.0"
