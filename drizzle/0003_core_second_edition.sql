ALTER TABLE `categories` ADD `name_key` text;--> statement-breakpoint
ALTER TABLE `families` ADD `incomes_need_approval` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `recurring_rules` ADD `unpaid_notice_date` text;--> statement-breakpoint
ALTER TABLE `transactions` ADD `correction_of` integer;--> statement-breakpoint
CREATE INDEX `transactions_correction_of_idx` ON `transactions` (`correction_of`);--> statement-breakpoint
ALTER TABLE `wallets` ADD `name_key` text;--> statement-breakpoint
ALTER TABLE `wallets` ADD `credit_limit_minor` integer;