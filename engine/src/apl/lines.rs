//! Reading a rotation's text into action lists: `actions=`, `actions+=/`, `actions.NAME=`, each
//! action split into its name and `key=value` options, every piece with its span.
//!
//! Recovery: a line that is not an action list assignment is reported and skipped; a list
//! assigned twice is reported and appended to; an empty action name or an option without a value
//! is reported and skipped; the rest of the text is read on.

use super::error::{AplError, Errors, Pos, Span};

/// Largest APL text accepted (bytes).
pub const MAX_APL_BYTES: usize = 64 * 1024;
/// Most actions across all lists.
pub const MAX_ACTIONS: usize = 512;

/// A piece of the text, trimmed, and where it is.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Field<'t> {
    pub text: &'t str,
    pub span: Span,
}

impl<'t> Field<'t> {
    /// `raw` written at `pos`, without its surrounding whitespace (an empty field is the point
    /// `pos`).
    fn trimmed(raw: &'t str, pos: Pos) -> Field<'t> {
        let text = raw.trim();
        if text.is_empty() {
            return Field {
                text,
                span: pos.span(0),
            };
        }
        let lead = raw.chars().count() - raw.trim_start().chars().count();
        Field {
            text,
            span: pos.shift(lead).span(text.chars().count()),
        }
    }
}

impl<'t> Field<'t> {
    /// The part of this field after its first `chars` characters (`min:` of `min:EXPR`).
    pub fn after(self, chars: usize) -> Field<'t> {
        let start = self
            .text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(i, _)| i);
        let pos = self.span.start.shift(chars);
        Field {
            text: &self.text[start..],
            span: Span {
                start: pos,
                end: self.span.end,
            },
        }
    }
}

/// An option `key=value` of an action.
pub(super) struct RawOpt<'t> {
    pub key: Field<'t>,
    pub value: Field<'t>,
}

/// One action as written, before its name and options are understood.
pub(super) struct RawAction<'t> {
    /// Index of its list.
    pub list: usize,
    pub name: Field<'t>,
    pub opts: Vec<RawOpt<'t>>,
    /// 1-based line.
    pub line: usize,
}

impl<'t> RawAction<'t> {
    /// The value of option `key` (the last one when given twice).
    pub fn opt(&self, key: &str) -> Option<Field<'t>> {
        self.opts
            .iter()
            .rev()
            .find(|o| o.key.text == key)
            .map(|o| o.value)
    }

    /// The action as written, normalised: `name,key=value,…`.
    pub fn text(&self) -> String {
        let mut out = self.name.text.to_string();
        for o in &self.opts {
            out.push(',');
            out.push_str(o.key.text);
            out.push('=');
            out.push_str(o.value.text);
        }
        out
    }
}

/// The lists of a rotation's text.
pub(super) struct Lines<'t> {
    /// List names in order of first appearance (`default` for `actions=`).
    pub list_names: Vec<String>,
    /// Where each list is first assigned (the `actions.NAME` before `=`).
    pub list_pos: Vec<Span>,
    /// Every action, in text order.
    pub raw: Vec<RawAction<'t>>,
    /// Per list, whether it had a piece that could not be read as an action.
    pub faulty: Vec<bool>,
    /// Whether some text was not read as actions (a line that assigns no list, or everything
    /// past a limit): a list may be missing because of it.
    pub incomplete: bool,
}

/// Splits `text` into action lists and raw actions; what is not understood goes to `errors`.
pub(super) fn read<'t>(text: &'t str, errors: &mut Errors) -> Lines<'t> {
    let mut out = Lines {
        list_names: Vec::new(),
        list_pos: Vec::new(),
        raw: Vec::new(),
        faulty: Vec::new(),
        incomplete: false,
    };
    if text.len() > MAX_APL_BYTES {
        let first = text.lines().next().unwrap_or("");
        let span = Pos { line: 1, column: 1 }.span(first.chars().count());
        errors.push(AplError::new(
            span,
            format!(
                "rotation is {} bytes; the limit is {MAX_APL_BYTES}",
                text.len()
            ),
        ));
        out.incomplete = true;
        return out;
    }
    for (li, line) in text.lines().enumerate() {
        if let Err(e) = read_line(&mut out, li + 1, line, errors) {
            errors.push(e);
            out.incomplete = true;
        }
        if out.raw.len() > MAX_ACTIONS {
            out.raw.truncate(MAX_ACTIONS);
            break;
        }
    }
    out
}

