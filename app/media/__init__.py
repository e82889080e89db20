"""The media library of a tenant: images and documents clerks insert in their texts.

Checks, services and queries import no Flask (the build worker reads the queries); the
admin screens are in ``views``.
"""
