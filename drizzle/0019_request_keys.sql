-- One table remembers what a request the app keys itself made (request_keys: a wallet, a recurring rule, a
-- goal, an invite link), written in the commit that made it. The invites' own request_key (0018) moves
-- into it, so an /invite message pressed again after the upgrade still finds its link.
CREATE TABLE `request_keys` (
	`kind` text NOT NULL,
	`key` text NOT NULL,
	`made_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`kind`, `key`)
);
--> statement-breakpoint
INSERT INTO `request_keys` (`kind`, `key`, `made_id`, `created_at`)
SELECT 'invite', `request_key`, `id`, `created_at` FROM `invites` WHERE `request_key` IS NOT NULL;--> statement-breakpoint
DROP INDEX `invites_request_key_unique`;--> statement-breakpoint
ALTER TABLE `invites` DROP COLUMN `request_key`;
