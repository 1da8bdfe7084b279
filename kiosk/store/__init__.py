"""The local store: SQLite through SQLAlchemy, migrated with Alembic, with an outbox."""
