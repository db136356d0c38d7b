//! The command line: `serve`, `migrate`, `admin`, `verify`, `backup`, `restore`, `calendar`.
//!
//! Each command resolves where the workspace lives, opens the store, and calls `ops`. Errors
//! become one readable line on stderr and a non-zero exit code.

use crate::calendar_json::CalendarJson;
use crate::clock::Clock;
use crate::config::{self, WorkspaceArgs};
use crate::ops::{self, App};
use crate::store::Store;
use anyhow::{Context, bail};
use clap::{Parser, Subcommand, ValueEnum};
use longhand_domain::calendar::BusinessDuration;
use longhand_domain::names::{DisplayName, Email, Handle};
use longhand_domain::workspace::Role;
use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Longhand: an async-first workspace for software teams.
#[derive(Debug, Parser)]
#[command(name = "longhand", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the web server.
    Serve(ServeArgs),
    /// Apply database migrations and exit.
    Migrate(WorkspaceOnly),
    /// Manage people and tokens from the terminal.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Check the hash chain of the event log; exits 1 naming the first bad entry.
    Verify(VerifyArgs),
    /// Write a consistent backup of the workspace (safe while the server runs).
    Backup(BackupArgs),
    /// Load a backup into an empty workspace.
    Restore(RestoreArgs),
    /// Business-time arithmetic on a member calendar file.
    #[command(subcommand)]
    Calendar(CalendarCommand),
    /// Check Markdown documents for completeness; exits 1 on errors, 2 on usage errors.
    Lint(crate::lint_cli::LintArgs),
    /// Audit meetings from .ics files: load, focus time and what to replace with writing.
    Audit(crate::audit_cli::AuditArgs),
    /// Write the documents a member may read to a git repository, one commit per revision.
    Export(crate::docsync_cli::ExportArgs),
    /// Read documents from files kept in git (folders of decision records).
    #[command(subcommand)]
    Import(crate::docsync_cli::ImportCommand),
}

#[derive(Debug, clap::Args)]
struct WorkspaceOnly {
    #[command(flatten)]
    workspace: WorkspaceArgs,
}

#[derive(Debug, clap::Args)]
struct ServeArgs {
    #[command(flatten)]
    workspace: WorkspaceArgs,
    /// Address to listen on.
    #[arg(long, env = "LONGHAND_LISTEN", value_name = "ADDR")]
    listen: Option<String>,
    /// The public URL when behind a TLS proxy (https://… makes cookies Secure).
    #[arg(long, env = "LONGHAND_PUBLIC_URL", value_name = "URL")]
    public_url: Option<String>,
    /// Seed a demo workspace (once) and print how to sign in.
    #[arg(long, env = "LONGHAND_DEMO")]
    demo: bool,
    /// Log format.
    #[arg(long, env = "LONGHAND_LOG_FORMAT", value_enum)]
    log_format: Option<LogFormat>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum OutputFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
enum AdminCommand {
    /// Create a person (reads the password from stdin with --password-stdin).
    CreateUser {
        #[command(flatten)]
        workspace: WorkspaceArgs,
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        handle: Option<String>,
        #[arg(long, default_value = "member")]
        role: String,
        /// IANA time zone of the person.
        #[arg(long, default_value = "UTC")]
        time_zone: String,
        /// Read the password from the first line of stdin.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Create an API token for a person; the token is the last line of stdout.
    CreateToken {
        #[command(flatten)]
        workspace: WorkspaceArgs,
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "CLI token")]
        name: String,
    },
}

#[derive(Debug, clap::Args)]
struct VerifyArgs {
    #[command(flatten)]
    workspace: WorkspaceArgs,
    #[arg(long, value_enum, default_value = "text")]
    format: OutputFormat,
}

#[derive(Debug, clap::Args)]
struct BackupArgs {
    #[command(flatten)]
    workspace: WorkspaceArgs,
    /// The file to write.
    #[arg(long, value_name = "FILE")]
    to: PathBuf,
}

