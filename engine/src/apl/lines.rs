//! Reading a rotation's text into action lists: `actions=`, `actions+=/`, `actions.NAME=`, each
//! action split into its name and `key=value` options, every piece with its line:column.

use super::error::{AplError, Pos};

/// Largest APL text accepted (bytes).
pub const MAX_APL_BYTES: usize = 64 * 1024;
/// Most actions across all lists.
pub const MAX_ACTIONS: usize = 512;

/// One action as written, before its name and options are understood.
pub(super) struct RawAction<'t> {
    /// Index of its list.
    pub list: usize,
    pub name: &'t str,
    pub name_pos: Pos,
    /// Options: key, key position, value, value position.
    pub opts: Vec<(&'t str, Pos, &'t str, Pos)>,
    /// 1-based line.
    pub line: usize,
}

/// The lists of a rotation's text.
pub(super) struct Lines<'t> {
    /// List names in order of first appearance (`default` for `actions=`).
    pub list_names: Vec<String>,
    /// Where each list is first assigned.
    pub list_pos: Vec<Pos>,
    /// Every action, in text order.
    pub raw: Vec<RawAction<'t>>,
}

/// Splits `text` into action lists and raw actions; rejects what is not an action list line.
pub(super) fn read(text: &str) -> Result<Lines<'_>, AplError> {
    let origin = Pos { line: 1, column: 1 };
    if text.len() > MAX_APL_BYTES {
        return Err(AplError::new(
            origin,
            format!(
                "rotation is {} bytes; the limit is {MAX_APL_BYTES}",
                text.len()
            ),
        ));
    }
    let mut list_names: Vec<String> = Vec::new();
    let mut list_pos: Vec<Pos> = Vec::new();
    let mut raw: Vec<RawAction> = Vec::new();

    for (li, line) in text.lines().enumerate() {
        let lineno = li + 1;
        let trimmed = line.trim_start();
        let indent = line.chars().count() - trimmed.chars().count();
        let trimmed = trimmed.trim_end();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let at = |chars: usize| Pos {
            line: lineno,
            column: 1 + indent + chars,
        };
        let Some(eq) = trimmed.find('=') else {
            return Err(
                AplError::new(at(0), "expected 'actions=…' or 'actions+=/…'")
                    .with_hint(Some("every line assigns to an action list".into())),
            );
        };
        let (head, append) = match trimmed[..eq].strip_suffix('+') {
            Some(h) => (h, true),
            None => (&trimmed[..eq], false),
        };
        let list_name = match head.trim_end() {
            "actions" => "default",
            h => match h.strip_prefix("actions.") {
                Some(n)
                    if !n.is_empty()
                        && n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') =>
                {
                    n
                }
                _ => {
                    return Err(AplError::new(at(0), format!("'{h}' is not an action list"))
                        .with_hint(Some(
                            "write actions=…, actions+=/…, or actions.NAME=…".into(),
                        )))
                }
            },
        };
        let list = match list_names.iter().position(|n| n == list_name) {
            Some(i) => {
                if !append {
                    return Err(AplError::new(
                        at(0),
                        format!("action list '{list_name}' is assigned twice"),
                    )
                    .with_hint(Some("use += to append".into())));
                }
                i
            }
            None => {
                list_names.push(list_name.to_string());
                list_pos.push(at(0));
                list_names.len() - 1
            }
        };
        // Value: actions separated by '/'.
        let value_start = eq + 1;
        let value = &trimmed[value_start..];
        let mut offset = trimmed[..value_start].chars().count();
        for piece in value.split('/') {
            let piece_chars = piece.chars().count();
            let piece_off = offset;
            offset += piece_chars + 1;
            if piece.trim().is_empty() {
                continue;
            }
            let mut fields = Vec::new();
            let mut foff = piece_off;
            for field in piece.split(',') {
                fields.push((field, foff));
                foff += field.chars().count() + 1;
            }
            let (name_text, name_off) = fields[0];
            let lead = name_text.chars().count() - name_text.trim_start().chars().count();
            let name = name_text.trim();
            let name_pos = at(name_off + lead);
            if name.is_empty() {
                return Err(AplError::new(name_pos, "empty action name"));
            }
            let mut opts = Vec::new();
            for &(field, off) in &fields[1..] {
                let Some(e) = field.find('=') else {
                    return Err(AplError::new(
                        at(off),
                        format!("option '{}' has no value", field.trim()),
                    )
                    .with_hint(Some(
                        "options are written key=value, e.g. if=buff.x.up".into(),
                    )));
                };
                let key = field[..e].trim();
                let key_lead = field[..e].chars().count() - field[..e].trim_start().chars().count();
                let val = &field[e + 1..];
                let val_off = off + field[..e + 1].chars().count();
                opts.push((key, at(off + key_lead), val, at(val_off)));
            }
            raw.push(RawAction {
                list,
                name,
                name_pos,
                opts,
                line: lineno,
            });
            if raw.len() > MAX_ACTIONS {
                return Err(AplError::new(
                    name_pos,
                    format!("more than {MAX_ACTIONS} actions"),
                ));
            }
        }
    }
    Ok(Lines {
        list_names,
        list_pos,
        raw,
    })
}
