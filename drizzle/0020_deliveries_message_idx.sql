-- The bot asks whether a message it sent to a chat was a job's notification (deliveries: recipient chat:<id> or
-- card:<id>, result message:<id>): a reply under it while a question waits is about that notice, not the answer.
CREATE INDEX `deliveries_recipient_result_idx` ON `deliveries` (`recipient`,`result`);