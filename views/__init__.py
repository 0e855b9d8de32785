"""The app's views: one module a page, drawn by ``app.py`` over the library in :mod:`model`.

:mod:`views.state` is the session's state behind one typed accessor, :mod:`views.session` what
it does with it (which configuration, its edit history, undo), :mod:`views.drafts` the draft
every edit autosaves,
:mod:`views.cached` the expensive work per configuration text, :mod:`views.common` the widgets
several pages share. Each page module has one ``render(scenario, findings, key_args, lang)``;
``key_args`` is ``(text, name, base_dir)`` of the configuration in effect, the key of the caches.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
"""The project's root, where ``app.py`` lives: procedure paths in configurations resolve below it."""
CONFIG_DIR = ROOT / "org_configs"
"""The shipped configurations the app offers."""
