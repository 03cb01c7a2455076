"""Training of the bundled NER model (``pipeline/models/ner_gum``) from the GUM corpus.

* :mod:`pipeline.training.gum` converts GUM CoNLL-U files into spaCy ``DocBin`` files;
* :mod:`pipeline.training.train` runs spaCy's trainer and bundles the best model;
* ``python -m pipeline.training --help`` is the command that does both.
"""
