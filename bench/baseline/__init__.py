"""The baselines of the cold-start bench: minimal Powertools functions of Portal's two kinds.

Each folder is a function's code as Lambda gets it (`handler.handler`), imported and invoked by
bench/probe.py exactly as Portal's functions are, in the same run: what any well-made Powertools
function of that kind pays, so a ratio to it is Portal's own cost.
"""
