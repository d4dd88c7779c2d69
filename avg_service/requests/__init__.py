"""Data-subject requests (``DataSubjectRequest``): the public form, staff intake, the lifecycle
and the contact point's work queue."""
