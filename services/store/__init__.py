"""Persistence: every database query of Accord lives in this package."""

# Tables described outside `tables` join its metadata when imported: import them here,
# so that whoever reads the metadata (the migrations, the tests) sees every table.
from services.store import practice_tables as practice_tables
