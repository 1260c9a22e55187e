"""Portal's shared package: domain rules, use cases and AWS adapters, shipped as a Lambda layer."""
