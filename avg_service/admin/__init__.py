"""Administration screens (role beheerder): users, organisations and the contact point's settings.

The FG reads the same screens (read-only); participants see only their own organisation.
"""
