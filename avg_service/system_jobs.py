"""Moved to ``avg_service.jobs.tasks``; kept so ``import avg_service.system_jobs`` still works."""

from avg_service.jobs.tasks import probe

__all__ = ["probe"]
