-- The registry's published read contract for paying households: other modules (payments) read
-- bank accounts through this view, never through the registry's tables.
CREATE VIEW registry.payment_accounts AS
SELECT h.id AS household_id,
       h.division_code,
       h.urban_rural,
       h.status AS household_status,
       h.head_person_id,
       p.name AS head_name,
       p.id_number AS head_id_number,
       h.bank_name,
       h.bank_account,
       COALESCE(h.bank_account_name, p.name) AS bank_account_name
FROM registry.households h
LEFT JOIN registry.persons p ON p.id = h.head_person_id;
