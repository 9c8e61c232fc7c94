//! Reading a JSON request body into a request type, with each bad field named: the one parser
//! of every JSON body the REST handlers take.

use crate::service::ServiceError;
use serde::de::DeserializeOwned;

/// Parses a JSON body of at most `max_bytes` into `T`. A body over the limit is
/// [`ServiceError::PayloadTooLarge`]; an empty or malformed body is an error at `body`; a missing,
/// unknown (with `deny_unknown_fields`) or mistyped field is an error at its path (`apl`,
/// `character.crit`).
pub fn parse_json<T: DeserializeOwned>(body: &[u8], max_bytes: usize) -> Result<T, ServiceError> {
    if body.len() > max_bytes {
        return Err(ServiceError::PayloadTooLarge(max_bytes));
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ServiceError::field(
            "body",
            "the request body is empty; send a JSON object",
        ));
    }
    // Every body is an object (serde would also read a struct from an array).
    if body.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        let text = String::from_utf8_lossy(body);
        if serde_json::from_str::<serde_json::Value>(&text).is_ok() {
            return Err(ServiceError::field("body", "send a JSON object"));
        }
    }
    let de = &mut serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let inner = e.inner();
        if inner.is_syntax() || inner.is_eof() {
            return ServiceError::field("body", format!("malformed JSON: {inner}"));
        }
        let msg = inner.to_string();
        let path = e.path().to_string();
        // Missing and unknown fields are reported at the parent; name the field itself.
        let named = ["missing field `", "unknown field `"].iter().find_map(|p| {
            msg.split_once(p)
                .and_then(|(_, rest)| rest.split_once('`'))
                .map(|(f, _)| f.to_string())
        });
        let field = match (named, path.as_str()) {
            (Some(f), ".") => f,
            (Some(f), p) if p == f || p.ends_with(&format!(".{f}")) => p.to_string(),
            (Some(f), p) => format!("{p}.{f}"),
            (None, p) if p == "." || p.starts_with('[') => "body".to_string(),
            (None, p) => p.to_string(),
        };
        let clean = msg.split(" at line ").next().unwrap_or(&msg).to_string();
        ServiceError::field(&field, clean)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    #[allow(dead_code)]
    struct Probe {
        spec_id: String,
        apl: String,
    }

    fn error_of(body: &str, max: usize) -> ServiceError {
        parse_json::<Probe>(body.as_bytes(), max).unwrap_err()
    }

    fn field_of(body: &str) -> String {
        match error_of(body, 1024) {
            ServiceError::Invalid { fields, .. } => fields.keys().next().unwrap().clone(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn any_request_type_gets_its_fields_named() {
        assert_eq!(field_of("{"), "body");
        assert_eq!(field_of("  "), "body");
        assert_eq!(field_of(r#""text""#), "body");
        assert_eq!(field_of(r#"{"apl":""}"#), "specId");
        assert_eq!(field_of(r#"{"specId":"fire_mage"}"#), "apl");
        assert_eq!(field_of(r#"{"specId":1,"apl":""}"#), "specId");
        assert_eq!(field_of(r#"{"specId":"x","apl":"","extra":true}"#), "extra");
        let ok = parse_json::<Probe>(br#"{"specId":"x","apl":"y"}"#, 1024).unwrap();
        assert_eq!((ok.spec_id.as_str(), ok.apl.as_str()), ("x", "y"));
    }

    #[test]
    fn bodies_over_the_limit_are_refused_before_parsing() {
        assert!(matches!(
            error_of(r#"{"specId":"x","apl":"y"}"#, 8),
            ServiceError::PayloadTooLarge(8)
        ));
    }
}
