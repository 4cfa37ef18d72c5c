DROP INDEX `transactions_from_wallet_idx`;--> statement-breakpoint
DROP INDEX `transactions_to_wallet_idx`;--> statement-breakpoint
DROP INDEX `transactions_category_idx`;--> statement-breakpoint
DROP INDEX `transactions_approved_by_idx`;--> statement-breakpoint
DROP INDEX `transactions_reversal_of_idx`;--> statement-breakpoint
DROP INDEX `transactions_reversed_by_idx`;--> statement-breakpoint
DROP INDEX `transactions_correction_of_idx`;--> statement-breakpoint
CREATE INDEX `transactions_from_wallet_idx` ON `transactions` (`from_wallet_id`) WHERE "transactions"."from_wallet_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `transactions_to_wallet_idx` ON `transactions` (`to_wallet_id`) WHERE "transactions"."to_wallet_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `transactions_category_idx` ON `transactions` (`category_id`) WHERE "transactions"."category_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `transactions_approved_by_idx` ON `transactions` (`approved_by`) WHERE "transactions"."approved_by" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `transactions_reversal_of_idx` ON `transactions` (`reversal_of`) WHERE "transactions"."reversal_of" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `transactions_reversed_by_idx` ON `transactions` (`reversed_by`) WHERE "transactions"."reversed_by" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `transactions_correction_of_idx` ON `transactions` (`correction_of`) WHERE "transactions"."correction_of" IS NOT NULL;