//! Slack-compatible incoming webhooks (Slack, Mattermost, Rocket.Chat, Zulip's Slack
//! endpoint…): a POST of `{"text": …}` in Slack's mrkdwn, with a link to the item.

use super::{Message, Sent};
use serde_json::json;

/// The `text` of a message: the subject in bold as a link to the item, then the text.
pub fn text(message: &Message<'_>) -> String {
    let subject = escape(message.subject);
    let link = message.link.replace(['<', '>', '|'], "");
    let body = escape(message.text);
    if link.starts_with("http://") || link.starts_with("https://") {
        format!("*<{link}|{subject}>*\n{body}")
    } else {
        format!("*{subject}*\n{body}")
    }
}

/// Slack's three control characters in text (`&`, `<`, `>`), escaped as it asks.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Sends a message to an incoming-webhook URL.
pub async fn send(url: &str, message: &Message<'_>) -> Result<Sent, String> {
    let body = json!({ "text": text(message) }).to_string();
    super::post_json(url, &[], body).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message<'a>(subject: &'a str, link: &'a str) -> Message<'a> {
        Message {
            id: "msg_1",
            class: "urgent",
            subject,
            text: "Due <today> & soon",
            html: None,
            link,
            thread: "ask:1",
            key: "k",
            created_at: "2026-03-10T08:59:59.734512Z".parse().unwrap(),
        }
    }

    #[test]
    fn the_subject_links_to_the_item_and_text_is_escaped() {
        let shown = text(&message("Review <RFC> 7", "https://lh.example/asks/1"));
        assert_eq!(
            shown,
            "*<https://lh.example/asks/1|Review &lt;RFC&gt; 7>*\nDue &lt;today&gt; &amp; soon"
        );
        assert_eq!(
            text(&message("A", "/asks/1")),
            "*A*\nDue &lt;today&gt; &amp; soon"
        );
    }
}
