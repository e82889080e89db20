"""Alerts: short urgent messages shown on every page of a site until their end."""
