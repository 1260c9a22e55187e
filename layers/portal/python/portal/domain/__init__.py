"""Portal's rules. Pure Python: no AWS SDK, no I/O, no clock reads (time is passed in)."""
