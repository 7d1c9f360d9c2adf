from django.db import migrations

# The database itself refuses to change an audit event, whatever code runs against it.
# Deleting is refused too on PostgreSQL (row by row; emptying a test database with TRUNCATE
# still works). SQLite refuses changes only: its test databases are emptied row by row.
POSTGRES = """
CREATE FUNCTION audit_event_is_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are never changed or deleted';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_event_is_append_only();
"""
POSTGRES_BACK = """
DROP TRIGGER audit_event_append_only ON audit_auditevent;
DROP FUNCTION audit_event_is_append_only();
"""
SQLITE = """
CREATE TRIGGER audit_event_append_only BEFORE UPDATE ON audit_auditevent
BEGIN
    SELECT RAISE(ABORT, 'audit events are never changed');
END;
"""
SQLITE_BACK = "DROP TRIGGER audit_event_append_only;"


def guard(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE)


def unguard(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_BACK)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_BACK)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_audit_trail")]

    operations = [migrations.RunPython(guard, unguard)]
