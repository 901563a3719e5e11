"""Accounts, teams, roles and the inbox, below the domains (see docs/architecture.md)."""
