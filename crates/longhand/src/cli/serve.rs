//! `longhand serve`: resolve the configuration, set up logging, open the store, seed the demo
//! when asked, and run the web server until a shutdown signal.

use super::config::{self, WorkspaceArgs};
use anyhow::bail;
use clap::ValueEnum;
use longhand_core::Store;
use longhand_core::clock::Clock;
use longhand_core::ops::{self, App};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub(crate) struct ServeArgs {
    #[command(flatten)]
    pub(crate) workspace: WorkspaceArgs,
    /// Address to listen on.
    #[arg(long, env = "LONGHAND_LISTEN", value_name = "ADDR")]
    pub(crate) listen: Option<String>,
    /// The public URL when behind a TLS proxy (https://… makes cookies Secure).
    #[arg(long, env = "LONGHAND_PUBLIC_URL", value_name = "URL")]
    pub(crate) public_url: Option<String>,
    #[command(flatten)]
    pub(crate) mail: config::MailArgs,
    /// Seed a demo workspace (once) and print how to sign in.
    #[arg(long, env = "LONGHAND_DEMO")]
    pub(crate) demo: bool,
    /// Log format.
    #[arg(long, env = "LONGHAND_LOG_FORMAT", value_enum)]
    pub(crate) log_format: Option<LogFormat>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum LogFormat {
    Text,
    Json,
}

pub(crate) async fn serve(args: ServeArgs) -> anyhow::Result<ExitCode> {
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
    app.set_search_dir(workspace.data_dir.join("search"));
    if args.demo {
        seed_demo(&app).await?;
    }
    let web_config = longhand_web::WebConfig {
        secure_cookies: public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://")),
    };
    let server = longhand_web::server::bind(app.clone(), listen, web_config).await?;
    let addr = server.local_addr()?;
    // Links in emails and webhooks must be absolute: without a public URL they point at the
    // address the server listens on, which is right for a server people reach directly.
    let link_base = public_url
        .clone()
        .unwrap_or_else(|| format!("http://{addr}"));
    app.set_outbound(args.mail.outbound(&workspace.file, Some(&link_base))?);
    tracing::info!(%addr, database = app.store().backend_name(), tzdb = longhand_core::tz::version(), "Longhand is listening");
    println!("Longhand is running at http://{addr}/");
    server
        .serve(longhand_web::server::shutdown_signal())
        .await?;
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
