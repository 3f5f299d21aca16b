"""The booking tally's triggers: surgeries/migrations/0012 and the squashed migration that replaces it run them.

Bookings are counted per surgery, role, status and walk-in, kept by PostgreSQL itself.

Three statement triggers on surgeries_booking add each statement's changes (its transition
tables, grouped) to surgeries_bookingtally in the same transaction, so every way bookings
change (the booking functions, the admin, ``bulk_create``, ``update``, ``delete``) is counted.
Counts only fall by UPDATE: a surgery being deleted with its bookings never gets a row back.
On other databases the table stays empty and the impact report counts the bookings.
"""

KEY = "surgery_id, role, status, is_walk_in"

APPLY = """
    WITH changes AS (
        SELECT surgery_id, role, status, is_walk_in, SUM(n) AS n FROM ({rows}) AS changed
        GROUP BY surgery_id, role, status, is_walk_in HAVING SUM(n) <> 0
    ), lowered AS (
        UPDATE surgeries_bookingtally AS tally SET bookings = tally.bookings + changes.n
        FROM changes
        WHERE changes.n < 0 AND tally.surgery_id = changes.surgery_id AND tally.role = changes.role
            AND tally.status = changes.status AND tally.is_walk_in = changes.is_walk_in
    )
    INSERT INTO surgeries_bookingtally (surgery_id, role, status, is_walk_in, bookings)
    SELECT surgery_id, role, status, is_walk_in, n FROM changes WHERE n > 0
    ORDER BY surgery_id, role, status, is_walk_in
    ON CONFLICT (surgery_id, role, status, is_walk_in)
    DO UPDATE SET bookings = surgeries_bookingtally.bookings + EXCLUDED.bookings;
"""

ADDED = f"SELECT {KEY}, 1 AS n FROM added_rows"  # noqa: S608 - fixed names, no input
REMOVED = f"SELECT {KEY}, -1 AS n FROM removed_rows"  # noqa: S608 - fixed names, no input

TRIGGERS = {
    # name: (event, transition tables, the rows that count)
    "insert": ("INSERT", "NEW TABLE AS added_rows", ADDED),
    "update": ("UPDATE", "OLD TABLE AS removed_rows NEW TABLE AS added_rows", f"{ADDED} UNION ALL {REMOVED}"),
    "delete": ("DELETE", "OLD TABLE AS removed_rows", REMOVED),
}


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        # No booking changes between the triggers starting and the first count.
        cursor.execute("LOCK TABLE surgeries_booking IN SHARE ROW EXCLUSIVE MODE")
        for name, (event, transition, rows) in TRIGGERS.items():
            cursor.execute(
                f"CREATE FUNCTION surgeries_booking_tally_{name}() RETURNS trigger LANGUAGE plpgsql AS $$"
                f" BEGIN {APPLY.format(rows=rows)} RETURN NULL; END $$"
            )
            cursor.execute(
                f"CREATE TRIGGER surgeries_booking_tally_{name} AFTER {event} ON surgeries_booking"
                f" REFERENCING {transition} FOR EACH STATEMENT"
                f" EXECUTE FUNCTION surgeries_booking_tally_{name}()"
            )
        cursor.execute(
            f"INSERT INTO surgeries_bookingtally ({KEY}, bookings)"  # noqa: S608 - fixed names
            f" SELECT {KEY}, COUNT(*) FROM surgeries_booking GROUP BY {KEY}"
        )


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name in TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS surgeries_booking_tally_{name} ON surgeries_booking")
            cursor.execute(f"DROP FUNCTION IF EXISTS surgeries_booking_tally_{name}()")
