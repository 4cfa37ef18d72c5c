-- Fewer b-trees written per entry (every page a write is a WAL frame: two system calls and a share of the fsync).
-- Only an account merge looks events up by actor, once per person; it scans the log (src/domain/auth/merge.ts).
DROP INDEX `event_log_actor_idx`;--> statement-breakpoint
-- A claim and its finish each moved an entry here; pruning now walks update ids a chunk at a time (retention.ts).
DROP INDEX `processed_updates_at_idx`;--> statement-breakpoint
-- The bot's key/value rows live in their key's b-tree: one b-tree a write instead of the table and its key index.
CREATE TABLE `bot_sessions_0015` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL
) WITHOUT ROWID;--> statement-breakpoint
INSERT INTO `bot_sessions_0015` (`key`, `value`, `updated_at`) SELECT `key`, `value`, `updated_at` FROM `bot_sessions`;--> statement-breakpoint
DROP TABLE `bot_sessions`;--> statement-breakpoint
ALTER TABLE `bot_sessions_0015` RENAME TO `bot_sessions`;
