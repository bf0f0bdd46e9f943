"""Serve resolu's search pages (placeholder until the web front end lands)."""

from __future__ import annotations

from typing import Any

from flask import Flask


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Create the Flask application."""
    app = Flask(__name__)
    app.config.update(config or {})
    return app
