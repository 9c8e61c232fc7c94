//! The API reference page (`GET /api/docs`), rendered on the server from the OpenAPI document
//! itself: no script, nothing fetched from elsewhere; its one `<style>` carries the request's
//! nonce.

use serde_json::{Map, Value};
use std::fmt::Write;

/// The rendered page, split where the request's nonce goes.
#[derive(Debug, Clone)]
pub struct Page {
    before_nonce: String,
    after_nonce: String,
}

impl Page {
    /// Renders `doc` (an OpenAPI document): an index by tag, every operation (method, path,
    /// summary, parameters, request body, responses) and every schema.
    pub fn render(doc: &Value) -> Page {
        let empty = Map::new();
        let title = text(&doc["info"]["title"]);
        let mut body = String::new();
        let _ = write!(
            body,
            "<header><h1>{t}</h1><p>{v} · OpenAPI {o} · <a href=\"/api/openapi.json\">openapi.json</a></p>{d}</header>",
            t = escape(&title),
            v = escape(&text(&doc["info"]["version"])),
            o = escape(&text(&doc["openapi"])),
            d = prose(&text(&doc["info"]["description"])),
        );
        let ops = operations(doc);
        body.push_str("<nav aria-label=\"Endpoints\"><h2>Endpoints</h2>");
        for tag in doc["tags"].as_array().into_iter().flatten() {
            let name = text(&tag["name"]);
            let _ = write!(
                body,
                "<h3>{}</h3><p>{}</p><ul>",
                escape(&name),
                inline(&text(&tag["description"]))
            );
            for (method, path, op) in ops.iter().filter(|(_, _, op)| has_tag(op, &name)) {
                let _ = write!(
                    body,
                    "<li><a href=\"#{id}\"><span class=\"m {m}\">{M}</span> <code>{p}</code></a> {s}</li>",
                    id = anchor(method, path),
                    m = method,
                    M = method.to_uppercase(),
                    p = escape(path),
                    s = inline(&text(&op["summary"])),
                );
            }
            body.push_str("</ul>");
        }
        body.push_str("<h3>Schemas</h3><p>");
        let schemas = doc["components"]["schemas"].as_object().unwrap_or(&empty);
        let names: Vec<String> = schemas
            .keys()
            .map(|n| format!("<a href=\"#schema-{0}\">{0}</a>", escape(n)))
            .collect();
        body.push_str(&names.join(" · "));
        body.push_str("</p></nav><main>");
        for (method, path, op) in &ops {
            operation(&mut body, method, path, op);
        }
        body.push_str("<h2>Schemas</h2>");
        for (name, schema) in schemas {
            let _ = write!(
                body,
                "<section class=\"schema\" id=\"schema-{n}\"><h3>{n}</h3>",
                n = escape(name)
            );
            schema_detail(&mut body, schema);
            body.push_str("</section>");
        }
        body.push_str("</main>");
        Page {
            before_nonce: format!(
                "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
                 <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
                 <title>{} — reference</title><style nonce=\"",
                escape(&title)
            ),
            after_nonce: format!("\">{STYLE}</style></head><body>{body}</body></html>"),
        }
    }

    /// The page with `nonce` on its `<style>` (the request's, which its policy allows).
    pub fn with_nonce(&self, nonce: &str) -> String {
        format!("{}{}{}", self.before_nonce, escape(nonce), self.after_nonce)
    }
}

/// The page's look: readable without any script.
const STYLE: &str = "body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:70rem;\
padding:1rem 1.5rem;color:#1b1e24;background:#fff}code{font:13px ui-monospace,monospace}\
h1{margin-bottom:.2rem}h2{border-bottom:2px solid #ccd;margin-top:2.5rem}\
nav ul{list-style:none;padding-left:0}nav li{margin:.15rem 0}a{color:#1d4ed8}\
section{border:1px solid #dde;border-radius:6px;padding:.2rem 1rem 1rem;margin:1.2rem 0}\
section h3{display:flex;gap:.6rem;align-items:center;flex-wrap:wrap}\
table{border-collapse:collapse;width:100%;margin:.4rem 0}th,td{text-align:left;\
vertical-align:top;padding:.3rem .5rem;border-bottom:1px solid #eef}th{background:#f4f5f9}\
.m{display:inline-block;min-width:4rem;text-align:center;border-radius:4px;color:#fff;\
font:bold 12px ui-monospace,monospace;padding:.15rem .3rem}.get{background:#2563eb}\
.post{background:#15803d}.put{background:#b45309}.delete{background:#b91c1c}\
.patch{background:#7c3aed}.req{color:#b91c1c;font-size:12px}.muted{color:#555}\
@media (prefers-color-scheme:dark){body{background:#14161a;color:#e5e7eb}\
th{background:#1f232b}section{border-color:#2c313a}td,th{border-color:#2c313a}\
a{color:#93c5fd}.muted{color:#aaa}h2{border-color:#2c313a}}";

