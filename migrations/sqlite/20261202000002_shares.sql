-- Share links: `share_tokens.token` holds the SHA-256 (hex) of the link's token, never the token.
-- The per-player cap counts live links; a shared page finds its job by the job's result.
CREATE INDEX idx_share_tokens_user_live ON share_tokens(user_id) WHERE revoked_at IS NULL;
CREATE INDEX idx_jobs_result ON simulation_jobs(result_id) WHERE result_id IS NOT NULL;
