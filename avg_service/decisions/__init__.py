"""Awb decisions on data-subject requests: drafting with grounds, four-eyes approval, letters,
bekendmaking, bezwaar and dwangsom tracking. May import ``requests``, never the reverse."""
