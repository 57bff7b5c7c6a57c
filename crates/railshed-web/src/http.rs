//! Requests and responses: the `Host` check, the body limit, routing.

use std::io::{Cursor, Read};
use std::net::SocketAddr;

use tiny_http::{Header, Method, Request, Response, StatusCode};

use crate::api::{Answer, MAX_BODY_BYTES, State};

/// The page, with its script and style.
const PAGE: &str = include_str!("page.html");

/// The content security policy of every response: the page's inline script
/// and style, and requests to this server only.
const CSP: &str = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; \
connect-src 'self'; img-src 'self' data: blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// Answers one request.
pub(crate) fn answer(state: &State, mut request: Request) {
    let answer = route(state, &mut request);
    let _ = request.respond(response(answer));
}

/// The answer to a request.
fn route(state: &State, request: &mut Request) -> Answer {
    let host = request.headers().iter().find(|h| h.field.equiv("Host")).map(|h| h.value.as_str().to_owned());
    if !host_allowed(host.as_deref(), state.addr) {
        return Answer::error(
            403,
            "the Host header names neither this machine's loopback nor the bound address",
        );
    }
    let url = request.url().to_owned();
    let (path, query) = url.split_once('?').unwrap_or((url.as_str(), ""));
    match (request.method(), path) {
        (Method::Get | Method::Head, "/") => Answer::ok("text/html; charset=utf-8", PAGE.as_bytes().to_vec()),
        (Method::Get | Method::Head, "/api/scenarios") => state.scenarios(),
        (Method::Get | Method::Head, "/api/map") => state.map(),
        (Method::Post, "/api/compare" | "/api/csv" | "/api/zone-times" | "/api/report") => {
            let body = match read_body(request) {
                Ok(body) => body,
                Err(answer) => return answer,
            };
            match path {
                "/api/compare" => state.compare(&body),
                "/api/csv" => state.csv(&body),
                "/api/zone-times" => {
                    state.zone_times(&body, param(query, "hub").unwrap_or_default(), param(query, "measure"))
                }
                _ => state.report(&body),
            }
        }
        (_, "/" | "/api/scenarios" | "/api/map") => Answer::error(405, "method not allowed: use GET"),
        (_, "/api/compare" | "/api/csv" | "/api/zone-times" | "/api/report") => {
            Answer::error(405, "method not allowed: use POST")
        }
        _ => Answer::error(404, &format!("{path}: not found")),
    }
}

/// A parameter of a query string (values are hub ids: no decoding needed
/// beyond `+`).
fn param<'a>(query: &'a str, name: &str) -> Option<&'a str> {
    query.split('&').find_map(|kv| kv.split_once('=').filter(|(k, _)| *k == name).map(|(_, v)| v))
}

/// The body, at most [`MAX_BODY_BYTES`] (413 beyond).
fn read_body(request: &mut Request) -> Result<Vec<u8>, Answer> {
    let too_large = || {
        Answer::error(413, &format!("request body over {MAX_BODY_BYTES} bytes (the limit of railshed serve)"))
    };
    if request.body_length().is_some_and(|n| n > MAX_BODY_BYTES) {
        return Err(too_large());
    }
    let mut body = Vec::new();
    request
        .as_reader()
        .take(MAX_BODY_BYTES as u64 + 1)
        .read_to_end(&mut body)
        .map_err(|e| Answer::error(400, &format!("request body: {e}")))?;
    if body.len() > MAX_BODY_BYTES {
        return Err(too_large());
    }
    Ok(body)
}

/// Whether a `Host` header may reach this server: `localhost`,
/// `127.0.0.1` or `[::1]` with the bound port, or the bound address itself.
/// Anything else (a name that resolves here only through DNS rebinding)
/// is refused.
pub(crate) fn host_allowed(host: Option<&str>, bound: SocketAddr) -> bool {
    let Some(host) = host else { return false };
    let host = host.trim().to_ascii_lowercase();
    let port = bound.port();
    if host == bound.to_string() {
        return true;
    }
    ["localhost", "127.0.0.1", "[::1]"].iter().any(|name| host == format!("{name}:{port}"))
}

/// The HTTP response for an answer.
fn response(answer: Answer) -> Response<Cursor<Vec<u8>>> {
    let header = |k: &str, v: &str| Header::from_bytes(k.as_bytes(), v.as_bytes()).expect("valid header");
    let mut r = Response::from_data(answer.body)
        .with_status_code(StatusCode(answer.status))
        .with_header(header("Content-Type", answer.content_type))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"))
        .with_header(header("Referrer-Policy", "no-referrer"))
        .with_header(header("Content-Security-Policy", CSP));
    if let Some(name) = answer.download {
        r = r.with_header(header("Content-Disposition", &format!("attachment; filename=\"{name}\"")));
    }
    if answer.status == 503 {
        r = r.with_header(header("Retry-After", "1"));
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(host: Option<&str>, bound: &str, expect: bool) {
        let bound: SocketAddr = bound.parse().unwrap();
        assert_eq!(host_allowed(host, bound), expect, "{host:?} on {bound}");
    }

    #[test]
    fn hosts() {
        check(Some("127.0.0.1:8080"), "127.0.0.1:8080", true);
        check(Some("localhost:8080"), "127.0.0.1:8080", true);
        check(Some("LOCALHOST:8080"), "127.0.0.1:8080", true);
        check(Some("[::1]:8080"), "127.0.0.1:8080", true);
        check(Some("192.168.1.5:8080"), "192.168.1.5:8080", true);
        check(Some("localhost:8081"), "127.0.0.1:8080", false);
        check(Some("localhost"), "127.0.0.1:8080", false);
        check(Some("evil.example:8080"), "127.0.0.1:8080", false);
        check(Some("127.0.0.1.evil.example:8080"), "127.0.0.1:8080", false);
        check(Some("192.168.1.6:8080"), "192.168.1.5:8080", false);
        check(None, "127.0.0.1:8080", false);
    }

    #[test]
    fn params() {
        assert_eq!(param("hub=leeds&x=1", "hub"), Some("leeds"));
        assert_eq!(param("x=1&hub=york", "hub"), Some("york"));
        assert_eq!(param("", "hub"), None);
        assert_eq!(param("hubs=leeds", "hub"), None);
    }
}
