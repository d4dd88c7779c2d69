"""Accounts: users with one role each, password + TOTP log-in, server-side sessions, API tokens."""
