-- The registry's published read contracts grow by what monitoring and batch verification need: a
-- person's relation to the household head and when the record last changed, and a household's
-- place and urban/rural class. Columns are only ever added at the end; the shapes stay.
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
       p.updated_at
FROM registry.persons p;
--> statement-breakpoint
CREATE VIEW registry.household_facts AS
SELECT h.id AS household_id,
       h.division_code,
       h.urban_rural
FROM registry.households h;
