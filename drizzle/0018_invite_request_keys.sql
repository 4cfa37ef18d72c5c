-- An invite made from a bot message is keyed by it (tg:invite:<chat>:<message>): a double tap of the role button,
-- two presses delivered at once, found the first link and made no second one. Older links have no key.
ALTER TABLE `invites` ADD `request_key` text;--> statement-breakpoint
CREATE UNIQUE INDEX `invites_request_key_unique` ON `invites` (`family_id`,`request_key`) WHERE "invites"."request_key" IS NOT NULL;