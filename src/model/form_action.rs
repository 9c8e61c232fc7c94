//! The one-button forms a page posts without JavaScript (retry, sim again, share, fork): where
//! each posts, and what the page it returns to says when the server refused it. A refusal comes
//! back as `?refused=<action>.<CODE>` on that page, and the page shows a fixed sentence for it
//! (never text taken from the address, which anyone can write).

use super::{ErrorCode, MAX_SHARES_PER_PLAYER};

/// A one-button form on a result or rotation page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormAction {
    /// Retry a failed or cancelled job with a new seed.
    Retry,
    /// Run exactly what a job ran again.
    Again,
    /// Create a share link of a completed job.
    Share,
    /// Copy a rotation into a new one of the player's.
    Fork,
}

impl FormAction {
    const ALL: [FormAction; 4] = [
        FormAction::Retry,
        FormAction::Again,
        FormAction::Share,
        FormAction::Fork,
    ];

    /// The name in a path and in `?refused=`.
    pub fn as_str(self) -> &'static str {
        match self {
            FormAction::Retry => "retry",
            FormAction::Again => "again",
            FormAction::Share => "share",
            FormAction::Fork => "fork",
        }
    }

    /// Where the form posts, for job or rotation `id`.
    pub fn path(self, id: &str) -> String {
        match self {
            FormAction::Fork => format!("/rotations/{id}/fork"),
            _ => format!("/simulate/results/{id}/{}", self.as_str()),
        }
    }

    /// The `refused` query value for this action refused with `code`.
    pub fn refusal(self, code: ErrorCode) -> String {
        format!("{}.{}", self.as_str(), code.as_str())
    }

    /// What a page says for the `refused` query value `value` (`None` when it names no known
    /// action and code: such a value is ignored).
    pub fn refusal_message(value: &str) -> Option<String> {
        let (action, code) = value.split_once('.')?;
        let action = FormAction::ALL.into_iter().find(|a| a.as_str() == action)?;
        let code = ErrorCode::parse(code)?;
        Some(match (action, code) {
            (FormAction::Share, ErrorCode::Conflict) => {
                return Some(format!(
                    "No link was made: only a completed simulation can be shared, and you may have at most {MAX_SHARES_PER_PLAYER} live links (revoke some first)."
                ));
            }
            (_, ErrorCode::RateLimited) => {
                "Not started: too many simulations were started in the last minute. Wait a moment and try again."
            }
            (_, ErrorCode::TooManyJobs) => {
                "Not started: you already have the most simulations waiting. Try again when one has finished."
            }
            (_, ErrorCode::Unavailable) => {
                "The server cannot take this now (its queue is full or it is restarting). Try again shortly."
            }
            (_, ErrorCode::DatabaseUnavailable) => {
                "The database is temporarily unavailable. Nothing was changed; try again in a moment."
            }
            (FormAction::Retry, ErrorCode::Conflict) => {
                "Only a failed or cancelled simulation can be retried."
            }
            (_, ErrorCode::Conflict) => {
                "This simulation was stored by an older version of Rotasim and cannot be run again."
            }
            (FormAction::Fork, ErrorCode::NotFound) => "That rotation no longer exists.",
            (_, ErrorCode::NotFound) => "That simulation no longer exists.",
            (FormAction::Fork, _) => "The rotation could not be copied. Try again.",
            (FormAction::Share, _) => "No link was made. Try again.",
            _ => "Not started. Try again.",
        }
        .to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_round_trips_to_its_sentence() {
        let v = FormAction::Share.refusal(ErrorCode::Conflict);
        assert_eq!(v, "share.CONFLICT");
        assert!(FormAction::refusal_message(&v)
            .unwrap()
            .contains(&format!("{MAX_SHARES_PER_PLAYER} live links")));
        let v = FormAction::Retry.refusal(ErrorCode::RateLimited);
        assert!(FormAction::refusal_message(&v)
            .unwrap()
            .contains("too many"));
    }

    #[test]
    fn made_up_values_say_nothing() {
        for v in [
            "",
            "share",
            "share.",
            "share.PWNED",
            "nope.CONFLICT",
            "<b>.CONFLICT",
        ] {
            assert_eq!(FormAction::refusal_message(v), None, "{v}");
        }
    }

    #[test]
    fn paths() {
        assert_eq!(FormAction::Retry.path("abc"), "/simulate/results/abc/retry");
        assert_eq!(FormAction::Fork.path("r1"), "/rotations/r1/fork");
    }
}
