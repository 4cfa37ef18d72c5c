-- The audit log clustered by family (#16): a family's events sit in one range of the table's own b-tree, so the
-- family's log newest first (listEvents' keyset pages, members.ts) reads that range and an event writes one b-tree
-- instead of the table and event_log_family_idx.
--
-- log_key: the rowid, family_id * 2^32 + id (a CHECK keeps the three together). A rowid b-tree, not WITHOUT ROWID
-- keyed (family_id, id): SQLite appends to a rowid table's last page and starts a new one when it is full, while an
-- index-shaped b-tree splits its pages in half; measured on ~150-byte events, 1.09 WAL frames an event against 1.69.
-- id: allocated by the insert itself inside the write transaction, one more than the family's newest
-- (src/domain/events/events.ts), so ids grow within a family in the order events were written whichever process
-- writes; unique per family, not across families (up to 2^32 - 1 events a family). Existing rows keep their ids.
--
-- family_id 0: an event outside any family (sign-ins, bindings, accounts: NULL before). Family ids start at 1
-- (AUTOINCREMENT), so 0 is never a family's; up to 2^21 - 1 families keep every key within 2^53 (JavaScript's exact
-- integers). A foreign key cannot allow 0 without a family 0, so the triggers below keep what `REFERENCES families
-- ON DELETE CASCADE` did: an event names an existing family (or 0), and a family's deletion takes its events with it.
CREATE TABLE `event_log_0022` (
	`log_key` integer PRIMARY KEY NOT NULL,
	`family_id` integer NOT NULL,
	`id` integer NOT NULL,
	`actor_user_id` integer,
	`action` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text NOT NULL,
	`payload` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT `event_log_key_is_family_and_id` CHECK (`family_id` BETWEEN 0 AND 2097151 AND `id` BETWEEN 1 AND 4294967295 AND `log_key` = `family_id` * 4294967296 + `id`)
);--> statement-breakpoint
INSERT INTO `event_log_0022` (`log_key`, `family_id`, `id`, `actor_user_id`, `action`, `entity_type`, `entity_id`, `payload`, `created_at`)
SELECT coalesce(`family_id`, 0) * 4294967296 + `id`, coalesce(`family_id`, 0), `id`, `actor_user_id`, `action`, `entity_type`, `entity_id`, `payload`, `created_at` FROM `event_log`;--> statement-breakpoint
DROP TABLE `event_log`;--> statement-breakpoint
ALTER TABLE `event_log_0022` RENAME TO `event_log`;--> statement-breakpoint
CREATE TRIGGER `event_log_family_exists` BEFORE INSERT ON `event_log`
WHEN NEW.`family_id` <> 0 AND NOT EXISTS (SELECT 1 FROM `families` WHERE `id` = NEW.`family_id`)
BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: event_log.family_id names no family'); END;--> statement-breakpoint
CREATE TRIGGER `event_log_family_exists_on_update` BEFORE UPDATE OF `family_id` ON `event_log`
WHEN NEW.`family_id` <> 0 AND NOT EXISTS (SELECT 1 FROM `families` WHERE `id` = NEW.`family_id`)
BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: event_log.family_id names no family'); END;--> statement-breakpoint
CREATE TRIGGER `families_delete_event_log` AFTER DELETE ON `families`
BEGIN DELETE FROM `event_log` WHERE `log_key` > OLD.`id` * 4294967296 AND `log_key` < (OLD.`id` + 1) * 4294967296; END;
