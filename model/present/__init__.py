"""Presenters: tables, charts and edits shaped for the app's views, pure functions over the typed model."""
