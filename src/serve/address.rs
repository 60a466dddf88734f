//! Where the server listens and the base URL its links use. The default port, when taken,
//! gives way to the next free one, as `zola serve` moves off its default port; `--base-url`
//! is read as Zola reads it: a bare host gets `http://`, and the server's port is appended
//! unless the URL names a port or `--no-port-append` is given.

use std::net::{SocketAddr, TcpListener};

use crate::error::{Error, Result};

/// How many ports above a taken default port are tried.
const PORTS_TRIED: u16 = 100;

/// Binds `address`; when its port is in use and `next_free` is set, the first free port of
/// the hundred above it.
pub(super) fn listen(address: SocketAddr, next_free: bool) -> Result<TcpListener> {
    match TcpListener::bind(address) {
        Ok(listener) => Ok(listener),
        Err(e) if next_free && e.kind() == std::io::ErrorKind::AddrInUse => {
            let first = address.port().saturating_add(1);
            let last = address.port().saturating_add(PORTS_TRIED);
            (first..=last)
                .filter(|port| *port != address.port())
                .find_map(|port| TcpListener::bind(SocketAddr::new(address.ip(), port)).ok())
                .ok_or_else(|| listen_error(address, &e))
        }
        Err(e) => Err(listen_error(address, &e)),
    }
}

pub(super) fn listen_error(address: SocketAddr, error: &std::io::Error) -> Error {
    let message = match error.kind() {
        std::io::ErrorKind::AddrInUse => {
            "the port is in use; choose another with --port, or --port 0 for any free port"
                .to_string()
        }
        std::io::ErrorKind::AddrNotAvailable => {
            "no interface of this machine has this address".to_string()
        }
        _ => error.to_string(),
    };
    Error::Listen {
        address: address.to_string(),
        message,
    }
}

/// The base URL of the served site's links, for a server listening at `address`: the
/// server's own address, or `given` (`--base-url`) completed as Zola completes it.
pub(super) fn base_url(given: Option<&str>, address: SocketAddr, no_port_append: bool) -> String {
    let Some(given) = given.map(str::trim).filter(|g| !g.is_empty()) else {
        return format!("http://{address}");
    };
    // A root-relative base URL makes root-relative links; there is no host to give a port.
    if given.starts_with('/') {
        return given.to_string();
    }
    let (scheme, rest) = given.split_once("://").unwrap_or(("http", given));
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(end);
    if no_port_append || has_port(authority) {
        format!("{scheme}://{authority}{path}")
    } else {
        format!("{scheme}://{authority}:{}{path}", address.port())
    }
}

/// Whether an authority (`user@host:port`, `[::1]:8080`) names a port.
fn has_port(authority: &str) -> bool {
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let after_host = host_port.rsplit_once(']').map_or(host_port, |(_, a)| a);
    after_host
        .rsplit_once(':')
        .is_some_and(|(_, port)| !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(port: u16) -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], port))
    }

    #[test]
    fn base_urls_are_completed_as_zola_completes_them() {
        let cases = [
            (None, false, "http://127.0.0.1:1111"),
            (None, true, "http://127.0.0.1:1111"),
            (Some("127.0.0.1"), false, "http://127.0.0.1:1111"),
            (Some("example.com"), true, "http://example.com"),
            (
                Some("localhost/path/to/site"),
                false,
                "http://localhost:1111/path/to/site",
            ),
            (
                Some("https://example.com"),
                false,
                "https://example.com:1111",
            ),
            (
                Some("https://example.com/"),
                false,
                "https://example.com:1111/",
            ),
            (
                Some("https://example.com/a/b"),
                true,
                "https://example.com/a/b",
            ),
            (
                Some("http://localhost:9/sub/"),
                false,
                "http://localhost:9/sub/",
            ),
            (Some("http://[::1]/"), false, "http://[::1]:1111/"),
            (Some("http://[::1]:80/"), false, "http://[::1]:80/"),
            (Some("http://me@host/"), false, "http://me@host:1111/"),
            (Some("/"), false, "/"),
            (Some(" "), false, "http://127.0.0.1:1111"),
        ];
        for (given, no_port_append, expected) in cases {
            assert_eq!(
                base_url(given, at(1111), no_port_append),
                expected,
                "{given:?} {no_port_append}"
            );
        }
    }

    #[test]
    fn a_taken_port_gives_way_only_when_allowed() {
        let taken = TcpListener::bind(at(0)).unwrap();
        let address = taken.local_addr().unwrap();
        assert!(listen(address, false).is_err());
        match listen(address, true) {
            Ok(other) => {
                let port = other.local_addr().unwrap().port();
                assert!(port > address.port() && port <= address.port() + PORTS_TRIED);
            }
            // The hundred ports above may all be taken on a busy machine; a port that wraps
            // past 65535 has nowhere to go.
            Err(e) => assert!(e.to_string().contains("the port is in use"), "{e}"),
        }
    }
}