#[derive(Debug, clap::Args)]
struct RestoreArgs {
    #[command(flatten)]
    workspace: WorkspaceArgs,
    /// The backup file to read.
    #[arg(long, value_name = "FILE")]
    from: PathBuf,
}

#[derive(Debug, Subcommand)]
enum CalendarCommand {
    /// Print the instant a business duration after START falls on (RFC 3339, UTC).
    Add {
        /// A member-calendar JSON file.
        #[arg(long, value_name = "FILE")]
        calendar: PathBuf,
        #[arg(long, required_unless_present = "batch")]
        start: Option<String>,
        /// `4h`, `90m`, `3d` (business days) or ISO 8601 (`PT4H`, `P3D`).
        #[arg(long, required_unless_present = "batch")]
        duration: Option<String>,
        /// Read JSON lines `{"start": …, "duration": …}` from stdin, one result per line.
        #[arg(long)]
        batch: bool,
    },
    /// Print the business seconds between two instants.
    Between {
        #[arg(long, value_name = "FILE")]
        calendar: PathBuf,
        #[arg(long, required_unless_present = "batch")]
        from: Option<String>,
        #[arg(long, required_unless_present = "batch")]
        to: Option<String>,
        /// Read JSON lines `{"from": …, "to": …}` from stdin, one result per line.
        #[arg(long)]
        batch: bool,
    },
}

/// Parses the command line, runs the command, and maps the outcome to an exit code.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(dispatch(cli.command)) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

async fn dispatch(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Serve(args) => serve(args).await,
        Command::Migrate(args) => {
            open(&args.workspace).await?;
            println!("migrations applied");
            Ok(ExitCode::SUCCESS)
        }
        Command::Admin(command) => admin(command).await,
        Command::Verify(args) => verify(args).await,
        Command::Backup(args) => backup(args).await,
        Command::Restore(args) => restore(args).await,
        Command::Calendar(command) => calendar(command),
        Command::Lint(args) => Ok(crate::lint_cli::run(args)),
        Command::Audit(args) => crate::audit_cli::run(args),
        Command::Export(args) => Ok(crate::docsync_cli::run_export(args).await),
        Command::Import(command) => Ok(crate::docsync_cli::run_import(command).await),
    }
}

/// Opens and migrates the workspace's store.
pub(crate) async fn open(args: &WorkspaceArgs) -> anyhow::Result<App> {
    let workspace = args.resolve()?;
    let store = Store::connect(&workspace.database_url).await?;
    store.migrate().await?;
    Ok(App::new(store, Clock::System))
}

fn init_tracing(format: Option<LogFormat>) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("LONGHAND_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format.unwrap_or(LogFormat::Text) {
        LogFormat::Json => builder.json().init(),
        LogFormat::Text => builder.init(),
    }
}

async fn serve(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let workspace = args.workspace.resolve()?;
    let log_format = match (args.log_format, workspace.file.log_format.as_deref()) {
        (Some(format), _) => Some(format),
        (None, Some("json")) => Some(LogFormat::Json),
        (None, Some("text") | None) => None,
        (None, Some(other)) => {
            bail!("log_format \"{other}\" in the configuration file must be text or json")
        }
    };
    init_tracing(log_format);
    let listen_text = args
        .listen
        .or(workspace.file.listen.clone())
        .unwrap_or_else(|| "127.0.0.1:8080".to_owned());
    let listen = config::parse_listen(&listen_text)?;
    let public_url = args.public_url.or(workspace.file.public_url.clone());
    let store = Store::connect(&workspace.database_url).await?;
    store.migrate().await?;
    let app = App::new(store, Clock::System);
    if args.demo {
        seed_demo(&app).await?;
    }
    let web_config = crate::web::WebConfig {
        secure_cookies: public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://")),
    };
    let server = crate::server::bind(app.clone(), listen, web_config).await?;
    let addr = server.local_addr()?;
    tracing::info!(%addr, database = app.store().dialect().name(), tzdb = crate::tz::version(), "Longhand is listening");
    println!("Longhand is running at http://{addr}/");
    server.serve(crate::server::shutdown_signal()).await?;
    Ok(ExitCode::SUCCESS)
}

