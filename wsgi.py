"""WSGI entry point: ``gunicorn wsgi:app`` and ``flask --app wsgi ...``."""

from avg_service import create_app

app = create_app()
