-- A signed payroll is immutable: the database itself refuses to change or delete a signed run or
-- any of its lines. Corrections are adjustments in a later month.
CREATE OR REPLACE FUNCTION payments.payroll_run_signed_immutable() RETURNS trigger AS $$
BEGIN
  IF OLD.status = 'signed' THEN
    RAISE EXCEPTION 'payroll run % (%, %) is signed and cannot be changed', OLD.id, OLD.county_code, OLD.month
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER payroll_runs_signed_immutable
  BEFORE UPDATE OR DELETE ON payments.payroll_runs
  FOR EACH ROW EXECUTE FUNCTION payments.payroll_run_signed_immutable();
--> statement-breakpoint
-- Lines are checked per statement against the transition table: replacing a draft of a million lines
-- costs one join, not a million lookups.
CREATE OR REPLACE FUNCTION payments.payroll_lines_signed_immutable() RETURNS trigger AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM old_lines o JOIN payments.payroll_runs r ON r.id = o.run_id WHERE r.status = 'signed') THEN
    RAISE EXCEPTION 'lines of a signed payroll cannot be changed' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER payroll_lines_signed_no_update
  AFTER UPDATE ON payments.payroll_lines
  REFERENCING OLD TABLE AS old_lines
  FOR EACH STATEMENT EXECUTE FUNCTION payments.payroll_lines_signed_immutable();
--> statement-breakpoint
CREATE TRIGGER payroll_lines_signed_no_delete
  AFTER DELETE ON payments.payroll_lines
  REFERENCING OLD TABLE AS old_lines
  FOR EACH STATEMENT EXECUTE FUNCTION payments.payroll_lines_signed_immutable();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION payments.payroll_lines_no_truncate() RETURNS trigger AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM payments.payroll_runs WHERE status = 'signed') THEN
    RAISE EXCEPTION 'lines of a signed payroll cannot be truncated' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER payroll_lines_signed_no_truncate
  BEFORE TRUNCATE ON payments.payroll_lines
  FOR EACH STATEMENT EXECUTE FUNCTION payments.payroll_lines_no_truncate();
