"""ASGI entry point for uvicorn: `catalogue.asgi:app`."""

from catalogue.app import create_app

app = create_app()
