-- A Message-ID chosen when the mail is queued: if the server dies after the relay took a mail
-- and before the send was recorded, the copy sent again is the same message to the receiver
-- (mail systems drop a repeated Message-ID), not a second one.
ALTER TABLE mail_queue ADD COLUMN message_id TEXT;
