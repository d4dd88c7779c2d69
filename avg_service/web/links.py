"""Links built from the routes; the functions live in ``avg_service.links`` (services use them too)."""

from __future__ import annotations

from avg_service.links import external_url, on_base_url, site_path

__all__ = ["external_url", "on_base_url", "site_path"]
