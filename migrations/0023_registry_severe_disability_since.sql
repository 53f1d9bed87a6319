ALTER TABLE "registry"."persons" ADD COLUMN "severe_disability_since" date;--> statement-breakpoint
CREATE INDEX "persons_severe_disability_since_idx" ON "registry"."persons" USING btree ("severe_disability_since") WHERE "registry"."persons"."severe_disability_since" IS NOT NULL;--> statement-breakpoint
-- The registry publishes when a person's disability became severe (grade 1–2), for monitoring's
-- "newly recognised severe disability". Earlier records carry no such date (null): the registry
-- never recorded when their grade was set. The view gains the column at its end; the shape stays.
CREATE OR REPLACE VIEW registry.person_facts AS
SELECT p.id AS person_id,
       p.household_id,
       p.name,
       p.gender,
       p.birth_date,
       p.id_number,
       p.phone,
       p.division_code,
       p.urban_rural,
       p.residence_division_code,
       p.address,
       p.disability_category,
       p.disability_grade,
       p.health_conditions,
       p.status,
       p.death_date,
       p.relation,
       p.updated_at,
       p.severe_disability_since
FROM registry.persons p;
