-- expense_days is kept exact by the database itself: whatever changes a
-- transaction (create, approve, reject, withdraw, reverse, correct, delete)
-- moves its amount in or out of its day's total in the same transaction.
-- "Counts" is exactly budgetSpent's condition: an executed, unreversed expense.
CREATE TRIGGER `expense_days_after_insert` AFTER INSERT ON `transactions`
WHEN NEW.`kind` = 'expense' AND NEW.`status` = 'executed' AND NEW.`reversal_of` IS NULL AND NEW.`executed_at` IS NOT NULL
BEGIN
  INSERT INTO `expense_days` (`family_id`, `currency`, `category_id`, `day`, `spent_minor`)
  VALUES (NEW.`family_id`, NEW.`currency`, coalesce(NEW.`category_id`, 0), NEW.`executed_at` / 86400000, NEW.`amount_minor`)
  ON CONFLICT (`family_id`, `currency`, `category_id`, `day`) DO UPDATE SET `spent_minor` = `spent_minor` + excluded.`spent_minor`;
END;
--> statement-breakpoint
CREATE TRIGGER `expense_days_after_delete` AFTER DELETE ON `transactions`
WHEN OLD.`kind` = 'expense' AND OLD.`status` = 'executed' AND OLD.`reversal_of` IS NULL AND OLD.`executed_at` IS NOT NULL
BEGIN
  UPDATE `expense_days` SET `spent_minor` = `spent_minor` - OLD.`amount_minor`
  WHERE `family_id` = OLD.`family_id` AND `currency` = OLD.`currency` AND `category_id` = coalesce(OLD.`category_id`, 0) AND `day` = OLD.`executed_at` / 86400000;
END;
--> statement-breakpoint
CREATE TRIGGER `expense_days_after_update_old` AFTER UPDATE OF `family_id`, `kind`, `status`, `reversal_of`, `executed_at`, `amount_minor`, `currency`, `category_id` ON `transactions`
WHEN OLD.`kind` = 'expense' AND OLD.`status` = 'executed' AND OLD.`reversal_of` IS NULL AND OLD.`executed_at` IS NOT NULL
BEGIN
  UPDATE `expense_days` SET `spent_minor` = `spent_minor` - OLD.`amount_minor`
  WHERE `family_id` = OLD.`family_id` AND `currency` = OLD.`currency` AND `category_id` = coalesce(OLD.`category_id`, 0) AND `day` = OLD.`executed_at` / 86400000;
END;
--> statement-breakpoint
CREATE TRIGGER `expense_days_after_update_new` AFTER UPDATE OF `family_id`, `kind`, `status`, `reversal_of`, `executed_at`, `amount_minor`, `currency`, `category_id` ON `transactions`
WHEN NEW.`kind` = 'expense' AND NEW.`status` = 'executed' AND NEW.`reversal_of` IS NULL AND NEW.`executed_at` IS NOT NULL
BEGIN
  INSERT INTO `expense_days` (`family_id`, `currency`, `category_id`, `day`, `spent_minor`)
  VALUES (NEW.`family_id`, NEW.`currency`, coalesce(NEW.`category_id`, 0), NEW.`executed_at` / 86400000, NEW.`amount_minor`)
  ON CONFLICT (`family_id`, `currency`, `category_id`, `day`) DO UPDATE SET `spent_minor` = `spent_minor` + excluded.`spent_minor`;
END;
--> statement-breakpoint
-- What was already spent before this migration.
INSERT INTO `expense_days` (`family_id`, `currency`, `category_id`, `day`, `spent_minor`)
SELECT `family_id`, `currency`, coalesce(`category_id`, 0), `executed_at` / 86400000, sum(`amount_minor`)
FROM `transactions`
WHERE `kind` = 'expense' AND `status` = 'executed' AND `reversal_of` IS NULL AND `executed_at` IS NOT NULL
GROUP BY 1, 2, 3, 4;
