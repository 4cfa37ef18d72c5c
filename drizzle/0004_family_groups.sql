CREATE TABLE `family_group_settings` (
	`family_id` integer PRIMARY KEY NOT NULL,
	`approvals_target` text DEFAULT 'both' NOT NULL,
	`visibility` text DEFAULT 'entries' NOT NULL,
	`pinned_summary` integer DEFAULT false NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`family_id`) REFERENCES `families`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `family_groups` (
	`chat_id` integer PRIMARY KEY NOT NULL,
	`family_id` integer NOT NULL,
	`title` text,
	`linked_by` integer,
	`linked_at` integer NOT NULL,
	`summary_message_id` integer,
	FOREIGN KEY (`family_id`) REFERENCES `families`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`linked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `family_groups_family_unique` ON `family_groups` (`family_id`);--> statement-breakpoint
CREATE INDEX `family_groups_linked_by_idx` ON `family_groups` (`linked_by`);--> statement-breakpoint
CREATE TABLE `group_join_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`family_id` integer NOT NULL,
	`chat_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`status` text NOT NULL,
	`decided_by` integer,
	`decided_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`family_id`) REFERENCES `families`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `group_join_requests_family_idx` ON `group_join_requests` (`family_id`,`status`);--> statement-breakpoint
CREATE INDEX `group_join_requests_user_idx` ON `group_join_requests` (`user_id`);--> statement-breakpoint
CREATE INDEX `group_join_requests_decided_by_idx` ON `group_join_requests` (`decided_by`);