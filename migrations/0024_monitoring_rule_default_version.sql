ALTER TABLE "verification"."monitoring_rules" ADD COLUMN "default_version" integer;--> statement-breakpoint
-- Rules written from the shipped defaults and never saved by staff are at the first shipped version,
-- so later shipped versions reach them; a rule staff saved (its save is in the audit log) stays theirs.
UPDATE "verification"."monitoring_rules" r SET "default_version" = 1
WHERE NOT EXISTS (SELECT 1 FROM "kernel"."audit_log" a WHERE a."action" = 'monitoring.rule.saved' AND a."entity_id" = r."code");
