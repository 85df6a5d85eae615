-- Whether the citizen has answered the check-in for a meeting. Only the fact: the answer
-- itself is anonymous and is not linked to the meeting.
ALTER TABLE meetings ADD COLUMN check_in_done boolean NOT NULL DEFAULT false;
