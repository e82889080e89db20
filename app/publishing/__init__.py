"""Publishing pipeline: database snapshot -> Pelican input -> child-process render ->
checked release folder -> atomic switch of the live site.

Nothing in this package imports Flask (a layering test keeps it that way).

Stages, one module each: ``export`` (SiteContent -> Markdown files, legal pages from
``legal``), ``settings`` (the explicit Pelican settings dict), ``render`` (Pelican in a
forkserver child per build), ``releases`` (check, atomic switch of ``live``, pruning);
``pipeline.build_site`` runs them. ``markdown`` is the one sanitiser used by builds
(``reader``) and previews (``preview``); ``theming`` holds gettext and Jinja filters.
"""
