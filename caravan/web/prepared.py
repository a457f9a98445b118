"""Fixed reads on the hottest path, without the ORM's cost per query.

Building and compiling a QuerySet costs 1-5 ms of Python on this kind of machine
(an article's route query selects 40 columns through an inheritance join), far
more than PostgreSQL takes to answer it. The few reads every rendered article
makes are written once here as plain SQL; ``Columns`` selects a model's fields
and turns each row back into an instance exactly as the ORM would: the same
backend and field converters (dates on SQLite, StreamField JSON, …) and
``Model.from_db``, so fields left out are deferred, not wrong.

The SQL must stay portable: it runs on SQLite (the embedded default) and on
PostgreSQL, on the database the router picks for reads (a replica in production).
"""

from __future__ import annotations

from django.db import connections, router


def quote(name: str) -> str:
    # Every backend Caravan runs on quotes identifiers with double quotes.
    return f'"{name}"'


class Columns:
    """Some or all of a model's concrete fields, as a SELECT list and back."""

    def __init__(self, model, fields: list[str] | None = None):
        self.model = model
        concrete = model._meta.concrete_fields
        self.fields = [
            f
            for f in concrete
            if fields is None or f.attname in fields or f.name in fields
        ]
        self.attnames = [f.attname for f in self.fields]
        self.columns = [
            f"{quote(f.model._meta.db_table)}.{quote(f.column)}" for f in self.fields
        ]
        self.sql = ", ".join(self.columns)
        self.width = len(self.fields)
        self._converters: dict[str, list] = {}

    def refs(self, aliases: dict[str, str]) -> list[str]:
        """The columns, each table named by its alias in ``aliases`` (a short
        statement: psycopg caches the parsing of those under 4 KB only)."""
        return [
            f"{aliases.get(f.model._meta.db_table, quote(f.model._meta.db_table))}"
            f".{quote(f.column)}"
            for f in self.fields
        ]

    def nulls(self, connection) -> list[str]:
        """A typed NULL per column: a UNION's branch that leaves these columns
        empty (PostgreSQL resolves an untyped NULL against NULL as text)."""
        return [f"CAST(NULL AS {f.cast_db_type(connection)})" for f in self.fields]

    def converters(self, connection) -> list:
        """(position, converters, expression) for the fields that need any on this
        database, computed once per connection as Django's compiler does."""
        found = self._converters.get(connection.alias)
        if found is None:
            found = []
            for position, field in enumerate(self.fields):
                expression = field.get_col(field.model._meta.db_table)
                functions = connection.ops.get_db_converters(
                    expression
                ) + expression.get_db_converters(connection)
                if functions:
                    found.append((position, functions, expression))
            self._converters[connection.alias] = found
        return found

    def load(self, connection, row, start: int = 0):
        """The instance in ``row[start:start + width]``."""
        values = list(row[start : start + self.width])
        for position, functions, expression in self.converters(connection):
            value = values[position]
            for function in functions:
                value = function(value, expression, connection)
            values[position] = value
        return self.model.from_db(connection.alias, self.attnames, values)


def fetch(model, sql, params) -> tuple[object, list[tuple]]:
    """Run ``sql`` on the database the router reads ``model`` from: the connection
    (for ``Columns.load``) and the rows. ``sql`` is a string, or a function of the
    connection giving one (a statement written for each backend)."""
    connection = connections[router.db_for_read(model)]
    if callable(sql):
        sql = sql(connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return connection, cursor.fetchall()
