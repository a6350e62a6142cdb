"""Persistence: every database query of Accord lives in this package."""
