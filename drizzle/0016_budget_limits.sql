CREATE TABLE `budget_limits` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`budget_id` integer NOT NULL,
	`amount_minor` integer NOT NULL,
	`effective_at` integer NOT NULL,
	FOREIGN KEY (`budget_id`) REFERENCES `budgets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `budget_limits_budget_idx` ON `budget_limits` (`budget_id`,`effective_at`);--> statement-breakpoint
-- The limits budgets had before this migration, from the audit log: a budget's first limit is the "from" of its
-- earliest budget.updated event (or its current limit if it was never changed), from its creation; each change from its event.
INSERT INTO `budget_limits` (`budget_id`, `amount_minor`, `effective_at`)
SELECT b.`id`,
  coalesce((SELECT json_extract(e.`payload`, '$.from') FROM `event_log` e
            WHERE e.`entity_type` = 'budget' AND e.`action` = 'budget.updated' AND e.`entity_id` = CAST(b.`id` AS TEXT)
            ORDER BY e.`id` LIMIT 1), b.`amount_minor`),
  b.`created_at`
FROM `budgets` b;
--> statement-breakpoint
INSERT INTO `budget_limits` (`budget_id`, `amount_minor`, `effective_at`)
SELECT b.`id`, json_extract(e.`payload`, '$.to'), e.`created_at`
FROM `event_log` e JOIN `budgets` b ON e.`entity_id` = CAST(b.`id` AS TEXT)
WHERE e.`entity_type` = 'budget' AND e.`action` = 'budget.updated' AND json_extract(e.`payload`, '$.to') IS NOT NULL
ORDER BY e.`id`;
