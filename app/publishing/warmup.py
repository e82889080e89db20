"""Imported once by the render forkserver: one-time costs every render child inherits.

Python-Markdown imports its extensions and compiles its patterns on first use, Babel
loads locale data on first use: paying that here, before the fork, saves it on every build.
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date

from app.publishing.markdown import render_markdown

SAMPLE = """# Titre

Du *texte*, du **gras**, un [lien](../page/) et `du code`.

- une liste
1. numérotée

| a | b |
|---|---|
| 1 | 2 |

```
bloc
```
"""

render_markdown(SAMPLE)
format_date(date(2024, 5, 1), format="long", locale="fr")
