//! Email through a real SMTP server (Python's aiosmtpd, `scripts/smtp_sink.py`): both parts,
//! the headers mail clients thread and unsubscribe by, and the one-click unsubscribe link
//! working without a session.

use crate::both_databases;
use crate::deliveries::urgent;
use crate::helpers::TestApp;
use crate::notify_support::{SmtpSink, header, python};
use longhand_core::ops::deliveries::{self, Outgoing};
use longhand_core::outbound::OutboundConfig;
use longhand_domain::workspace::Role;
use serde_json::json;

both_databases!(
    email_reaches_a_real_smtp_server_with_both_parts_threading_headers_and_one_click_unsubscribe,
    |app: TestApp| async move {
        let Some(python) = python() else { return };
        let sink = SmtpSink::start(&python);
        let from = "Longhand <notify@longhand.example.com>";
        let config = OutboundConfig::new(Some(&app.url), Some(&sink.url()), Some(from)).unwrap();
        app.app.set_outbound(config);
        let mel = app.signed_in("mel", Role::Member).await;
        let (status, added) = mel
            .post("/api/v1/me/channels", json!({"kind": "email"}))
            .await;
        assert_eq!(status, 201, "{added}");
        let (_, list) = mel.get("/api/v1/me/channels").await;
        assert_eq!(list["email_available"], true);

        let later = Outgoing {
            key: "notification:7b".to_owned(),
            subject: "Reminder: RFC 7 is due soon".to_owned(),
            ..urgent(7)
        };
        for message in [urgent(7), later, urgent(8)] {
            assert_eq!(
                deliveries::send(&app.app, mel.actor.id, &message)
                    .await
                    .unwrap(),
                1
            );
        }
        assert_eq!(app.run_due_jobs().await, 3);
        let mails = sink.messages();
        assert_eq!(mails.len(), 3);
        let first = &mails[0];
        let get = |mail: &str, name: &str| {
            header(mail, name).unwrap_or_else(|| panic!("{name} in {mail}"))
        };
        assert_eq!(get(first, "From"), from);
        assert_eq!(get(first, "To"), "mel@example.org");
        assert_eq!(get(first, "Subject"), "Review requested: RFC 7");
        let content_type = get(first, "Content-Type");
        assert!(
            content_type.starts_with("multipart/alternative"),
            "{content_type}"
        );
        assert!(
            first.contains("Content-Type: text/plain; charset=utf-8"),
            "{first}"
        );
        assert!(
            first.contains("Content-Type: text/html; charset=utf-8"),
            "{first}"
        );
        assert!(
            first.contains(&format!("{}/asks/7", app.url)),
            "an absolute link: {first}"
        );

        let ids: Vec<String> = mails.iter().map(|m| get(m, "Message-ID")).collect();
        assert!(
            ids.iter()
                .all(|id| id.starts_with("<msg_") && id.ends_with("@longhand.example.com>")),
            "{ids:?}"
        );
        assert!(
            ids[0] != ids[1] && ids[1] != ids[2],
            "one per delivery: {ids:?}"
        );
        let root = get(first, "In-Reply-To");
        assert_eq!(get(first, "References"), root);
        assert_eq!(
            (get(&mails[1], "In-Reply-To"), get(&mails[1], "References")),
            (root.clone(), root.clone()),
            "the same ask threads together"
        );
        assert_ne!(
            get(&mails[2], "In-Reply-To"),
            root,
            "another ask, another thread"
        );

        let unsubscribe = get(first, "List-Unsubscribe");
        assert_eq!(
            get(first, "List-Unsubscribe-Post"),
            "List-Unsubscribe=One-Click"
        );
        let link = unsubscribe
            .trim_start_matches('<')
            .trim_end_matches('>')
            .to_owned();
        assert!(
            link.starts_with(&format!("{}/unsubscribe/", app.url)),
            "{link}"
        );

        // The link works without a session: the page asks first, the one-click POST pauses.
        let anonymous = reqwest::Client::new();
        let page = anonymous.get(&link).send().await.unwrap();
        assert_eq!(page.status(), 200);
        assert!(page.text().await.unwrap().contains("Unsubscribe?"));
        let (_, list) = mel.get("/api/v1/me/channels").await;
        assert_eq!(
            list["items"][0]["paused"], false,
            "opening the link pauses nothing"
        );
        let click = anonymous
            .post(&link)
            .body("List-Unsubscribe=One-Click")
            .header("content-type", "application/x-www-form-urlencoded")
            .send()
            .await
            .unwrap();
        assert_eq!(click.status(), 200);
        assert!(click.text().await.unwrap().contains("Unsubscribed"));
        let (_, list) = mel.get("/api/v1/me/channels").await;
        assert_eq!(list["items"][0]["paused"], true);
        assert_eq!(
            deliveries::send(&app.app, mel.actor.id, &urgent(9))
                .await
                .unwrap(),
            0
        );

        let (id, tag) = link.rsplit('/').next().unwrap().split_once('.').unwrap();
        let other = format!(
            "{}/unsubscribe/{}.{tag}",
            app.url,
            id.parse::<i64>().unwrap() + 1
        );
        assert_eq!(
            anonymous.post(&other).send().await.unwrap().status(),
            404,
            "a token names one channel"
        );
        let garbled = format!("{}/unsubscribe/{id}.00{tag}", app.url);
        assert_eq!(anonymous.get(&garbled).send().await.unwrap().status(), 404);
        app.stop().await;
    }
);
