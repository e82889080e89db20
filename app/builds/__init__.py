"""Builds: queueing, coalescing and running the publication of a commune's site."""
