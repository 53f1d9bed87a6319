-- The audit log is append-only: updates and deletes are refused by the database itself.
-- (A superuser can still disable the trigger; the hash chain is what detects that.)
CREATE OR REPLACE FUNCTION kernel.audit_log_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only
  BEFORE UPDATE OR DELETE ON kernel.audit_log
  FOR EACH ROW EXECUTE FUNCTION kernel.audit_log_append_only();
