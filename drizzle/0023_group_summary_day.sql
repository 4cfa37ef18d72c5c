-- The family's day the pinned group summary counts as today: the jobs refresh the summary once at the
-- family's midnight (a claim on this column), so it never names yesterday until the next entry.
ALTER TABLE `family_groups` ADD `summary_day` text;
