ALTER TABLE `binding_codes` ADD `username` text;--> statement-breakpoint
ALTER TABLE `binding_codes` ADD `first_name` text;--> statement-breakpoint
ALTER TABLE `binding_codes` ADD `requested_by` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `binding_codes` ADD `requested_at` integer;--> statement-breakpoint
ALTER TABLE `binding_codes` ADD `decision` text;--> statement-breakpoint
ALTER TABLE `binding_codes` ADD `decided_at` integer;--> statement-breakpoint
ALTER TABLE `binding_codes` ADD `decided_by_chat` integer;--> statement-breakpoint
ALTER TABLE `transactions` ADD `origin` text;