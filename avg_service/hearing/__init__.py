"""Hearing before the besluit (Awb 4:7, 4:8): inviting the applicant and third parties to give their zienswijze."""
