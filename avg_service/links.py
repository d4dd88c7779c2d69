"""Absolute links for messages that leave the service (e-mail), built from the routes.

Not the web layer: services and jobs build links for the mail they queue (``web.links``
re-exports these for the views).

Outside a request (the CLI, an rq job) Flask cannot know the public host, so links are made on
``AVG_BASE_URL``; building them from the endpoint keeps each path in one place, its route.
"""

from __future__ import annotations

from typing import Any

from flask import current_app

from avg_service.config import current_settings


def site_path(endpoint: str, **values: Any) -> str:
    """``/verzoeken/12`` for ``site_path("requests.detail", dsr_id=12)``, outside a request too;
    values the route does not take become the query string."""
    return current_app.url_map.bind("").build(endpoint, values)


def external_url(endpoint: str, **values: Any) -> str:
    """``https://avg.example.nl/verzoeken/12`` for ``external_url("requests.detail", dsr_id=12)``."""
    return on_base_url(site_path(endpoint, **values))


def on_base_url(path: str) -> str:
    """A path of this site (as ``site_path`` gives it) as the absolute link a message carries."""
    return current_settings().base_url + path
