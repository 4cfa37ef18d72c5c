-- The audit log clustered by family (#16): rows live in the b-tree of their key (family_id, id), so the
-- family's log newest first (listEvents' keyset pages, members.ts) reads that b-tree and every event writes
-- one b-tree instead of the table and event_log_family_idx.
--
-- id: allocated by the insert itself inside the write transaction, one more than the family's newest
-- (src/domain/events/events.ts), so ids grow within a family in the order events were written whichever
-- process writes; unique per family, not across families. Existing rows keep their ids.
--
-- family_id 0: an event outside any family (sign-ins, bindings, accounts: NULL before), as a key column cannot
-- be NULL. Family ids start at 1 (AUTOINCREMENT), so 0 is never a family's. A foreign key cannot allow 0 without
-- a family 0, so the triggers below keep what `REFERENCES families ON DELETE CASCADE` did: an event names an
-- existing family (or 0), and a family's deletion takes its events with it.
CREATE TABLE `event_log_0022` (
	`family_id` integer NOT NULL,
	`id` integer NOT NULL,
	`actor_user_id` integer,
	`action` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text NOT NULL,
	`payload` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY (`family_id`, `id`),
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
) WITHOUT ROWID;--> statement-breakpoint
INSERT INTO `event_log_0022` (`family_id`, `id`, `actor_user_id`, `action`, `entity_type`, `entity_id`, `payload`, `created_at`)
SELECT coalesce(`family_id`, 0), `id`, `actor_user_id`, `action`, `entity_type`, `entity_id`, `payload`, `created_at` FROM `event_log`;--> statement-breakpoint
DROP TABLE `event_log`;--> statement-breakpoint
ALTER TABLE `event_log_0022` RENAME TO `event_log`;--> statement-breakpoint
CREATE TRIGGER `event_log_family_exists` BEFORE INSERT ON `event_log`
WHEN NEW.`family_id` <> 0 AND NOT EXISTS (SELECT 1 FROM `families` WHERE `id` = NEW.`family_id`)
BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: event_log.family_id names no family'); END;--> statement-breakpoint
CREATE TRIGGER `event_log_family_exists_on_update` BEFORE UPDATE OF `family_id` ON `event_log`
WHEN NEW.`family_id` <> 0 AND NOT EXISTS (SELECT 1 FROM `families` WHERE `id` = NEW.`family_id`)
BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: event_log.family_id names no family'); END;--> statement-breakpoint
CREATE TRIGGER `families_delete_event_log` AFTER DELETE ON `families`
BEGIN DELETE FROM `event_log` WHERE `family_id` = OLD.`id`; END;
