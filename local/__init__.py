"""The local portal: the whole of Portal on one machine, with AWS emulated by moto.

`python -m local` (what `make run` starts) runs it; see docs/local-portal.md.
"""
