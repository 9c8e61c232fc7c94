//! A line diff of two APL texts: the longest common subsequence of their lines.

use crate::model::{DiffLine, DiffOp};

/// Above this many line pairs the LCS table is not built; the differing middle (after the
/// common first and last lines) is shown as removed then added instead.
const MAX_CELLS: usize = 4_000_000;

/// The lines of `new` against `old`: kept, added and removed, in reading order.
pub fn lines(old: &str, new: &str) -> Vec<DiffLine> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    // Common first and last lines need no table.
    let head = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (ma, mb) = (&a[head..a.len() - tail], &b[head..b.len() - tail]);
    let line = |op, text: &str| DiffLine {
        op,
        text: text.to_string(),
    };
    let mut out: Vec<DiffLine> = a[..head].iter().map(|t| line(DiffOp::Same, t)).collect();
    if ma.len().saturating_mul(mb.len()) > MAX_CELLS {
        out.extend(ma.iter().map(|t| line(DiffOp::Removed, t)));
        out.extend(mb.iter().map(|t| line(DiffOp::Added, t)));
    } else {
        out.extend(middle(ma, mb));
    }
    out.extend(a[a.len() - tail..].iter().map(|t| line(DiffOp::Same, t)));
    out
}

/// The LCS diff of two line lists (table of suffix LCS lengths, then one walk).
fn middle(a: &[&str], b: &[&str]) -> Vec<DiffLine> {
    let (n, m) = (a.len(), b.len());
    let w = m + 1;
    let mut lcs = vec![0u32; (n + 1) * w];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i * w + j] = if a[i] == b[j] {
                lcs[(i + 1) * w + j + 1] + 1
            } else {
                lcs[(i + 1) * w + j].max(lcs[i * w + j + 1])
            };
        }
    }
    let mut out = Vec::with_capacity(n + m);
    let (mut i, mut j) = (0, 0);
    let push = |out: &mut Vec<DiffLine>, op, text: &str| {
        out.push(DiffLine {
            op,
            text: text.to_string(),
        })
    };
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            push(&mut out, DiffOp::Same, a[i]);
            i += 1;
            j += 1;
        } else if i < n && (j == m || lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) {
            push(&mut out, DiffOp::Removed, a[i]);
            i += 1;
        } else {
            push(&mut out, DiffOp::Added, b[j]);
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(d: &[DiffLine]) -> String {
        d.iter()
            .map(|l| {
                let mark = match l.op {
                    DiffOp::Same => ' ',
                    DiffOp::Added => '+',
                    DiffOp::Removed => '-',
                };
                format!("{mark}{}", l.text)
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn a_changed_line_is_removed_then_added() {
        let old = "actions=a\nactions+=/b\nactions+=/c";
        let new = "actions=a\nactions+=/x\nactions+=/c\nactions+=/d";
        assert_eq!(
            show(&lines(old, new)),
            " actions=a\n-actions+=/b\n+actions+=/x\n actions+=/c\n+actions+=/d"
        );
    }

    #[test]
    fn equal_and_empty_texts() {
        assert!(lines("a\nb", "a\nb").iter().all(|l| l.op == DiffOp::Same));
        assert_eq!(show(&lines("", "a")), "+a");
        assert_eq!(show(&lines("a", "")), "-a");
    }

    #[test]
    fn moved_lines_keep_the_longest_common_run() {
        let d = lines("a\nb\nc\nd", "b\nc\nd\na");
        assert_eq!(show(&d), "-a\n b\n c\n d\n+a");
    }
}
