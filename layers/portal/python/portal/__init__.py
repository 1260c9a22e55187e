"""Portal's shared package: domain rules, use cases and AWS adapters, shipped as a Lambda layer.

Importing it freezes the objects already loaded (`gc.freeze()`): the libraries a handler imports
before Portal (Powertools), which live as long as its execution environment. Portal's own
modules, models and clients are made after them, and every full collection their allocations set
off would otherwise walk the libraries' objects again, at each cold start (about a tenth of one,
bench/README.md) and in warm requests. A minimal function gains nothing from it (it loads little
after its libraries).
"""

import gc

gc.freeze()
