"""Notifications: what waits for whom (a besluit to approve, one sent back, information from
the requester, a participant's answer or question, mail that failed), once each, by e-mail
through the outbox and as a count on the werkplek."""
