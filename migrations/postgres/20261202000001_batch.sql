-- Batches: one job simulates 2–12 variants on the same iterations (common random numbers).
-- `variants` is what each variant ran (label, rotation then, its engine configuration); `config`
-- stays the baseline's (the first variant). The result keeps every variant's statistics and
-- their paired differences to the baseline in `batch`; its report is the baseline's.
ALTER TABLE simulation_jobs ADD COLUMN variants JSONB;
ALTER TABLE simulation_jobs ADD COLUMN variant_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rotation_sim_results ADD COLUMN batch JSONB;
