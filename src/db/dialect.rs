//! One SQL text for both databases: queries are written in PostgreSQL's flavour and rewritten
//! for SQLite here.

/// The SQL dialect of a repository.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// SQLite: casts dropped, timestamps stored as RFC 3339 text.
    Sqlite,
    /// PostgreSQL: native UUID, JSONB and TIMESTAMPTZ.
    Postgres,
}

impl Dialect {
    /// Rewrites PostgreSQL-flavoured SQL: on SQLite, `::type` casts are dropped, `{now}` becomes
    /// an RFC 3339 `strftime` and `{ts:col}` the stored text; on PostgreSQL `{now}` is `NOW()`
    /// and `{ts:col}` formats the timestamp as RFC 3339 UTC with microseconds (so keyset cursors
    /// built from it are exact).
    pub fn sql(self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 32);
        let mut rest = text;
        while let Some(i) = rest.find(['{', ':']) {
            out.push_str(&rest[..i]);
            rest = &rest[i..];
            if let Some(tail) = rest.strip_prefix("{now}") {
                out.push_str(match self {
                    Dialect::Sqlite => "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
                    Dialect::Postgres => "NOW()",
                });
                rest = tail;
            } else if let Some(tail) = rest.strip_prefix("{ts:") {
                let end = tail.find('}').expect("closed {ts:…}");
                let col = &tail[..end];
                match self {
                    Dialect::Sqlite => out.push_str(col),
                    Dialect::Postgres => out.push_str(&format!(
                        "to_char({col} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
                    )),
                }
                rest = &tail[end + 1..];
            } else if let Some(tail) = rest.strip_prefix("::") {
                let n = tail
                    .find(|c: char| !c.is_ascii_alphanumeric() && c != '_')
                    .unwrap_or(tail.len());
                if self == Dialect::Postgres {
                    out.push_str("::");
                    out.push_str(&tail[..n]);
                }
                rest = &tail[n..];
            } else {
                out.push_str(&rest[..1]);
                rest = &rest[1..];
            }
        }
        out.push_str(rest);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::Dialect;

    #[test]
    fn rewrites_casts_and_placeholders() {
        let q =
            "SELECT {ts:j.created_at}, j.user_id::text FROM t WHERE id = $1::uuid AND at < {now}";
        assert_eq!(
            Dialect::Sqlite.sql(q),
            "SELECT j.created_at, j.user_id FROM t WHERE id = $1 AND at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
        );
        let pg = Dialect::Postgres.sql(q);
        assert!(
            pg.contains("to_char(j.created_at AT TIME ZONE 'UTC'"),
            "{pg}"
        );
        assert!(pg.contains("j.user_id::text") && pg.contains("$1::uuid AND at < NOW()"));
    }
}
