"""A site's settings screens: identity and theme, legal notice and accessibility data."""
