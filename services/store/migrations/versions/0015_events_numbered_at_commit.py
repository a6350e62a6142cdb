"""a paper's events are numbered inside the commit, by the database

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01

A reader follows a paper's log by number ("after 41"), so a number must never become
visible after a higher one of the same paper. The numbering used to be serialized by an
advisory lock taken by the application before its last statements and held to its
COMMIT: every save of a paper waited for the round trips of the one before it. Now an
event is written with a provisional (negative) number and a deferred trigger numbers the
transaction's events during its COMMIT, under the same per-paper lock: the lock is held
from numbering to commit as before, but only inside the database, for no round trip.
SQLite writes one transaction at a time and needs none of this.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

# The advisory lock space of the event logs (the two-key form, apart from one-key locks).
LOG_LOCKS = 7301

NUMBER_EVENTS = """
CREATE FUNCTION number_events() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    log_key integer;
    provisional bigint;
BEGIN
    -- Only this transaction's own rows can be seen with a provisional number: every
    -- committed one was numbered before its commit. The first row to fire numbers them
    -- all; the others find nothing left.
    IF NOT EXISTS (SELECT 1 FROM events WHERE seq < 0) THEN
        RETURN NULL;
    END IF;
    -- One lock per paper's log, taken in one order by every transaction: no deadlock.
    FOR log_key IN
        SELECT DISTINCT hashtext(coalesce(paper, '')) FROM events WHERE seq < 0 ORDER BY 1
    LOOP
        PERFORM pg_advisory_xact_lock({locks}, log_key);
    END LOOP;
    -- In the order they were recorded (provisional numbers count down).
    FOR provisional IN SELECT seq FROM events WHERE seq < 0 ORDER BY seq DESC LOOP
        UPDATE events SET seq = nextval('{sequence}')
        WHERE seq = provisional;
    END LOOP;
    RETURN NULL;
END
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    sequence = _sequence()
    op.execute(NUMBER_EVENTS.format(locks=LOG_LOCKS, sequence=sequence))
    op.execute(
        "CREATE CONSTRAINT TRIGGER number_events AFTER INSERT ON events "
        "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION number_events()"
    )
    op.execute(f"ALTER TABLE events ALTER COLUMN seq SET DEFAULT -nextval('{sequence}')")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"ALTER TABLE events ALTER COLUMN seq SET DEFAULT nextval('{_sequence()}')")
    op.execute("DROP TRIGGER number_events ON events")
    op.execute("DROP FUNCTION number_events()")


def _sequence() -> str:
    """The sequence behind `events.seq` (its serial column's own)."""
    name = op.get_bind().scalar(sa.text("SELECT pg_get_serial_sequence('events', 'seq')"))
    assert name, "events.seq has no sequence"
    return str(name)
