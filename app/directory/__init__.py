"""The directory of local services: entries, their contacts and opening hours."""
