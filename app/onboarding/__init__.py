"""Onboarding of communes: reference data -> declarative record -> database rows."""
