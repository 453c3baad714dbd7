"""The page kit: what the pages of every app share — the page guard and the answers after a
change (``pages``), the base form and its field helpers (``forms``). It sits low (core, access
and the seams only), so that each domain's ``web`` package can use it; the shell (``baomi.web``)
keeps the base template, the partials and the template tags, which pages load by name."""