/// Every operation in document order: (method, path, operation).
fn operations(doc: &Value) -> Vec<(String, String, &Value)> {
    let mut ops = Vec::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for method in ["get", "post", "put", "patch", "delete"] {
            if let Some(op) = item.get(method) {
                ops.push((method.to_string(), path.clone(), op));
            }
        }
    }
    ops
}

fn has_tag(op: &Value, tag: &str) -> bool {
    op["tags"]
        .as_array()
        .is_some_and(|tags| tags.iter().any(|t| t == tag))
}

/// One operation's section.
fn operation(out: &mut String, method: &str, path: &str, op: &Value) {
    let _ = write!(
        out,
        "<section id=\"{id}\"><h3><span class=\"m {m}\">{M}</span><code>{p}</code></h3><p><strong>{s}</strong></p>{d}",
        id = anchor(method, path),
        m = method,
        M = method.to_uppercase(),
        p = escape(path),
        s = inline(&text(&op["summary"])),
        d = prose(&text(&op["description"])),
    );
    if let Some(params) = op["parameters"].as_array().filter(|p| !p.is_empty()) {
        out.push_str("<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>type</th><th>description</th></tr>");
        for p in params {
            let _ = write!(
                out,
                "<tr><td><code>{n}</code>{r}</td><td>{i}</td><td>{t}</td><td>{d}</td></tr>",
                n = escape(&text(&p["name"])),
                r = required_mark(p["required"].as_bool() == Some(true)),
                i = escape(&text(&p["in"])),
                t = type_of(&p["schema"]),
                d = inline(&text(&p["description"])),
            );
        }
        out.push_str("</table>");
    }
    if let Some(body) = op.get("requestBody") {
        let _ = write!(
            out,
            "<h4>Request body{}</h4>{}",
            required_mark(body["required"].as_bool() == Some(true)),
            prose(&text(&body["description"]))
        );
        contents(out, &body["content"]);
    }
    out.push_str(
        "<h4>Responses</h4><table><tr><th>status</th><th>description</th><th>body</th></tr>",
    );
    for (status, r) in op["responses"].as_object().into_iter().flatten() {
        let _ = write!(
            out,
            "<tr><td><code>{}</code></td><td>{}",
            escape(status),
            inline(&text(&r["description"]))
        );
        if let Some(headers) = r["headers"].as_object() {
            let names: Vec<String> = headers
                .keys()
                .map(|h| format!("<code>{}</code>", escape(h)))
                .collect();
            let _ = write!(
                out,
                "<br><span class=\"muted\">headers: {}</span>",
                names.join(", ")
            );
        }
        out.push_str("</td><td>");
        contents(out, &r["content"]);
        out.push_str("</td></tr>");
    }
    out.push_str("</table></section>");
}

/// A content map as "media type: schema" lines.
fn contents(out: &mut String, content: &Value) {
    for (media, c) in content.as_object().into_iter().flatten() {
        let _ = write!(
            out,
            "<div><code>{}</code> {}</div>",
            escape(media),
            type_of(&c["schema"])
        );
    }
}

/// A component schema: its description, then its properties, values or variants.
fn schema_detail(out: &mut String, s: &Value) {
    out.push_str(&prose(&text(&s["description"])));
    if let Some(props) = s["properties"].as_object() {
        properties(out, props, s["required"].as_array());
    } else if let Some(variants) = s["oneOf"].as_array() {
        out.push_str("<p>One of:</p><ul>");
        for v in variants {
            out.push_str("<li>");
            if let Some(props) = v["properties"].as_object() {
                out.push_str(&prose(&text(&v["description"])));
                properties(out, props, v["required"].as_array());
            } else {
                out.push_str(&type_of(v));
            }
            out.push_str("</li>");
        }
        out.push_str("</ul>");
    } else {
        let _ = write!(out, "<p>{}</p>", type_of(s));
    }
}

