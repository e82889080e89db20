"""Accounts: sign-in, invitations, passwords, sessions."""
