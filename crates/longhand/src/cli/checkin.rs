//! `longhand checkin`: answers the caller's check-in for the current period through the
//! HTTP API of a running server (`PUT /api/v1/teams/{team}/checkins/me`), so it works from
//! any machine with a token.
//!
//! Blockers (`"TEXT @handle"`) and help requests (`"@handle QUESTION"`) are parsed here with
//! the same domain rules the server applies, so a typo is reported before anything is sent.
//! Without `--team`, the caller's only team that checks in is used.

use super::OutputFormat;
use anyhow::{Context, anyhow, bail};
use longhand_domain::checkins::{parse_blocker, parse_help};
use serde_json::{Value, json};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub(crate) struct CheckinArgs {
    /// What you did since your last check-in.
    #[arg(long, default_value = "")]
    done: String,
    /// What you will do next.
    #[arg(long, default_value = "")]
    next: String,
    /// A blocker, "TEXT @handle" (who can unblock it); repeatable.
    #[arg(long = "blocker", value_name = "TEXT @HANDLE")]
    blockers: Vec<String>,
    /// Help you need, "@handle QUESTION"; becomes an ask to that person. Repeatable.
    #[arg(long = "help-needed", value_name = "@HANDLE QUESTION")]
    help_needed: Vec<String>,
    /// A note for the team.
    #[arg(long, default_value = "")]
    note: String,
    /// The team's slug; your only team that checks in when absent.
    #[arg(long)]
    team: Option<String>,
    /// The server's address, such as http://127.0.0.1:8080.
    #[arg(long, env = "LONGHAND_SERVER", value_name = "URL")]
    server: Option<String>,
    /// An API token (Settings → tokens, or `longhand admin create-token`).
    #[arg(
        long,
        env = "LONGHAND_TOKEN",
        value_name = "TOKEN",
        hide_env_values = true
    )]
    token: Option<String>,
    #[arg(long, value_enum, default_value = "text")]
    format: OutputFormat,
}

/// Runs the command: exit 0 when the check-in was recorded, 1 when it was refused or the
/// server could not be reached.
pub(crate) async fn run(args: CheckinArgs) -> ExitCode {
    match checkin(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

struct Client {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Client {
    async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&Value>,
    ) -> anyhow::Result<Value> {
        let url = format!("{}{path}", self.base);
        let mut request = self.http.request(method, &url).bearer_auth(&self.token);
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request
            .send()
            .await
            .with_context(|| format!("cannot reach the server at {}", self.base))?;
        let status = response.status();
        let text = response
            .text()
            .await
            .context("cannot read the server's answer")?;
        let value: Value = serde_json::from_str(&text).unwrap_or(Value::String(text));
        if status.is_success() {
            return Ok(value);
        }
        let message = value
            .pointer("/error/message")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .unwrap_or_else(|| format!("the server answered {status}"));
        Err(anyhow!("{message} (HTTP {})", status.as_u16()))
    }
}

fn client(args: &CheckinArgs) -> anyhow::Result<Client> {
    let Some(server) = args
        .server
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    else {
        bail!("name the server with --server URL or LONGHAND_SERVER");
    };
    let Some(token) = args
        .token
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    else {
        bail!("give an API token with --token or LONGHAND_TOKEN (Settings → tokens)");
    };
    if !server.starts_with("http://") && !server.starts_with("https://") {
        bail!("--server must be an http:// or https:// address, not \"{server}\"");
    }
    Ok(Client {
        http: reqwest::Client::new(),
        base: server.trim_end_matches('/').to_owned(),
        token: token.to_owned(),
    })
}

fn body(args: &CheckinArgs) -> anyhow::Result<Value> {
    let mut blockers = Vec::new();
    for raw in &args.blockers {
        let b = parse_blocker(raw).map_err(|e| anyhow!("{e}"))?;
        blockers.push(json!({ "text": b.text, "owner": b.owner.as_str() }));
    }
    let mut help = Vec::new();
    for raw in &args.help_needed {
        let h = parse_help(raw).map_err(|e| anyhow!("{e}"))?;
        help.push(json!({ "to": h.to.as_str(), "question": h.question }));
    }
    Ok(
        json!({ "done": args.done, "next": args.next, "note": args.note, "blockers": blockers, "help_needed": help }),
    )
}

/// The team to check in with: `--team`, or the caller's only team that checks in.
async fn team(client: &Client, args: &CheckinArgs) -> anyhow::Result<String> {
    if let Some(team) = &args.team {
        return Ok(team.trim().to_owned());
    }
    let mine = client
        .send(reqwest::Method::GET, "/api/v1/me/checkins", None)
        .await?;
    let slugs: Vec<&str> = mine
        .as_array()
        .map(|all| all.iter().filter_map(|m| m["team"].as_str()).collect())
        .unwrap_or_default();
    match slugs.as_slice() {
        [one] => Ok((*one).to_owned()),
        [] => bail!("none of your teams checks in; a team's DRI sets a schedule on the team page"),
        many => bail!(
            "you are in several teams that check in ({}); choose one with --team",
            many.join(", ")
        ),
    }
}

async fn checkin(args: CheckinArgs) -> anyhow::Result<()> {
    let body = body(&args)?;
    let client = client(&args)?;
    let team = team(&client, &args).await?;
    let path = format!("/api/v1/teams/{team}/checkins/me");
    let answered = client
        .send(reqwest::Method::PUT, &path, Some(&body))
        .await?;
    match args.format {
        OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&answered)?),
        OutputFormat::Text => print_text(&answered),
    }
    Ok(())
}

fn print_text(answered: &Value) {
    let checkin = &answered["checkin"];
    let verb = if answered["created"].as_bool() == Some(true) {
        "Checked in"
    } else {
        "Check-in updated"
    };
    let late = if answered["late"].as_bool() == Some(true) {
        ", marked late"
    } else {
        ""
    };
    println!(
        "{verb} for {} ({}){late}",
        checkin["team_name"].as_str().unwrap_or_default(),
        checkin["period"]["date"].as_str().unwrap_or_default()
    );
    for field in ["done", "next", "note"] {
        let text = checkin["checkin"][field].as_str().unwrap_or_default();
        if !text.is_empty() {
            println!("  {field}: {text}");
        }
    }
    for b in checkin["blockers"].as_array().into_iter().flatten() {
        println!(
            "  blocker #{}: {} (@{}, {})",
            b["id"],
            b["text"].as_str().unwrap_or_default(),
            b["owner"].as_str().unwrap_or_default(),
            b["state"].as_str().unwrap_or_default()
        );
    }
    for h in checkin["help_needed"].as_array().into_iter().flatten() {
        println!(
            "  help needed, ask #{}: @{} — {}",
            h["ask"],
            h["to"].as_str().unwrap_or_default(),
            h["question"].as_str().unwrap_or_default()
        );
    }
}
