-- The history's filters: each equality filter has an index that starts with the owner and ends
-- with the page order, so a filtered page is read in order from the cursor and stops after one
-- page, as the unfiltered one is with idx_jobs_user_created. A date range is a range on that
-- index's created_at; the name search filters the rows the chosen index walks.
CREATE INDEX idx_jobs_user_status_created ON simulation_jobs(user_id, status, created_at DESC, id DESC);
CREATE INDEX idx_jobs_user_spec_created ON simulation_jobs(user_id, spec_id, created_at DESC, id DESC);
CREATE INDEX idx_jobs_user_fight_created ON simulation_jobs(user_id, fight_type, created_at DESC, id DESC);
CREATE INDEX idx_jobs_user_rotation_created ON simulation_jobs(user_id, rotation_id, created_at DESC, id DESC);
