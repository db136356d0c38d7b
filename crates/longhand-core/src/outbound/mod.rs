//! Sending a message out of Longhand: email over SMTP (`mail.rs`), Slack-compatible incoming
//! webhooks (`slack.rs`) and generic JSON webhooks signed per Standard Webhooks
//! (`webhook.rs`).
//!
//! These are transports only: they know nothing of members, channels or the job queue, and
//! never touch the database. The worker calls them in a job's `prepare` step, before its
//! transaction opens, and `ops::deliveries::admin` calls them for test sends. How a message
//! reads is decided by the caller; here it is only put on the wire.
//!
//! Every call has a time limit ([`TIMEOUT`]) and reports a failure as a sentence for an admin
//! — never a webhook's address, which for Slack-style hooks is the secret itself.

pub mod mail;
pub mod slack;
pub mod webhook;

use std::time::Duration;

use jiff::Timestamp;

/// How long one send may take (connect, TLS, request, answer): well inside a job's lease.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// The server's outbound settings: where links point and how mail goes out. Built once at
/// start-up from the command line and configuration file; the core never reads the
/// environment.
#[derive(Clone, Default)]
pub struct OutboundConfig {
    /// The base of absolute links ("https://longhand.example.com"), without a trailing slash.
    pub public_url: Option<String>,
    /// The SMTP server, `None` when email is not set up.
    pub mailer: Option<mail::Mailer>,
}

impl std::fmt::Debug for OutboundConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OutboundConfig")
            .field("public_url", &self.public_url)
            .field("mailer", &self.mailer.as_ref().map(mail::Mailer::shown))
            .finish()
    }
}

impl OutboundConfig {
    /// Settings from the public URL and, when email is set up, an SMTP URL in lettre's form
    /// (`smtp://user:pass@host:587?tls=required`) and a From address.
    pub fn new(
        public_url: Option<&str>,
        smtp_url: Option<&str>,
        mail_from: Option<&str>,
    ) -> Result<OutboundConfig, String> {
        let public_url = public_url.map(parse_public_url).transpose()?;
        let mailer = smtp_url
            .map(|url| mail::Mailer::new(url, mail_from, public_url.as_deref()))
            .transpose()?;
        Ok(OutboundConfig { public_url, mailer })
    }

    /// An in-app path as an absolute link ("/asks/12" → "https://host/asks/12"); the path as
    /// it is when no public URL is known.
    pub fn absolute(&self, path: &str) -> String {
        match &self.public_url {
            Some(base) => format!("{base}{path}"),
            None => path.to_owned(),
        }
    }
}

/// A public URL: http or https with a host, kept without its trailing slash.
fn parse_public_url(raw: &str) -> Result<String, String> {
    let url = checked_http_url(raw).map_err(|why| format!("public_url {why}"))?;
    Ok(url.trim_end_matches('/').to_owned())
}

/// An http(s) URL with a host, trimmed; otherwise why not, as the end of a sentence.
pub fn checked_http_url(raw: &str) -> Result<String, String> {
    let raw = raw.trim();
    let parsed = reqwest::Url::parse(raw).map_err(|err| format!("is not a URL ({err})"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(format!(
            "must start with http:// or https://, not {}://",
            parsed.scheme()
        ));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err("has no host".to_owned());
    }
    if raw.len() > 2000 {
        return Err("is longer than 2000 characters".to_owned());
    }
    Ok(raw.to_owned())
}

/// One message on its way to one address, whatever the transport.
#[derive(Debug, Clone)]
pub struct Message<'a> {
    /// The id every attempt carries (`webhook-id`, the `Message-ID`'s left side).
    pub id: &'a str,
    /// "urgent", "digest" or "test".
    pub class: &'a str,
    pub subject: &'a str,
    pub text: &'a str,
    /// Safe HTML for email; derived from `text` when absent.
    pub html: Option<&'a str>,
    /// The absolute link to the item.
    pub link: &'a str,
    /// What it is about ("ask:12"), for threading.
    pub thread: &'a str,
    /// The caller's key for the message ("notification:12").
    pub key: &'a str,
    /// When the message was made (the same on every attempt).
    pub created_at: Timestamp,
}

