"""Training of the bundled model (``pipeline/models/tv_core``) from GUM and UD English-EWT.

* :mod:`pipeline.training.gum` converts CoNLL-U files (GUM, EWT) into spaCy ``DocBin`` files;
* :mod:`pipeline.training.train` runs spaCy's trainer and bundles the best model;
* :mod:`pipeline.training.evaluate` scores entities, syntax and throughput;
* ``python -m pipeline.training --help`` is the command that does all of it.
"""
