//! Email over SMTP with `lettre`: multipart/alternative (plain text and HTML), a stable
//! `Message-ID` per delivery, `In-Reply-To`/`References` to one root id per recipient and
//! thread (so mail clients group the messages about one ask, document or incident), and
//! `List-Unsubscribe` with RFC 8058 one-click when the caller has an unsubscribe link.

use std::str::FromStr;
use std::time::{Instant, SystemTime};

use jiff::Timestamp;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use sha2::{Digest, Sha256};

use super::{Message, Sent, TIMEOUT};

/// An SMTP server to send through, and who mail comes from.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// The right-hand side of Message-IDs: the From address's domain.
    domain: String,
    /// The server as shown to people: scheme, host and port, never the credentials.
    shown: String,
}

impl Mailer {
    /// A mailer for an SMTP URL in lettre's form and a From address (default
    /// `Longhand <longhand@HOST>`, HOST from the public URL).
    pub fn new(
        smtp_url: &str,
        mail_from: Option<&str>,
        public_url: Option<&str>,
    ) -> Result<Mailer, String> {
        let shown = shown_smtp(smtp_url)?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .map_err(|err| format!("smtp_url is not a usable SMTP URL: {err}"))?
            .timeout(Some(TIMEOUT))
            .build();
        let from = match mail_from {
            Some(text) => Mailbox::from_str(text.trim())
                .map_err(|err| format!("mail_from {text:?} is not an email address: {err}"))?,
            None => default_from(public_url)?,
        };
        let domain = from.email.domain().to_owned();
        Ok(Mailer {
            transport,
            from,
            domain,
            shown,
        })
    }

    /// How the server is named in reports: "smtp://127.0.0.1:2525".
    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// The From address.
    pub fn from(&self) -> String {
        self.from.to_string()
    }
}

fn default_from(public_url: Option<&str>) -> Result<Mailbox, String> {
    let host = public_url
        .and_then(|url| reqwest::Url::parse(url).ok())
        .and_then(|url| url.host_str().map(str::to_owned))
        .filter(|host| host.contains('.') && host.parse::<std::net::IpAddr>().is_err())
        .unwrap_or_else(|| "localhost".to_owned());
    Mailbox::from_str(&format!("Longhand <longhand@{host}>"))
        .map_err(|err| format!("cannot make a From address for {host}; set mail_from ({err})"))
}

/// The SMTP URL without its credentials, or why it is not one.
fn shown_smtp(url: &str) -> Result<String, String> {
    let parsed =
        reqwest::Url::parse(url).map_err(|err| format!("smtp_url is not a URL ({err})"))?;
    if !matches!(parsed.scheme(), "smtp" | "smtps") {
        return Err(format!(
            "smtp_url must start with smtp:// or smtps://, not {}://",
            parsed.scheme()
        ));
    }
    let host = parsed
        .host_str()
        .ok_or_else(|| "smtp_url has no host".to_owned())?;
    Ok(match parsed.port() {
        Some(port) => format!("{}://{host}:{port}", parsed.scheme()),
        None => format!("{}://{host}", parsed.scheme()),
    })
}

/// The root every message to one recipient about one thread replies to. It is never sent
/// itself; mail clients group the messages that reference it.
fn thread_root(to: &str, thread: &str, domain: &str) -> String {
    let digest = Sha256::digest(format!("{}\n{thread}", to.to_lowercase()).as_bytes());
    format!("<thread_{}@{domain}>", &hex::encode(digest)[..32])
}

/// The HTML part when the caller gave none: the text, escaped, in paragraphs, and the link.
fn html_from_text(text: &str, link: &str) -> String {
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let paragraphs: String = text
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| format!("<p>{}</p>\n", escape(p).replace('\n', "<br>\n")))
        .collect();
    format!(
        "<!doctype html>\n<html><body>\n{paragraphs}<p><a href=\"{}\">Open in Longhand</a></p>\n</body></html>\n",
        escape(link)
    )
}

