"""The forecast bulletin (scripts/make_bulletin.py): data readers, figures and the HTML page."""
