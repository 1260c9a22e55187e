"""The HTTP edge shared by Portal's API functions: resolver, caller, errors, models, idempotency.

Handlers under `lambdas/` stay thin by leaning on this package: they declare a route with typed
input, call one use case and return a typed output; everything else is decided here, once.
"""
