//! APL errors: a span of the text, a message and, where one exists, a suggestion; and the list a
//! compilation collects them in.

use serde::{Deserialize, Serialize};

/// A rotation that does not compile: where and why. On the wire (serde) its fields are
/// `line, column, endLine, endColumn, message, hint` and, when there is one, `suggestion`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[error("{line}:{column}: {message}{}", hint.as_ref().map(|h| format!(" ({h})")).unwrap_or_default())]
pub struct AplError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// 1-based line where the offending text ends.
    pub end_line: usize,
    /// 1-based column just after the offending text (exclusive; equal to `column` when the
    /// error is about something missing at a point, e.g. an empty expression).
    pub end_column: usize,
    /// What is wrong.
    pub message: String,
    /// A suggestion, e.g. "did you mean 'fireball'?".
    #[serde(default)]
    pub hint: Option<String>,
    /// The text to put in place of the span (from `line:column` to `endLine:endColumn`) when
    /// the hint is a did-you-mean, e.g. `buff.hot_streak.up` for `buff.hot_streek.up`: what an
    /// editor's one-click fix applies. Absent on the wire when there is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
}

impl AplError {
    pub(crate) fn new(span: Span, message: impl Into<String>) -> Self {
        AplError {
            line: span.start.line,
            column: span.start.column,
            end_line: span.end.line,
            end_column: span.end.column,
            message: message.into(),
            hint: None,
            suggestion: None,
        }
    }

    /// When a closest name was found: the hint "did you mean 'NAME'?" and, as the suggestion,
    /// `fix(NAME)`, the whole replacement of the error's span. Without one, nothing changes.
    pub(crate) fn did_you_mean(
        mut self,
        closest: Option<&str>,
        fix: impl FnOnce(&str) -> String,
    ) -> Self {
        if let Some(name) = closest {
            self.hint = Some(did_you_mean(name));
            self.suggestion = Some(fix(name));
        }
        self
    }

    pub(crate) fn with_hint(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }

    fn start(&self) -> (usize, usize) {
        (self.line, self.column)
    }
}

/// A position in the APL text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Pos {
    pub fn shift(self, chars: usize) -> Pos {
        Pos {
            line: self.line,
            column: self.column + chars,
        }
    }

    /// The `chars` characters from here.
    pub fn span(self, chars: usize) -> Span {
        Span {
            start: self,
            end: self.shift(chars),
        }
    }
}

/// A stretch of the APL text: `start` up to, not including, `end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    pub start: Pos,
    pub end: Pos,
}

/// Most errors one compilation reports; the last one then says how many more there were.
pub const MAX_ERRORS: usize = 100;

/// The errors of one compilation, collected in any order.
#[derive(Debug, Default)]
pub(crate) struct Errors {
    list: Vec<AplError>,
}

impl Errors {
    pub fn push(&mut self, e: AplError) {
        self.list.push(e);
    }

    /// How many have been pushed (to tell whether a step added any).
    pub fn count(&self) -> usize {
        self.list.len()
    }

    /// The errors in text order (errors at the same place in the order they were found), each
    /// once, at most [`MAX_ERRORS`] of them.
    pub fn finish(self) -> Vec<AplError> {
        let mut sorted = self.list;
        sorted.sort_by_key(AplError::start);
        let mut list: Vec<AplError> = Vec::with_capacity(sorted.len());
        let mut group = 0; // where the errors at the current start begin
        for e in sorted {
            if list.last().map(AplError::start) != Some(e.start()) {
                group = list.len();
            }
            if !list[group..].contains(&e) {
                list.push(e);
            }
        }
        if list.len() > MAX_ERRORS {
            let more = list.len() - (MAX_ERRORS - 1);
            list.truncate(MAX_ERRORS);
            let last = &mut list[MAX_ERRORS - 1];
            last.message = format!("…and {more} more errors");
            last.hint = Some("fix the errors above first".into());
            last.suggestion = None;
        }
        list
    }
}

/// "did you mean 'x'?" for the closest candidate within a small edit distance.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    closest(word, candidates).map(did_you_mean)
}

fn did_you_mean(name: &str) -> String {
    format!("did you mean '{name}'?")
}

/// The candidate closest to `word` within a small edit distance (ties: the shorter one).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).clamp(1, 3);
    let word: Vec<char> = word.chars().take(64).collect();
    let mut other = Vec::new();
    candidates
        .into_iter()
        .filter_map(|c| {
            other.clear();
            other.extend(c.chars().take(64));
            // The distance is at least the difference in length.
            if word.len().abs_diff(other.len()) > limit {
                return None;
            }
            Some((distance(&word, &other), c))
        })
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, c.len()))
        .map(|(_, c)| c)
}

/// Optimal-string-alignment edit distance (adjacent swaps count once), three rows at a time.
fn distance(a: &[char], b: &[char]) -> usize {
    let w = b.len() + 1;
    let mut rows = vec![0usize; 3 * w];
    for (j, cell) in rows[..w].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        // Rows i, i - 1 and i - 2, modulo 3.
        let (cur, up, up2) = ((i % 3) * w, ((i + 2) % 3) * w, ((i + 1) % 3) * w);
        rows[cur] = i;
        for j in 1..w {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[up + j] + 1)
                .min(rows[cur + j - 1] + 1)
                .min(rows[up + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[up2 + j - 2] + 1);
            }
            rows[cur + j] = d;
        }
    }
    rows[(a.len() % 3) * w + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_pick_the_closest_name() {
        assert_eq!(
            suggest("firebal", ["fireball", "fire_blast", "pyroblast"]),
            Some("did you mean 'fireball'?".into())
        );
        assert_eq!(suggest("frostbolt", ["fireball", "pyroblast"]), None);
        assert_eq!(
            suggest("flie", ["file"]),
            Some("did you mean 'file'?".into())
        );
    }

    #[test]
    fn distances_count_edits_and_swaps() {
        let d = |a: &str, b: &str| {
            let chars = |s: &str| s.chars().collect::<Vec<_>>();
            distance(&chars(a), &chars(b))
        };
        assert_eq!(d("", ""), 0);
        assert_eq!(d("abc", ""), 3);
        assert_eq!(d("", "ab"), 2);
        assert_eq!(d("firebal", "fireball"), 1);
        assert_eq!(d("flie", "file"), 1);
        assert_eq!(d("hot_streek", "hot_streak"), 1);
        assert_eq!(d("kitten", "sitting"), 3);
        assert_eq!(d("ca", "abc"), 3);
        assert_eq!(d("pyroblast", "fireball"), 6);
    }

    #[test]
    fn errors_come_sorted_once_and_capped() {
        let at = |line, column| Pos { line, column }.span(1);
        let mut errors = Errors::default();
        for i in (1..=150).rev() {
            errors.push(AplError::new(at(i, 2), format!("e{i}")));
        }
        errors.push(AplError::new(at(1, 1), "first"));
        errors.push(AplError::new(at(1, 1), "second"));
        errors.push(AplError::new(at(1, 1), "first"));
        let list = errors.finish();
        assert_eq!(list.len(), MAX_ERRORS);
        assert_eq!(list[0].message, "first");
        assert_eq!(list[1].message, "second");
        assert_eq!(list[2].message, "e1");
        assert_eq!(list[MAX_ERRORS - 2].message, "e97");
        assert_eq!(list[MAX_ERRORS - 1].message, "…and 53 more errors");
    }
}
