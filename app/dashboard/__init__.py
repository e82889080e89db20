"""A commune's dashboard: is the site live, what is being published."""
