"""Engines explore a problem's reachable states; they know nothing of verdicts."""
