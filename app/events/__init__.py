"""The agenda: events, once or repeated, edited by clerks and shown on the sites."""
