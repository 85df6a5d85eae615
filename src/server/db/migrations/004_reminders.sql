-- An optional e-mail address for meeting reminders, sealed like all personal text.
ALTER TABLE users ADD COLUMN email bytea;
