//! `longhand notify test` against a real webhook receiver and a real SMTP server, and its
//! readable failures: a bad secret, a bad URL, no SMTP server, an unreachable one.

use crate::cli::run;
use crate::notify_support::{Receiver, SmtpSink, header, python, verify_with_reference};
use longhand_core::clock::Clock;
use serde_json::Value;

async fn notify(args: &[&str]) -> (i32, String, String) {
    let args: Vec<String> = ["notify", "test"]
        .iter()
        .chain(args)
        .map(|s| (*s).to_owned())
        .collect();
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run(&args, None)
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notify_test_sends_signed_webhooks_and_slack_messages_and_says_why_it_could_not() {
    let receiver = Receiver::start().await;
    let url = receiver.url.as_str();
    let (code, out, err) = notify(&["--webhook", url]).await;
    assert_eq!(code, 0, "{out}{err}");
    let secret = out
        .lines()
        .find_map(|l| l.strip_prefix("signed with a new secret: "))
        .expect("the generated secret is printed")
        .to_owned();
    let host = url.trim_end_matches("/hooks/longhand");
    assert!(
        out.contains(&format!("sent to {host} via {host} in ")),
        "{out}"
    );
    let given = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    let (code, out, _) = notify(&["--webhook", url, "--secret", given]).await;
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("new secret"), "{out}");
    let sent = receiver.accepted();
    assert_eq!(sent.len(), 2);
    let body: Value = serde_json::from_str(&sent[0].body).unwrap();
    assert_eq!(body["type"], "longhand.test");
    if let Some(python) = python() {
        let now = Clock::System.now().as_second();
        verify_with_reference(&python, &secret, now, &sent[..1]);
        verify_with_reference(&python, given, now, &sent[1..]);
    }

    let (code, out, _) = notify(&["--slack", url]).await;
    assert_eq!(code, 0, "{out}");
    let slack: Value = serde_json::from_str(&receiver.accepted()[2].body).unwrap();
    assert!(
        slack["text"]
            .as_str()
            .unwrap()
            .starts_with("*Longhand test message*"),
        "{slack}"
    );

    for (args, why) in [
        (
            vec![
                "--webhook",
                url,
                "--secret",
                "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            ],
            "starts with whsec_",
        ),
        (
            vec!["--webhook", url, "--secret", "whsec_c2hvcnQ="],
            "24 to 64 bytes",
        ),
        (
            vec!["--webhook", "ftp://example.com/x"],
            "http:// or https://",
        ),
        (vec!["--slack", "not a url"], "is not a URL"),
        (vec!["--to", "ops@example.org"], "email is not set up"),
        (
            vec!["--to", "nobody", "--smtp-url", "smtp://127.0.0.1:2525"],
            "not an email address",
        ),
        (
            vec![
                "--to",
                "ops@example.org",
                "--smtp-url",
                "http://mail.example.com",
            ],
            "smtp://",
        ),
    ] {
        let (code, out, err) = notify(&args).await;
        assert_eq!(code, 1, "{args:?}: {out}{err}");
        assert!(err.contains(why), "{args:?}: {err}");
    }
    let (code, _, err) = notify(&[]).await;
    assert_eq!(code, 2, "one of the targets is required: {err}");

    receiver.set_down(true);
    let (code, _, err) = notify(&["--webhook", url]).await;
    assert_eq!(code, 1);
    assert!(
        err.contains(&format!(
            "could not send to {host}: {host} answered HTTP 503"
        )),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notify_test_sends_email_through_the_configured_smtp_server_or_says_it_cannot_reach_it() {
    // Nothing listens on port 1 of loopback.
    let unreachable = [
        "--to",
        "ops@example.org",
        "--smtp-url",
        "smtp://127.0.0.1:1",
    ];
    let (code, out, err) = notify(&unreachable).await;
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("could not send to ops@example.org: smtp://127.0.0.1:1: "),
        "{err}"
    );

    let Some(python) = python() else { return };
    let sink = SmtpSink::start(&python);
    let smtp = sink.url();
    let args = [
        "--to",
        "ops@example.org",
        "--smtp-url",
        &smtp,
        "--mail-from",
        "ops-bot@example.org",
    ];
    let (code, out, err) = notify(&args).await;
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains(&format!("sent to ops@example.org via {smtp} in ")),
        "{out}"
    );
    let mails = sink.messages();
    assert_eq!(mails.len(), 1);
    assert_eq!(header(&mails[0], "To").as_deref(), Some("ops@example.org"));
    assert_eq!(
        header(&mails[0], "From").as_deref(),
        Some("ops-bot@example.org")
    );
    assert_eq!(
        header(&mails[0], "Subject").as_deref(),
        Some("Longhand test message")
    );
}
