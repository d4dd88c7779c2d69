"""Outgoing e-mail through an outbox: queued in the unit of work, sent by a job after commit."""