async fn seed_demo(app: &App) -> anyhow::Result<()> {
    let seeded = ops::demo::seed(app)
        .await
        .map_err(|err| anyhow::anyhow!("seeding the demo failed: {err}"))?;
    if seeded {
        println!("Seeded the demo workspace.");
    }
    println!(
        "Demo sign-in: ana@example.com (admin), ben@example.com … hana@example.com (guest); password: {}",
        ops::demo::DEMO_PASSWORD
    );
    Ok(())
}

async fn admin(command: AdminCommand) -> anyhow::Result<ExitCode> {
    match command {
        AdminCommand::CreateUser {
            workspace,
            email,
            name,
            handle,
            role,
            time_zone,
            password_stdin,
        } => {
            let password = if password_stdin {
                Some(read_password()?)
            } else {
                None
            };
            let account = ops::auth::NewAccount {
                email: Email::parse(&email)?,
                name: DisplayName::parse(&name)?,
                handle: handle.as_deref().map(Handle::parse).transpose()?,
                role: Role::parse(&role)?,
                password: password
                    .as_deref()
                    .map(ops::auth::Password::parse)
                    .transpose()?,
                time_zone,
            };
            let app = open(&workspace).await?;
            let actor = ops::auth::create_account(&app, None, account).await?;
            println!("created {} (@{}, {})", actor.name, actor.handle, actor.role);
        }
        AdminCommand::CreateToken {
            workspace,
            email,
            name,
        } => {
            let app = open(&workspace).await?;
            let owner = ops::members::actor_by_email(&app, &email).await?;
            let issued = ops::auth::create_token(&app, None, &owner.handle, &name).await?;
            eprintln!(
                "token {} for @{} (shown once; store it now):",
                issued.record.prefix, owner.handle
            );
            println!("{}", issued.secret);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn read_password() -> anyhow::Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("cannot read the password from stdin")?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    if password.is_empty() {
        bail!("--password-stdin was given but stdin had no password");
    }
    Ok(password)
}

async fn verify(args: VerifyArgs) -> anyhow::Result<ExitCode> {
    let app = open(&args.workspace).await?;
    let outcome = ops::workspace::verify(&app).await?;
    let json = args.format == OutputFormat::Json;
    match outcome {
        Ok(head) => {
            if json {
                println!(
                    "{}",
                    serde_json::json!({ "ok": true, "entries": head.id, "head": head.hash })
                );
            } else {
                println!(
                    "event chain verified: {} entries, head {}",
                    head.id, head.hash
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(chain_break) => {
            if json {
                println!(
                    "{}",
                    serde_json::json!({ "ok": false, "first_bad_entry": chain_break.id, "reason": chain_break.reason })
                );
            } else {
                eprintln!(
                    "event chain broken at entry {}: {}",
                    chain_break.id, chain_break.reason
                );
            }
            Ok(ExitCode::FAILURE)
        }
    }
}

async fn backup(args: BackupArgs) -> anyhow::Result<ExitCode> {
    let app = open(&args.workspace).await?;
    let partial = args.to.with_extension("partial");
    let file = std::fs::File::create(&partial)
        .with_context(|| format!("cannot create {}", partial.display()))?;
    let mut writer = std::io::BufWriter::new(file);
    let summary = app.store().dump(app.now(), &mut writer).await?;
    writer.flush()?;
    writer.get_ref().sync_all()?;
    // Rename last, so a crash never leaves a truncated file under the real name.
    std::fs::rename(&partial, &args.to)
        .with_context(|| format!("cannot write {}", args.to.display()))?;
    println!(
        "backed up {} rows (event chain at entry {}) to {}",
        summary.rows,
        summary.chain_head_id,
        args.to.display()
    );
    Ok(ExitCode::SUCCESS)
}

async fn restore(args: RestoreArgs) -> anyhow::Result<ExitCode> {
    let file = std::fs::File::open(&args.from)
        .with_context(|| format!("cannot open {}", args.from.display()))?;
    let app = open(&args.workspace).await?;
    // The store verifies the chain against the header before it commits, so an error here
    // means nothing was written and the same command can be run again with a good file.
    let summary = app
        .store()
        .restore(&mut std::io::BufReader::new(file))
        .await
        .with_context(|| format!("cannot restore {}", args.from.display()))?;
    println!(
        "restored {} rows; event chain verified ({} entries)",
        summary.rows, summary.chain_head_id
    );
    Ok(ExitCode::SUCCESS)
}

fn load_calendar(path: &PathBuf) -> anyhow::Result<longhand_domain::calendar::Calendar> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    CalendarJson::parse_text(&text).map_err(|err| anyhow::anyhow!("{}: {err}", path.display()))
}

fn parse_instant(raw: &str) -> anyhow::Result<jiff::Timestamp> {
    longhand_domain::instant::parse(raw).map_err(|_| {
        anyhow::anyhow!("\"{raw}\" is not an RFC 3339 instant such as 2026-03-27T15:00:00Z")
    })
}

fn calendar(command: CalendarCommand) -> anyhow::Result<ExitCode> {
    match command {
        CalendarCommand::Add {
            calendar,
            start,
            duration,
            batch,
        } => {
            let calendar = load_calendar(&calendar)?;
            let add = |start: &str, duration: &str| -> anyhow::Result<String> {
                let duration = BusinessDuration::parse(duration)?;
                Ok(calendar.add(parse_instant(start)?, duration)?.to_string())
            };
            if batch {
                return run_batch(|line| add(field(line, "start")?, field(line, "duration")?));
            }
            println!(
                "{}",
                add(
                    start.as_deref().unwrap_or_default(),
                    duration.as_deref().unwrap_or_default()
                )?
            );
        }
        CalendarCommand::Between {
            calendar,
            from,
            to,
            batch,
        } => {
            let calendar = load_calendar(&calendar)?;
            let between = |from: &str, to: &str| -> anyhow::Result<String> {
                Ok(calendar
                    .between(parse_instant(from)?, parse_instant(to)?)
                    .as_secs()
                    .to_string())
            };
            if batch {
                return run_batch(|line| between(field(line, "from")?, field(line, "to")?));
            }
            println!(
                "{}",
                between(
                    from.as_deref().unwrap_or_default(),
                    to.as_deref().unwrap_or_default()
                )?
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn field<'a>(line: &'a serde_json::Value, name: &str) -> anyhow::Result<&'a str> {
    line.get(name)
        .and_then(serde_json::Value::as_str)
        .ok_or_else(|| anyhow::anyhow!("the line has no \"{name}\" string"))
}

/// Reads JSON lines from stdin and writes one result per line; a bad line gets an error
/// object in its place (`{"error": …}`) so output stays aligned with input.
fn run_batch(
    compute: impl Fn(&serde_json::Value) -> anyhow::Result<String>,
) -> anyhow::Result<ExitCode> {
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut failures = 0usize;
    for (number, line) in stdin.lock().lines().enumerate() {
        let line = line.context("cannot read stdin")?;
        if line.trim().is_empty() {
            continue;
        }
        let result = serde_json::from_str::<serde_json::Value>(&line)
            .map_err(|err| anyhow::anyhow!("line {}: not JSON: {err}", number + 1))
            .and_then(|value| compute(&value));
        match result {
            Ok(answer) => writeln!(out, "{answer}")?,
            Err(err) => {
                failures += 1;
                writeln!(
                    out,
                    "{}",
                    serde_json::json!({ "error": format!("line {}: {err:#}", number + 1) })
                )?;
            }
        }
    }
    out.flush()?;
    Ok(if failures == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
