"""Publishing pipeline: database snapshot -> Pelican input -> child-process render ->
checked release folder -> atomic switch of the live site.

Nothing in this package imports Flask (a layering test keeps it that way).
"""
