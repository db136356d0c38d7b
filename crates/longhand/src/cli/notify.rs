//! `longhand notify test`: send one test message through a transport — email through the
//! configured SMTP server (`--to`), a JSON webhook signed per Standard Webhooks
//! (`--webhook URL [--secret whsec_…]`) or a Slack-compatible webhook (`--slack URL`) — and
//! print what happened. Exits 0 when the message went out, 1 when it did not.
//!
//! It needs no database: only the outbound settings (`smtp_url`, `mail_from`, `public_url`)
//! from flags, `LONGHAND_*` variables or the configuration file, and the same
//! `ops::deliveries::admin::send_test` the admin page's buttons call.

use super::config::{self, MailArgs};
use longhand_core::clock::Clock;
use longhand_core::ops::deliveries::admin::{self, TestTarget};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Subcommand)]
pub(crate) enum NotifyCommand {
    /// Send one test message and print what happened; exits 1 when it was not sent.
    Test(TestArgs),
}

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("target").required(true).args(["to", "webhook", "slack"])))]
pub(crate) struct TestArgs {
    /// An email address to send to through the configured SMTP server.
    #[arg(long, value_name = "EMAIL")]
    to: Option<String>,
    /// A JSON webhook URL to send a signed test delivery to.
    #[arg(long, value_name = "URL")]
    webhook: Option<String>,
    /// The webhook's whsec_… signing secret (default: a new one, printed).
    #[arg(long, value_name = "SECRET", requires = "webhook")]
    secret: Option<String>,
    /// A Slack-compatible incoming webhook URL.
    #[arg(long, value_name = "URL")]
    slack: Option<String>,
    #[command(flatten)]
    mail: MailArgs,
    /// The public URL links point to.
    #[arg(long, env = "LONGHAND_PUBLIC_URL", value_name = "URL")]
    public_url: Option<String>,
    /// A TOML configuration file (default: ./longhand.toml when it exists).
    #[arg(long, env = "LONGHAND_CONFIG", value_name = "FILE")]
    config: Option<PathBuf>,
}

pub(crate) async fn run(command: NotifyCommand) -> anyhow::Result<ExitCode> {
    match command {
        NotifyCommand::Test(args) => test(args).await,
    }
}

fn target(args: TestArgs) -> Option<TestTarget> {
    if let Some(to) = args.to {
        return Some(TestTarget::Email(to));
    }
    if let Some(url) = args.webhook {
        return Some(TestTarget::Webhook {
            url,
            secret: args.secret,
        });
    }
    args.slack.map(TestTarget::Slack)
}

async fn test(args: TestArgs) -> anyhow::Result<ExitCode> {
    let file = config::read_file(args.config.as_deref())?;
    let summary = config::FileConfigSummary {
        public_url: file.public_url,
        smtp_url: file.smtp_url,
        mail_from: file.mail_from,
        ..config::FileConfigSummary::default()
    };
    let public_url = args.public_url.clone().or(summary.public_url.clone());
    let outbound = args.mail.outbound(&summary, public_url.as_deref())?;
    let Some(target) = target(args) else {
        anyhow::bail!("give one of --to, --webhook and --slack");
    };
    let report = admin::send_test(&outbound, Clock::System.now(), target, "longhand notify test")
        .await
        .map_err(|err| anyhow::anyhow!("{err}"))?;
    if let Some(secret) = &report.generated_secret {
        println!("signed with a new secret: {secret}");
    }
    println!("message id: {}", report.id);
    if report.result.is_ok() {
        println!("{}", report.summary());
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("error: {}", report.summary());
        Ok(ExitCode::FAILURE)
    }
}
