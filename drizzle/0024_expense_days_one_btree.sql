-- expense_days in one b-tree (#16): WITHOUT ROWID keyed (family_id, currency, day, category_id), so the trigger's
-- upsert of a day's total rewrites one row in one b-tree. Before: the rowid table, its primary key index and
-- expense_days_family_day_idx (family_id, currency, day, spent_minor), whose entry moved with every new total.
-- Every reader names family_id, currency and a range of days: a range of the key (a category's sum reads the
-- range's other categories too, a few rows a day). The triggers name the table, so they are rebuilt with it.
DROP TRIGGER `expense_days_after_insert`;--> statement-breakpoint
DROP TRIGGER `expense_days_after_delete`;--> statement-breakpoint
DROP TRIGGER `expense_days_after_update_old`;--> statement-breakpoint
DROP TRIGGER `expense_days_after_update_new`;--> statement-breakpoint
CREATE TABLE `expense_days_0024` (
	`family_id` integer NOT NULL,
	`currency` text NOT NULL,
	`category_id` integer NOT NULL,
	`day` integer NOT NULL,
	`spent_minor` integer NOT NULL,
	PRIMARY KEY(`family_id`, `currency`, `day`, `category_id`),
	FOREIGN KEY (`family_id`) REFERENCES `families`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;--> statement-breakpoint
INSERT INTO `expense_days_0024` (`family_id`, `currency`, `category_id`, `day`, `spent_minor`)
SELECT `family_id`, `currency`, `category_id`, `day`, `spent_minor` FROM `expense_days`;--> statement-breakpoint
DROP TABLE `expense_days`;--> statement-breakpoint
ALTER TABLE `expense_days_0024` RENAME TO `expense_days`;--> statement-breakpoint
CREATE TRIGGER `expense_days_after_insert` AFTER INSERT ON `transactions`
WHEN NEW.`kind` = 'expense' AND NEW.`status` = 'executed' AND NEW.`reversal_of` IS NULL AND NEW.`executed_at` IS NOT NULL
BEGIN
  INSERT INTO `expense_days` (`family_id`, `currency`, `category_id`, `day`, `spent_minor`)
  VALUES (NEW.`family_id`, NEW.`currency`, coalesce(NEW.`category_id`, 0), NEW.`executed_at` / 86400000, NEW.`amount_minor`)
  ON CONFLICT (`family_id`, `currency`, `day`, `category_id`) DO UPDATE SET `spent_minor` = `spent_minor` + excluded.`spent_minor`;
END;--> statement-breakpoint
CREATE TRIGGER `expense_days_after_delete` AFTER DELETE ON `transactions`
WHEN OLD.`kind` = 'expense' AND OLD.`status` = 'executed' AND OLD.`reversal_of` IS NULL AND OLD.`executed_at` IS NOT NULL
BEGIN
  UPDATE `expense_days` SET `spent_minor` = `spent_minor` - OLD.`amount_minor`
  WHERE `family_id` = OLD.`family_id` AND `currency` = OLD.`currency` AND `day` = OLD.`executed_at` / 86400000 AND `category_id` = coalesce(OLD.`category_id`, 0);
END;--> statement-breakpoint
CREATE TRIGGER `expense_days_after_update_old` AFTER UPDATE OF `family_id`, `kind`, `status`, `reversal_of`, `executed_at`, `amount_minor`, `currency`, `category_id` ON `transactions`
WHEN OLD.`kind` = 'expense' AND OLD.`status` = 'executed' AND OLD.`reversal_of` IS NULL AND OLD.`executed_at` IS NOT NULL
BEGIN
  UPDATE `expense_days` SET `spent_minor` = `spent_minor` - OLD.`amount_minor`
  WHERE `family_id` = OLD.`family_id` AND `currency` = OLD.`currency` AND `day` = OLD.`executed_at` / 86400000 AND `category_id` = coalesce(OLD.`category_id`, 0);
END;--> statement-breakpoint
CREATE TRIGGER `expense_days_after_update_new` AFTER UPDATE OF `family_id`, `kind`, `status`, `reversal_of`, `executed_at`, `amount_minor`, `currency`, `category_id` ON `transactions`
WHEN NEW.`kind` = 'expense' AND NEW.`status` = 'executed' AND NEW.`reversal_of` IS NULL AND NEW.`executed_at` IS NOT NULL
BEGIN
  INSERT INTO `expense_days` (`family_id`, `currency`, `category_id`, `day`, `spent_minor`)
  VALUES (NEW.`family_id`, NEW.`currency`, coalesce(NEW.`category_id`, 0), NEW.`executed_at` / 86400000, NEW.`amount_minor`)
  ON CONFLICT (`family_id`, `currency`, `day`, `category_id`) DO UPDATE SET `spent_minor` = `spent_minor` + excluded.`spent_minor`;
END;
--> statement-breakpoint
-- A family's entries by status (pending approvals, a leaver's requests, the API's ?status=) hold every status but
-- executed, so an executed entry writes no entry here. An OR of equalities: `status = ?` implies one side of it (SQLite
-- uses a partial index only when the query's terms imply its WHERE); ?status=executed reads transactions_family_id_idx.
DROP INDEX `transactions_family_status_idx`;--> statement-breakpoint
CREATE INDEX `transactions_family_status_idx` ON `transactions` (`family_id`,`status`,`id`) WHERE "transactions"."status" = 'pending_approval' OR "transactions"."status" = 'rejected' OR "transactions"."status" = 'reversed' OR "transactions"."status" = 'withdrawn';
