//! Data fetched over HTTP for `load_data(url=…)`: one request with Zola's arguments (`GET` or
//! `POST`, a body and its content type, extra headers, and an `Accept` header naming the
//! format asked for), its answer read as UTF-8 text. An error status is a failure, as a
//! refused connection is; the message says what happened, the caller says to which URL.

use std::time::Duration;

use ureq::Agent;

/// How long one request, body included, may take (as long as Zola's HTTP client waits).
const TIMEOUT: Duration = Duration::from_secs(30);
/// The largest answer read.
const BODY_LIMIT: u64 = 256 * 1024 * 1024;

/// `load_data`'s `method`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Method {
    Get,
    Post,
}

impl Method {
    /// `GET` or `POST`, in any case, as Zola reads it.
    pub(crate) fn from_name(name: &str) -> Option<Method> {
        match name.to_ascii_lowercase().as_str() {
            "get" => Some(Method::Get),
            "post" => Some(Method::Post),
            _ => None,
        }
    }
}

/// One request; `body` and `content_type` are sent with `POST` only, as in Zola.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Request {
    pub url: String,
    pub method: Method,
    pub body: Option<String>,
    pub content_type: Option<String>,
    /// Names and values, in order.
    pub headers: Vec<(String, String)>,
    /// The `Accept` header: the media type of the format asked for.
    pub accept: &'static str,
}

/// The HTTP client of one build.
pub(crate) struct Remote {
    agent: Agent,
}

impl Default for Remote {
    fn default() -> Self {
        let agent = Agent::config_builder()
            .timeout_global(Some(TIMEOUT))
            .http_status_as_error(false)
            .user_agent(concat!("loess/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Remote { agent }
    }
}

impl Remote {
    /// The text of the answer to `request`; the message says what went wrong, without the URL.
    pub(crate) fn fetch(&self, request: &Request) -> Result<String, String> {
        let url = request.url.as_str();
        let answer = match request.method {
            Method::Get => {
                let mut builder = self.agent.get(url);
                for (name, value) in &request.headers {
                    builder = builder.header(name, value);
                }
                builder.header("accept", request.accept).call()
            }
            Method::Post => {
                let mut builder = self.agent.post(url);
                for (name, value) in &request.headers {
                    builder = builder.header(name, value);
                }
                builder = builder.header("accept", request.accept);
                if let Some(content_type) = &request.content_type {
                    builder = builder.header("content-type", content_type);
                }
                builder.send(request.body.as_deref().unwrap_or_default())
            }
        };
        let mut response = answer.map_err(describe)?;
        let status = response.status();
        if !status.is_success() {
            let reason = status.canonical_reason().unwrap_or_default();
            return Err(format!("the server answered {} {reason}", status.as_u16())
                .trim_end()
                .to_string());
        }
        let body = response
            .body_mut()
            .with_config()
            .limit(BODY_LIMIT)
            .read_to_vec();
        let bytes = body.map_err(|e| format!("reading the answer failed: {e}"))?;
        String::from_utf8(bytes).map_err(|e| {
            format!(
                "the answer is not UTF-8 text (byte {} is invalid)",
                e.utf8_error().valid_up_to()
            )
        })
    }
}

/// What a failed request means, in words.
fn describe(error: ureq::Error) -> String {
    match error {
        ureq::Error::Timeout(_) => format!("no answer within {} s", TIMEOUT.as_secs()),
        ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
            "the connection was refused".to_string()
        }
        ureq::Error::Io(e) => e.to_string(),
        ureq::Error::ConnectionFailed => "the connection failed".to_string(),
        ureq::Error::HostNotFound => "host not found".to_string(),
        other => other.to_string(),
    }
}
