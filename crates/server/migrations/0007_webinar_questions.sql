-- Questions a marketer adds to a series' form, and the answers stored with each registration.
ALTER TABLE webinar_series ADD COLUMN questions TEXT NOT NULL DEFAULT '[]';
ALTER TABLE webinar_registrations ADD COLUMN answers TEXT NOT NULL DEFAULT '[]';
