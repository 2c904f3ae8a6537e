-- Schema v9: a case's permit end date ("Aufenthaltstitel gültig bis", issue 17), where the office
-- exports it: the receipt of an extension application made before it says "received in time"
-- (§ 81 (4) AufenthG). Appended to both tables, so ``INSERT INTO cases SELECT * FROM
-- cases_staging`` keeps matching columns.
ALTER TABLE cases ADD COLUMN permit_valid_until TEXT;  -- ISO date
ALTER TABLE cases_staging ADD COLUMN permit_valid_until TEXT;
