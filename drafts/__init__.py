"""The domain of Accord: papers, sections, revisions and the rules between them.

Pure Python: nothing here imports FastAPI, SQLAlchemy, arq or pandoc.
"""
