-- Postings become a view of the executed transactions (#16): each posting was a second copy of what its
-- transaction row says, one more b-tree page on every entry's commit. A wallet's cached balance
-- (wallets.balance_minor, written by its own UPDATE in the same commit) must still equal the sum of its postings.
--
-- What the ledger posted (src/domain/ledger/postings.ts movementsOf, applyPostings): an executed or
-- since-reversed entry moves -amount_minor out of from_wallet_id and +coalesce(to_amount_minor, amount_minor)
-- into to_wallet_id (a transfer across currencies receives to_amount_minor; an opening balance or adjustment
-- has one side); a reversal (reversal_of set, a copy of its original's columns) moves the opposite amounts.
-- Waiting, rejected and withdrawn entries moved nothing. A posting was written when its entry executed: at
-- decided_at for an approved request, otherwise at created_at (a reversal is never approved).
CREATE VIEW `postings_0021` AS
SELECT `id` AS `transaction_id`, `from_wallet_id` AS `wallet_id`,
       CASE WHEN `reversal_of` IS NULL THEN -`amount_minor` ELSE `amount_minor` END AS `amount_minor`,
       coalesce(`decided_at`, `created_at`) AS `created_at`
  FROM `transactions` WHERE `status` IN ('executed', 'reversed') AND `from_wallet_id` IS NOT NULL
UNION ALL
SELECT `id`, `to_wallet_id`,
       CASE WHEN `reversal_of` IS NULL THEN coalesce(`to_amount_minor`, `amount_minor`) ELSE -coalesce(`to_amount_minor`, `amount_minor`) END,
       coalesce(`decided_at`, `created_at`)
  FROM `transactions` WHERE `status` IN ('executed', 'reversed') AND `to_wallet_id` IS NOT NULL;--> statement-breakpoint
-- Nothing is dropped that the view would not give back: every stored posting, as a multiset of
-- (transaction, wallet, amount, moment), must be the view's and the other way round. If not (a file edited by
-- hand, a posting of a version that wrote them otherwise), the CHECK fails, the whole upgrade is rolled back
-- (one transaction, src/db/migrate.ts) and the app does not start: the table stays for someone to look at.
CREATE TABLE `postings_0021_check` (
	`unmatched` integer NOT NULL CONSTRAINT `postings_0021_every_posting_is_derived_from_its_transaction` CHECK (`unmatched` = 0)
);--> statement-breakpoint
INSERT INTO `postings_0021_check` (`unmatched`)
SELECT count(*) FROM (
  SELECT * FROM (SELECT `transaction_id`, `wallet_id`, `amount_minor`, `created_at`, count(*) AS `n` FROM `postings` GROUP BY 1, 2, 3, 4
                 EXCEPT SELECT `transaction_id`, `wallet_id`, `amount_minor`, `created_at`, count(*) FROM `postings_0021` GROUP BY 1, 2, 3, 4)
  UNION ALL
  SELECT * FROM (SELECT `transaction_id`, `wallet_id`, `amount_minor`, `created_at`, count(*) AS `n` FROM `postings_0021` GROUP BY 1, 2, 3, 4
                 EXCEPT SELECT `transaction_id`, `wallet_id`, `amount_minor`, `created_at`, count(*) FROM `postings` GROUP BY 1, 2, 3, 4)
);--> statement-breakpoint
DROP TABLE `postings_0021_check`;--> statement-breakpoint
DROP TABLE `postings`;--> statement-breakpoint
DROP VIEW `postings_0021`;--> statement-breakpoint
-- The same definition under the table's name (a view cannot be renamed). No id: a posting is a side of its transaction.
CREATE VIEW `postings` AS
SELECT `id` AS `transaction_id`, `from_wallet_id` AS `wallet_id`,
       CASE WHEN `reversal_of` IS NULL THEN -`amount_minor` ELSE `amount_minor` END AS `amount_minor`,
       coalesce(`decided_at`, `created_at`) AS `created_at`
  FROM `transactions` WHERE `status` IN ('executed', 'reversed') AND `from_wallet_id` IS NOT NULL
UNION ALL
SELECT `id`, `to_wallet_id`,
       CASE WHEN `reversal_of` IS NULL THEN coalesce(`to_amount_minor`, `amount_minor`) ELSE -coalesce(`to_amount_minor`, `amount_minor`) END,
       coalesce(`decided_at`, `created_at`)
  FROM `transactions` WHERE `status` IN ('executed', 'reversed') AND `to_wallet_id` IS NOT NULL;
