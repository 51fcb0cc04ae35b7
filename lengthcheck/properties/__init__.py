"""Properties of a problem (DESIGN §2), each computed from an `Exploration`.

Properties return result objects (lengthcheck.results) and never print.
"""
