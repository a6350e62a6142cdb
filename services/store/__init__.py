"""Persistence: every database query of Accord lives in this package."""

# Tables described outside `tables` join its metadata when imported: import them here,
# so that whoever reads the metadata (the migrations, the tests) sees every table.
from services.store import consequence_tables as consequence_tables
from services.store import image_tables as image_tables
from services.store import outbound_tables as outbound_tables
from services.store import people_tables as people_tables
from services.store import practice_tables as practice_tables
from services.store import publication_tables as publication_tables