/// Reads one line into `out`; an error that stops reading the line is returned.
fn read_line<'t>(
    out: &mut Lines<'t>,
    lineno: usize,
    line: &'t str,
    errors: &mut Errors,
) -> Result<(), AplError> {
    let trimmed = line.trim_start();
    let indent = line.chars().count() - trimmed.chars().count();
    let trimmed = trimmed.trim_end();
    if trimmed.is_empty() || trimmed.starts_with('#') {
        return Ok(());
    }
    let at = |chars: usize| Pos {
        line: lineno,
        column: 1 + indent + chars,
    };
    let Some(eq) = trimmed.find('=') else {
        return Err(AplError::new(
            at(0).span(trimmed.chars().count()),
            "expected 'actions=…' or 'actions+=/…'",
        )
        .with_hint(Some("every line assigns to an action list".into())));
    };
    let (head, append) = match trimmed[..eq].strip_suffix('+') {
        Some(h) => (h.trim_end(), true),
        None => (trimmed[..eq].trim_end(), false),
    };
    let head_span = at(0).span(head.chars().count());
    let list_name = match head {
        "actions" => "default",
        h => match h.strip_prefix("actions.") {
            Some(n)
                if !n.is_empty() && n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') =>
            {
                n
            }
            _ => {
                return Err(
                    AplError::new(head_span, format!("'{h}' is not an action list")).with_hint(
                        Some("write actions=…, actions+=/…, or actions.NAME=…".into()),
                    ),
                )
            }
        },
    };
    let list = match out.list_names.iter().position(|n| n == list_name) {
        Some(i) => {
            if !append {
                errors.push(
                    AplError::new(
                        head_span,
                        format!("action list '{list_name}' is assigned twice"),
                    )
                    .with_hint(Some("use += to append".into())),
                );
            }
            i
        }
        None => {
            out.list_names.push(list_name.to_string());
            out.list_pos.push(head_span);
            out.faulty.push(false);
            out.list_names.len() - 1
        }
    };
    // Value: actions separated by '/'.
    let value_start = eq + 1;
    let mut offset = trimmed[..value_start].chars().count();
    for piece in trimmed[value_start..].split('/') {
        let piece_pos = at(offset);
        offset += piece.chars().count() + 1;
        if piece.trim().is_empty() {
            continue;
        }
        match read_action(list, lineno, piece, piece_pos, errors) {
            Some(action) => out.raw.push(action),
            None => out.faulty[list] = true,
        }
        if out.raw.len() > MAX_ACTIONS {
            let name = out.raw[MAX_ACTIONS].name.span;
            return Err(AplError::new(
                name,
                format!("more than {MAX_ACTIONS} actions"),
            ));
        }
    }
    Ok(())
}

/// Reads `name,key=value,…` written at `pos`.
fn read_action<'t>(
    list: usize,
    line: usize,
    piece: &'t str,
    pos: Pos,
    errors: &mut Errors,
) -> Option<RawAction<'t>> {
    let mut fields = piece.split(',');
    let name_text = fields.next().unwrap_or("");
    let mut off = name_text.chars().count() + 1;
    let name = Field::trimmed(name_text, pos);
    if name.text.is_empty() {
        let piece = Field::trimmed(piece, pos);
        errors.push(AplError::new(piece.span, "empty action name"));
        return None;
    }
    let mut opts = Vec::new();
    for field in fields {
        let field_pos = pos.shift(off);
        off += field.chars().count() + 1;
        let Some(e) = field.find('=') else {
            errors.push(
                AplError::new(
                    field_pos.span(field.chars().count()),
                    format!("option '{}' has no value", field.trim()),
                )
                .with_hint(Some(
                    "options are written key=value, e.g. if=buff.x.up".into(),
                )),
            );
            continue;
        };
        let key = Field::trimmed(&field[..e], field_pos);
        let value_pos = field_pos.shift(field[..=e].chars().count());
        opts.push(RawOpt {
            key,
            value: Field::trimmed(&field[e + 1..], value_pos),
        });
    }
    Some(RawAction {
        list,
        name,
        opts,
        line,
    })
}
