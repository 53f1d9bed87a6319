-- Published read contracts for programmes that need city-wide lists (the elderly register, its
-- indicators): the registry publishes the facts of each person, payments the entitlement periods.
-- Other modules read these views, never the tables behind them; the owners may change their tables,
-- not these shapes.
CREATE VIEW registry.person_facts AS
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
       p.death_date
FROM registry.persons p;
--> statement-breakpoint
CREATE VIEW payments.entitlement_periods AS
SELECT e.programme,
       e.household_id,
       e.person_id,
       e.division_code,
       e.monthly_amount_fen,
       e.from_month,
       e.to_month
FROM payments.entitlements e
WHERE e.withdrawn_at IS NULL;
