//! The client's address: the TCP peer, or the entry a trusted reverse proxy appended to
//! `X-Forwarded-For` (only when `trust-proxy` says how many proxies to trust).

use axum::{
    body::Body,
    extract::{ConnectInfo, State},
    http::{HeaderMap, Request},
    middleware::Next,
    response::Response,
};
use std::net::{IpAddr, SocketAddr};

/// The resolved client address, put in the request's extensions by [`resolve`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

/// The client address of a request from `peer` with `headers`, trusting `hops` proxies.
///
/// Each proxy appends the address it received the request from, so with `hops` trusted
/// proxies the client is the `hops`-th entry from the right; entries further left were written
/// by the client itself and are never believed. With fewer entries than `hops` the leftmost is
/// used; an unparsable entry falls back to the peer.
pub fn client_address(peer: IpAddr, headers: &HeaderMap, hops: usize) -> IpAddr {
    if hops == 0 {
        return peer;
    }
    let entries: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .collect();
    let Some(entry) = entries
        .len()
        .checked_sub(hops)
        .map(|i| entries[i])
        .or(entries.first().copied())
    else {
        return peer;
    };
    parse_entry(entry).unwrap_or(peer)
}

/// An `X-Forwarded-For` entry: an IP, possibly with a port or in brackets.
fn parse_entry(entry: &str) -> Option<IpAddr> {
    entry
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entry.parse::<SocketAddr>().ok().map(|s| s.ip()))
        .or_else(|| {
            entry
                .strip_prefix('[')
                .and_then(|e| e.strip_suffix(']'))
                .and_then(|e| e.parse().ok())
        })
}

/// How many reverse proxies in front of the portal are trusted (`trust-proxy`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TrustProxy(pub usize);

/// Middleware storing the [`ClientIp`] of every request.
pub async fn resolve(
    State(TrustProxy(hops)): State<TrustProxy>,
    mut req: Request<Body>,
    next: Next,
) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
        .unwrap_or(IpAddr::from([127, 0, 0, 1]));
    let ip = client_address(peer, req.headers(), hops);
    req.extensions_mut().insert(ClientIp(ip));
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", v.parse().unwrap());
        }
        h
    }

    #[test]
    fn only_trusted_entries_are_believed() {
        let peer: IpAddr = "10.0.0.1".parse().unwrap();
        let h = headers(&["6.6.6.6, 203.0.113.7"]);
        assert_eq!(
            client_address(peer, &h, 0),
            peer,
            "no trusted proxy: the header is ignored"
        );
        assert_eq!(client_address(peer, &h, 1).to_string(), "203.0.113.7");
        assert_eq!(client_address(peer, &h, 2).to_string(), "6.6.6.6");
        assert_eq!(client_address(peer, &h, 5).to_string(), "6.6.6.6");
        let split = headers(&["6.6.6.6", "198.51.100.2"]);
        assert_eq!(client_address(peer, &split, 1).to_string(), "198.51.100.2");
        assert_eq!(
            client_address(peer, &headers(&["[2001:db8::1]"]), 1).to_string(),
            "2001:db8::1"
        );
        assert_eq!(
            client_address(peer, &headers(&["192.0.2.1:4711"]), 1).to_string(),
            "192.0.2.1"
        );
        assert_eq!(client_address(peer, &headers(&["garbage"]), 1), peer);
        assert_eq!(client_address(peer, &HeaderMap::new(), 1), peer);
    }
}
