"""Letters: Jinja HTML rendered to archivable PDF by WeasyPrint.

This package holds the rendering core (a URL fetcher that serves only the app's own static files,
PDF/A output); the letter kinds and their templates under ``templates/letters/`` build on it.
"""
