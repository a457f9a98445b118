"""The PostgreSQL backend's health check (caravan.web.db.postgresql): no round
trip while the connection is alive; a connection the server closed is found."""

import select

import pytest
from django.db import connection, connections

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_connection():
    """A connection of its own (the test's is inside a transaction)."""
    if connection.vendor != "postgresql":
        pytest.skip("checks the PostgreSQL backend (this run is on SQLite)")
    wrapper = connections.create_connection("default")
    wrapper.connect()
    yield wrapper
    wrapper.close()


def last_statement(pid: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT query FROM pg_stat_activity WHERE pid = %s", [pid])
        return cursor.fetchone()[0]


def test_the_backend_is_djangos_with_its_own_check(own_connection):
    assert own_connection.vendor == "postgresql"
    assert type(own_connection).__module__ == "caravan.web.db.postgresql.base"


def test_a_live_connection_is_usable_without_a_statement(own_connection):
    raw = own_connection.connection
    raw.execute("SELECT 'marker'")
    assert own_connection.is_usable()
    assert last_statement(raw.info.backend_pid) == "SELECT 'marker'"  # no SELECT 1


def test_a_connection_the_server_closed_is_not_usable(own_connection):
    raw = own_connection.connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [raw.info.backend_pid])
    poll = select.poll()
    poll.register(raw.fileno(), select.POLLIN)
    assert poll.poll(5000), "the server's goodbye never arrived"
    assert not own_connection.is_usable()
    # Django's check before a request's first query then starts a new one.
    own_connection.health_check_done = False
    own_connection.close_if_health_check_failed()
    with own_connection.cursor() as cursor:
        cursor.execute("SELECT 2")
        assert cursor.fetchone() == (2,)


def test_a_connection_inside_a_transaction_is_asked(own_connection):
    raw = own_connection.connection
    raw.execute("BEGIN")
    assert own_connection.is_usable()
    assert last_statement(raw.info.backend_pid) == "SELECT 1"  # Django's own check
    raw.execute("ROLLBACK")