/// What a mail carries besides the message: where it goes, when, and how to unsubscribe.
#[derive(Debug, Clone, Copy)]
pub struct Envelope<'a> {
    pub to: &'a str,
    pub now: Timestamp,
    /// An absolute link that pauses this channel (GET shows a page, POST pauses at once).
    pub unsubscribe: Option<&'a str>,
}

/// The mail, ready to send.
pub fn build(
    mailer: &Mailer,
    message: &Message<'_>,
    envelope: Envelope<'_>,
) -> Result<lettre::Message, String> {
    let to = Mailbox::from_str(envelope.to)
        .map_err(|err| format!("{:?} is not an email address: {err}", envelope.to))?;
    let root = thread_root(envelope.to, message.thread, &mailer.domain);
    let mut builder = lettre::Message::builder()
        .from(mailer.from.clone())
        .to(to)
        .subject(message.subject)
        .date(SystemTime::from(envelope.now))
        .message_id(Some(format!("<{}@{}>", message.id, mailer.domain)))
        .in_reply_to(root.clone())
        .references(root)
        .user_agent(concat!("Longhand/", env!("CARGO_PKG_VERSION")).to_owned());
    if let Some(url) = envelope.unsubscribe {
        builder = builder
            .raw_header(header("List-Unsubscribe", format!("<{url}>")))
            .raw_header(header(
                "List-Unsubscribe-Post",
                "List-Unsubscribe=One-Click".to_owned(),
            ));
    }
    let text = format!("{}\n\n{}\n", message.text.trim_end(), message.link);
    let html = match message.html {
        Some(html) => html.to_owned(),
        None => html_from_text(message.text, message.link),
    };
    builder
        .multipart(MultiPart::alternative_plain_html(text, html))
        .map_err(|err| format!("cannot build the email: {err}"))
}

fn header(name: &'static str, value: String) -> HeaderValue {
    HeaderValue::new(HeaderName::new_from_ascii_str(name), value)
}

/// Sends a message to one address.
pub async fn send(
    mailer: &Mailer,
    message: &Message<'_>,
    envelope: Envelope<'_>,
) -> Result<Sent, String> {
    let started = Instant::now();
    let mail = build(mailer, message, envelope)?;
    mailer
        .transport
        .send(mail)
        .await
        .map_err(|err| format!("{}: {err}", mailer.shown))?;
    Ok(Sent {
        via: mailer.shown.clone(),
        took: started.elapsed(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smtp_urls_are_shown_without_credentials() {
        assert_eq!(
            shown_smtp("smtp://user:pass@mail.example.com:587?tls=required").unwrap(),
            "smtp://mail.example.com:587"
        );
        let err = shown_smtp("http://mail.example.com").unwrap_err();
        assert!(err.contains("smtp://"), "{err}");
        assert!(Mailer::new("smtp://127.0.0.1:2525", Some("not an address"), None).is_err());
    }

    #[test]
    fn the_from_address_defaults_to_the_public_hosts_domain() {
        let mailer =
            Mailer::new("smtp://127.0.0.1:2525", None, Some("https://lh.example.com")).unwrap();
        assert_eq!(mailer.from(), "Longhand <longhand@lh.example.com>");
        let local = Mailer::new("smtp://127.0.0.1:2525", None, Some("http://127.0.0.1:8080"));
        assert_eq!(local.unwrap().from(), "Longhand <longhand@localhost>");
    }

    #[test]
    fn messages_about_one_thread_share_a_root_per_recipient() {
        let a = thread_root("Ana@example.com", "ask:12", "lh.example");
        assert_eq!(a, thread_root("ana@example.com", "ask:12", "lh.example"));
        assert_ne!(a, thread_root("ben@example.com", "ask:12", "lh.example"));
        assert_ne!(a, thread_root("ana@example.com", "ask:13", "lh.example"));
    }

    #[test]
    fn derived_html_is_escaped() {
        let html = html_from_text("a <b> & c\nd\n\ne", "https://x/asks/1?a=1&b=\"2\"");
        assert!(html.contains("<p>a &lt;b&gt; &amp; c<br>\nd</p>\n<p>e</p>"), "{html}");
        assert!(html.contains("href=\"https://x/asks/1?a=1&amp;b=&quot;2&quot;\""), "{html}");
    }
}
