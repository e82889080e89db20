"""The content kernel: one life cycle (working copy, published revision, version check,
audit, build request, tenant scoping) for every content type, written once.

A content type is a model using ``ContentItem`` (app/models), a kind registered in
``app.content.kinds`` (how its revisions reach the site), a form and templates; its
views come from ``app.content.views``. Nothing here imports Flask except ``views``.
"""
