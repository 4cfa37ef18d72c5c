CREATE INDEX `idempotent_responses_created_idx` ON `idempotent_responses` (`created_at`);--> statement-breakpoint
CREATE INDEX `transactions_family_id_idx` ON `transactions` (`family_id`,`id`);