-- Payroll lines partitioned by run. A run writes its lines into a table of its own with no index to
-- maintain row by row, builds the indexes once, and attaches the table to payments.payroll_lines;
-- rerunning a draft drops the draft's table instead of deleting its lines one by one. Line ids come
-- from a sequence (a partitioned table has no identity column on PostgreSQL 15).
CREATE SEQUENCE "payments"."payroll_line_ids" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
ALTER TABLE "payments"."payroll_lines" RENAME TO "payroll_lines_unpartitioned";--> statement-breakpoint
ALTER INDEX "payments"."payroll_lines_pkey" RENAME TO "payroll_lines_unpartitioned_pkey";--> statement-breakpoint
ALTER INDEX "payments"."payroll_lines_run_key" RENAME TO "payroll_lines_unpartitioned_run_key";--> statement-breakpoint
ALTER INDEX "payments"."payroll_lines_household_idx" RENAME TO "payroll_lines_unpartitioned_household_idx";--> statement-breakpoint
CREATE TABLE "payments"."payroll_lines" (
	"id" bigint DEFAULT nextval('payments.payroll_line_ids') NOT NULL,
	"run_id" bigint NOT NULL,
	"month" varchar(7) NOT NULL,
	"household_id" bigint NOT NULL,
	"programme" text NOT NULL,
	"division_code" varchar(12) NOT NULL,
	"amount_fen" bigint NOT NULL,
	"entitlement_fen" bigint NOT NULL,
	"adjustment_fen" bigint NOT NULL,
	"change" text NOT NULL,
	"previous_amount_fen" bigint,
	"stop_reason" text,
	"hold_reason" text,
	"head_name" text,
	"head_id_number" varchar(18),
	"bank_name" text,
	"bank_account" text,
	"bank_account_name" text,
	CONSTRAINT "payroll_lines_change_check" CHECK ("change" in ('new', 'changed', 'unchanged', 'stopped'))
) PARTITION BY LIST ("run_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payroll_lines_run_key" ON "payments"."payroll_lines" USING btree ("run_id","household_id","programme");--> statement-breakpoint
CREATE INDEX "payroll_lines_household_idx" ON "payments"."payroll_lines" USING btree ("household_id");--> statement-breakpoint
-- A signed payroll is immutable: a row trigger on the parent, cloned onto every partition, refuses to
-- change or delete a line of a signed run. Drafts are replaced by dropping their partition, so the
-- trigger never runs row by row in the ordinary course; it fires only on an attempt to alter lines.
CREATE OR REPLACE FUNCTION payments.payroll_line_signed_immutable() RETURNS trigger AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM payments.payroll_runs r WHERE r.id = OLD.run_id AND r.status = 'signed') THEN
    RAISE EXCEPTION 'lines of a signed payroll cannot be changed (run %)', OLD.run_id USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$ LANGUAGE plpgsql;--> statement-breakpoint
CREATE TRIGGER payroll_lines_signed_immutable
  BEFORE UPDATE OR DELETE ON payments.payroll_lines
  FOR EACH ROW EXECUTE FUNCTION payments.payroll_line_signed_immutable();--> statement-breakpoint
-- TRUNCATE is refused on the parent while any run is signed (payroll_lines_no_truncate, 0006), and on
-- a run's own partition once that run is signed (the run id is the trigger's argument).
CREATE TRIGGER payroll_lines_signed_no_truncate
  BEFORE TRUNCATE ON payments.payroll_lines
  FOR EACH STATEMENT EXECUTE FUNCTION payments.payroll_lines_no_truncate();--> statement-breakpoint
CREATE OR REPLACE FUNCTION payments.payroll_partition_no_truncate() RETURNS trigger AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM payments.payroll_runs WHERE id = TG_ARGV[0]::bigint AND status = 'signed') THEN
    RAISE EXCEPTION 'lines of a signed payroll cannot be truncated (run %)', TG_ARGV[0] USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;--> statement-breakpoint
-- Existing lines move into one partition per run, named payroll_lines_run<id>_rev<revision> as a run names its own.
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT DISTINCT l.run_id, coalesce(pr.revision, 1) AS revision
           FROM payments.payroll_lines_unpartitioned l LEFT JOIN payments.payroll_runs pr ON pr.id = l.run_id LOOP
    EXECUTE format('CREATE TABLE payments.%I PARTITION OF payments.payroll_lines FOR VALUES IN (%s)', 'payroll_lines_run' || r.run_id || '_rev' || r.revision, r.run_id);
    EXECUTE format('CREATE TRIGGER payroll_lines_signed_no_truncate BEFORE TRUNCATE ON payments.%I FOR EACH STATEMENT EXECUTE FUNCTION payments.payroll_partition_no_truncate(%s)',
      'payroll_lines_run' || r.run_id || '_rev' || r.revision, r.run_id);
  END LOOP;
END $$;--> statement-breakpoint
INSERT INTO payments.payroll_lines (id, run_id, month, household_id, programme, division_code, amount_fen, entitlement_fen, adjustment_fen,
  change, previous_amount_fen, stop_reason, hold_reason, head_name, head_id_number, bank_name, bank_account, bank_account_name)
SELECT id, run_id, month, household_id, programme, division_code, amount_fen, entitlement_fen, adjustment_fen,
  change, previous_amount_fen, stop_reason, hold_reason, head_name, head_id_number, bank_name, bank_account, bank_account_name
FROM payments.payroll_lines_unpartitioned;--> statement-breakpoint
SELECT setval('payments.payroll_line_ids', coalesce((SELECT max(id) FROM payments.payroll_lines_unpartitioned), 0) + 1, false);--> statement-breakpoint
DROP TABLE payments.payroll_lines_unpartitioned;--> statement-breakpoint
DROP FUNCTION payments.payroll_lines_signed_immutable();
