DROP INDEX `access_log_user_idx`;--> statement-breakpoint
DROP INDEX `event_log_entity_idx`;--> statement-breakpoint
DROP INDEX `postings_transaction_idx`;--> statement-breakpoint
DROP INDEX `postings_wallet_idx`;