fn properties(out: &mut String, props: &Map<String, Value>, required: Option<&Vec<Value>>) {
    out.push_str("<table><tr><th>field</th><th>type</th><th>description</th></tr>");
    for (name, p) in props {
        let req = required.is_some_and(|r| r.iter().any(|n| n == name));
        let _ = write!(
            out,
            "<tr><td><code>{n}</code>{r}</td><td>{t}</td><td>{d}</td></tr>",
            n = escape(name),
            r = required_mark(req),
            t = type_of(p),
            d = inline(&text(&p["description"])),
        );
    }
    out.push_str("</table>");
}

/// A schema in a few words, with links to the named schemas it uses.
fn type_of(s: &Value) -> String {
    if let Some(r) = s["$ref"].as_str() {
        let name = r.rsplit('/').next().unwrap_or(r);
        return format!("<a href=\"#schema-{0}\">{0}</a>", escape(name));
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(list) = s[key].as_array() {
            let parts: Vec<String> = list.iter().map(type_of).collect();
            let sep = if key == "allOf" { " & " } else { " | " };
            return parts.join(sep);
        }
    }
    if let Some(values) = s["enum"].as_array() {
        let parts: Vec<String> = values
            .iter()
            .map(|v| format!("<code>{}</code>", escape(&v.to_string())))
            .collect();
        return parts.join(" | ");
    }
    if let Some(inner) = s.get("contentSchema") {
        return format!("string of JSON: {}", type_of(inner));
    }
    if let Some(c) = s.get("const") {
        return format!("<code>{}</code>", escape(&c.to_string()));
    }
    let types: Vec<&str> = match &s["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let parts: Vec<String> = types
        .iter()
        .map(|t| match *t {
            "array" => match s["prefixItems"].as_array() {
                Some(items) => {
                    let items: Vec<String> = items.iter().map(type_of).collect();
                    format!("[{}]", items.join(", "))
                }
                None => format!("array of {}", type_of(&s["items"])),
            },
            "object" => match s.get("additionalProperties") {
                Some(v) if v.is_object() => format!("map of {}", type_of(v)),
                _ => "object".to_string(),
            },
            "integer" | "number" => {
                let mut t = t.to_string();
                if let Some(f) = s["format"].as_str() {
                    let _ = write!(t, " ({f})");
                }
                t
            }
            other => other.to_string(),
        })
        .collect();
    if parts.is_empty() {
        "any".to_string()
    } else {
        parts.join(" | ")
    }
}

fn required_mark(required: bool) -> &'static str {
    if required {
        " <span class=\"req\">required</span>"
    } else {
        ""
    }
}

/// The element id of an operation.
fn anchor(method: &str, path: &str) -> String {
    let slug: String = path
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("{method}{slug}")
}

/// A paragraph of text with `code` spans.
fn prose(s: &str) -> String {
    if s.is_empty() {
        return String::new();
    }
    format!("<p>{}</p>", inline(s))
}

/// Text with `code` spans, escaped.
fn inline(s: &str) -> String {
    let mut out = String::new();
    for (i, part) in s.split('`').enumerate() {
        if i % 2 == 1 {
            let _ = write!(out, "<code>{}</code>", escape(part));
        } else {
            out.push_str(&escape(part));
        }
    }
    out
}

fn text(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

/// HTML-escapes text and attribute values.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_code_spans_marked() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(prose("a `<b>` c"), "<p>a <code>&lt;b&gt;</code> c</p>");
        assert_eq!(
            anchor("get", "/api/simulations/{id}"),
            "get-api-simulations--id-"
        );
    }

    #[test]
    fn types_read_as_words_with_links() {
        let s = serde_json::json!({"type": ["array", "null"], "items": {"$ref": "#/components/schemas/Rotation"}});
        assert_eq!(
            type_of(&s),
            "array of <a href=\"#schema-Rotation\">Rotation</a> | null"
        );
        let m = serde_json::json!({"type": "object", "additionalProperties": {"type": "string"}});
        assert_eq!(type_of(&m), "map of string");
    }
}
