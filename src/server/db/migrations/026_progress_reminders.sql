-- Issue 16, item 3: an optional reminder in the app, between meetings. The citizen chooses a day
-- to be reminded to look at how the meeting's decisions are going; from that Danish date on, their
-- home page says so until they mark progress or take the reminder away. Only a date: no text.
-- Kept as an ISO date in text (sorts like a date): pg and PGlite would turn a date column into a
-- JavaScript Date at the server's midnight, and "today" here is always the Danish date.
ALTER TABLE meetings ADD COLUMN progress_reminder_on text CHECK (progress_reminder_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$');
