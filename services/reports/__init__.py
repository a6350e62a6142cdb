"""Records made for people rather than programs: CSV and DOCX tables."""