/// What a successful send says, for the CLI and the admin page.
#[derive(Debug, Clone)]
pub struct Sent {
    /// How it went out: "smtp://127.0.0.1:2525", "https://hooks.example.com".
    pub via: String,
    pub took: Duration,
}

/// Where a URL sends things, without the path and query that may hold a secret.
pub fn shown_url(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(parsed) => match (parsed.host_str(), parsed.port()) {
            (Some(host), Some(port)) => format!("{}://{host}:{port}", parsed.scheme()),
            (Some(host), None) => format!("{}://{host}", parsed.scheme()),
            _ => parsed.scheme().to_owned(),
        },
        Err(_) => "an unreadable address".to_owned(),
    }
}

/// The shared HTTP client for webhooks: a time limit, no redirects (a webhook that moved is
/// a configuration to fix, and following it would carry the signature elsewhere).
fn http() -> Result<&'static reqwest::Client, String> {
    static CLIENT: std::sync::OnceLock<reqwest::Client> = std::sync::OnceLock::new();
    if let Some(client) = CLIENT.get() {
        return Ok(client);
    }
    let client = reqwest::Client::builder()
        .timeout(TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("Longhand/", env!("CARGO_PKG_VERSION"), " webhooks"))
        .build()
        .map_err(|err| format!("cannot set up the HTTP client: {err}"))?;
    Ok(CLIENT.get_or_init(|| client))
}

/// POSTs a JSON body with extra headers; a non-2xx answer, a timeout or no connection is an
/// error naming only the host.
async fn post_json(url: &str, headers: &[(&str, String)], body: String) -> Result<Sent, String> {
    let started = std::time::Instant::now();
    let mut request = http()?
        .post(url)
        .header("content-type", "application/json");
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    let shown = shown_url(url);
    let response = request
        .body(body)
        .send()
        .await
        .map_err(|err| format!("{shown}: {}", why(&err)))?;
    let status = response.status();
    if !status.is_success() {
        return Err(format!("{shown} answered HTTP {status}"));
    }
    Ok(Sent {
        via: shown,
        took: started.elapsed(),
    })
}

/// reqwest's error in words, without the URL it carries.
fn why(err: &reqwest::Error) -> &'static str {
    if err.is_timeout() {
        "no answer within 10 seconds"
    } else if err.is_connect() {
        "could not connect"
    } else if err.is_redirect() {
        "answered with a redirect"
    } else {
        "the request failed"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(raw: &str, expect: Result<&str, &str>) {
        let got = checked_http_url(raw);
        match expect {
            Ok(url) => assert_eq!(got.as_deref(), Ok(url), "{raw}"),
            Err(part) => {
                let err = got.expect_err(raw);
                assert!(err.contains(part), "{raw}: {err}");
            }
        }
    }

    #[test]
    fn webhook_urls_must_be_http_or_https_with_a_host() {
        check("https://hooks.example.com/x", Ok("https://hooks.example.com/x"));
        check(" http://127.0.0.1:9/h ", Ok("http://127.0.0.1:9/h"));
        check("ftp://example.com/x", Err("not ftp://"));
        check("javascript:alert(1)", Err("not javascript://"));
        check("file:///etc/passwd", Err("not file://"));
        check("not a url", Err("is not a URL"));
        check("https://", Err("is not a URL"));
    }

    #[test]
    fn a_shown_url_keeps_only_scheme_host_and_port() {
        assert_eq!(
            shown_url("https://hooks.slack.com/services/T0/B0/secret"),
            "https://hooks.slack.com"
        );
        assert_eq!(shown_url("http://127.0.0.1:8080/x?k=1"), "http://127.0.0.1:8080");
    }
}
