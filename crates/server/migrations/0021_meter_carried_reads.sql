-- A read an anonymous reader made before signing in moves to the account with `counted = 0`:
-- reading that article again in its period stays free, but it does not use up the account's
-- allowance, so the wall's promise ("with a free account, read 3 articles a month") holds from
-- the moment the reader registers.
ALTER TABLE meter_reads ADD COLUMN counted INTEGER NOT NULL DEFAULT 1 CHECK (counted IN (0, 1));
