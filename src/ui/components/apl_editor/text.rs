//! Positions in the rotation text: the engine's 1-based line:column (columns count characters),
//! the textarea's selection offsets (UTF-16 code units) and byte indices; splitting the text into
//! plain and marked stretches for the overlay; edits (replace a span, insert at the cursor).

use rotasim_engine::apl::AplError;

/// Byte index of 1-based `line`:`column` (characters) in `text`, clamped to the line's end and
/// to the text's end.
pub fn byte_at(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line.max(1) {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    text[start..line_end]
        .char_indices()
        .nth(column.max(1) - 1)
        .map_or(line_end, |(i, _)| start + i)
}

/// The byte range of an error's span in `text` (empty for a point; clamped when the text has
/// changed since the check).
pub fn span_bytes(text: &str, e: &AplError) -> (usize, usize) {
    let start = byte_at(text, e.line, e.column);
    let end = byte_at(text, e.end_line, e.end_column).max(start);
    (start, end)
}

/// The textarea offset (UTF-16 code units) of byte index `byte`.
pub fn utf16_at(text: &str, byte: usize) -> u32 {
    text[..byte.min(text.len())].encode_utf16().count() as u32
}

/// The byte index of textarea offset `offset` (UTF-16 code units), clamped to the text.
pub fn byte_of_utf16(text: &str, offset: u32) -> usize {
    let mut units = 0u32;
    for (i, c) in text.char_indices() {
        if units >= offset {
            return i;
        }
        units += c.len_utf16() as u32;
    }
    text.len()
}

/// `text` with bytes `start..end` replaced by `by`.
pub fn splice(text: &str, start: usize, end: usize, by: &str) -> String {
    let mut out = String::with_capacity(text.len() + by.len());
    out.push_str(&text[..start]);
    out.push_str(by);
    out.push_str(&text[end..]);
    out
}

/// A stretch of the text in the overlay: plain, or marked as (part of) error `error`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stretch {
    pub text: String,
    /// Index of the error in the check's list.
    pub error: Option<usize>,
}

/// `text` cut into plain and marked stretches, in order; a point error (empty span) marks the
/// character after it, or is an empty marked stretch at a line's end. Overlapping spans: the
/// first one wins.
pub fn stretches(text: &str, errors: &[AplError]) -> Vec<Stretch> {
    let mut spans: Vec<(usize, usize, usize)> = errors
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let (start, mut end) = span_bytes(text, e);
            if end == start {
                if let Some(c) = text[start..].chars().next().filter(|c| *c != '\n') {
                    end = start + c.len_utf8();
                }
            }
            (start, end, i)
        })
        .collect();
    spans.sort_by_key(|s| (s.0, s.2));
    let mut out = Vec::with_capacity(2 * spans.len() + 1);
    let mut at = 0;
    for (start, end, i) in spans {
        if start < at {
            continue;
        }
        if start > at {
            out.push(Stretch {
                text: text[at..start].to_string(),
                error: None,
            });
        }
        out.push(Stretch {
            text: text[start..end].to_string(),
            error: Some(i),
        });
        at = end;
    }
    if at < text.len() || out.is_empty() {
        out.push(Stretch {
            text: text[at..].to_string(),
            error: None,
        });
    }
    out
}

/// How many lines the text has (an empty text, and a text ending in a newline, have one more).
pub fn line_count(text: &str) -> usize {
    text.bytes().filter(|b| *b == b'\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(line: usize, column: usize, end_line: usize, end_column: usize) -> AplError {
        AplError {
            line,
            column,
            end_line,
            end_column,
            message: "m".into(),
            hint: None,
            suggestion: None,
        }
    }

    #[test]
    fn positions_count_characters_and_utf16_units() {
        let t = "ab\nçd𝄞e\n";
        assert_eq!(byte_at(t, 1, 1), 0);
        assert_eq!(byte_at(t, 2, 1), 3);
        assert_eq!(byte_at(t, 2, 3), 6);
        assert_eq!(byte_at(t, 2, 4), 10);
        assert_eq!(byte_at(t, 2, 99), 11);
        assert_eq!(byte_at(t, 9, 1), t.len());
        assert_eq!(utf16_at(t, 10), 7);
        assert_eq!(byte_of_utf16(t, 7), 10);
        assert_eq!(byte_of_utf16(t, 99), t.len());
    }

    #[test]
    fn stretches_mark_spans_and_points() {
        let t = "actions=x\nactions+=/y,if=z";
        let s = stretches(t, &[err(1, 9, 1, 10), err(2, 19, 2, 19)]);
        let parts: Vec<_> = s.iter().map(|s| (s.text.as_str(), s.error)).collect();
        assert_eq!(
            parts,
            [
                ("actions=", None),
                ("x", Some(0)),
                ("\nactions+=/y,if=z", None),
                ("", Some(1)),
            ]
        );
        assert_eq!(
            stretches("", &[]),
            [Stretch {
                text: String::new(),
                error: None
            }]
        );
        assert_eq!(splice("fire_blsat", 0, 10, "fire_blast"), "fire_blast");
        assert_eq!(line_count("a\nb\n"), 3);
    }
}
