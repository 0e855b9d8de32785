"""Alembic environment: run on the connection :func:`model.store.store.migrate` hands over."""

from alembic import context

from model.store.tables import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
