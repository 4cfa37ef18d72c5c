-- Since 2e86026 the ledger keeps an API client's Idempotency-Key as client:<author>:<key>, so it can meet
-- neither the app's own keys nor another member's. Entries recorded over the API before that carry the bare
-- key: once their stored reply is pruned (30 days), a retry looks for client:<author>:<key>, misses, and records
-- the entry again. Those keys take the new form here, with the entry's author (created_by: the person whose
-- request it was; an account merge re-points it to the survivor, whose sessions the absorbed login's became).
-- Only the API ever recorded source 'api' with a key; every key the app makes itself (tg:msg:, tg:cb:,
-- tg:opening:, recurring:, import:) is recorded with its own source (quick, bot, recurring, import, balance,
-- correction) and stays exactly as it is. A client's bare key that only looks like one of them (a member who
-- sent recurring:<rule>:<date>) is that client's and moves too, which frees the date for the recurring job.
-- Keys already in the new form are left; so is an old key whose new form is already taken in its family (the
-- client retried between the upgrade and this migration and got a second entry): the unique index forbids
-- two, and the newer entry is the one a retry now finds.
UPDATE `transactions`
SET `idempotency_key` = 'client:' || `created_by` || ':' || `idempotency_key`
WHERE `source` = 'api'
  AND `idempotency_key` IS NOT NULL
  AND `idempotency_key` NOT GLOB 'client:[0-9]*:*'
  AND NOT EXISTS (
    SELECT 1 FROM `transactions` AS `taken`
    WHERE `taken`.`family_id` = `transactions`.`family_id`
      AND `taken`.`idempotency_key` = 'client:' || `transactions`.`created_by` || ':' || `transactions`.`idempotency_key`
  );
