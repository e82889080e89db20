"""Pages of a commune's site, edited by its clerks."""
