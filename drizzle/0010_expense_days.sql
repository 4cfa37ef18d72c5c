CREATE TABLE `expense_days` (
	`family_id` integer NOT NULL,
	`currency` text NOT NULL,
	`category_id` integer NOT NULL,
	`day` integer NOT NULL,
	`spent_minor` integer NOT NULL,
	PRIMARY KEY(`family_id`, `currency`, `category_id`, `day`),
	FOREIGN KEY (`family_id`) REFERENCES `families`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `expense_days_family_day_idx` ON `expense_days` (`family_id`,`currency`,`day`,`spent_minor`);