-- Schema v8: the end date of the case's residence permit (issue 15: a walk-in ticket taken
-- after a lookup counts as urgent when the permit or the Fiktion ends soon). Office-local ISO
-- date or NULL (unknown). Added to the staging table too, at the same position, so a resync
-- still swaps with INSERT … SELECT *.
ALTER TABLE cases ADD COLUMN permit_valid_until TEXT;
ALTER TABLE cases_staging ADD COLUMN permit_valid_until TEXT;
