//! Configuration: flags, then `LONGHAND_*` environment variables, then an optional TOML file,
//! then defaults — in that order of precedence.
//!
//! clap already merges flags and environment variables (every flag names its variable); this
//! module fills whatever is still unset from the file and the defaults, and validates once.

use anyhow::{Context, bail};
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// Where the workspace's data lives. Every command that touches a workspace takes these.
#[derive(Debug, Clone, clap::Args)]
pub struct WorkspaceArgs {
    /// Directory for the SQLite database and other local files.
    #[arg(long, env = "LONGHAND_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Use this database instead of SQLite in the data directory (postgres://… or sqlite://…).
    #[arg(long, env = "LONGHAND_DATABASE_URL", value_name = "URL")]
    pub database_url: Option<String>,
    /// A TOML configuration file (default: ./longhand.toml when it exists).
    #[arg(long, env = "LONGHAND_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// The keys of the TOML file. Unknown keys are refused so a typo does not go unnoticed.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub data_dir: Option<PathBuf>,
    pub database_url: Option<String>,
    pub listen: Option<String>,
    pub public_url: Option<String>,
    pub log_format: Option<String>,
    pub smtp_url: Option<String>,
    pub mail_from: Option<String>,
    /// Sections that other commands read (e.g. `[lint]`); the server ignores them.
    #[serde(default)]
    pub lint: Option<toml::Table>,
}

/// Resolved location of the workspace's data.
#[derive(Debug, Clone)]
pub struct Workspace {
    pub data_dir: PathBuf,
    pub database_url: String,
    pub file: FileConfigSummary,
}

/// What of the file matters after resolution.
#[derive(Debug, Clone, Default)]
pub struct FileConfigSummary {
    pub listen: Option<String>,
    pub public_url: Option<String>,
    pub log_format: Option<String>,
    pub smtp_url: Option<String>,
    pub mail_from: Option<String>,
}

/// Reads the TOML file named by `--config`, or `./longhand.toml` when present.
pub fn read_file(explicit: Option<&Path>) -> anyhow::Result<FileConfig> {
    let path = match explicit {
        Some(path) => path.to_owned(),
        None if Path::new("longhand.toml").exists() => PathBuf::from("longhand.toml"),
        None => return Ok(FileConfig::default()),
    };
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read the configuration file {}", path.display()))?;
    toml::from_str(&text)
        .with_context(|| format!("{} is not a valid Longhand configuration", path.display()))
}

impl WorkspaceArgs {
    /// Resolves the data directory and database URL.
    pub fn resolve(&self) -> anyhow::Result<Workspace> {
        let file = read_file(self.config.as_deref())?;
        let data_dir = self
            .data_dir
            .clone()
            .or(file.data_dir)
            .unwrap_or_else(|| PathBuf::from("longhand-data"));
        let database_url = match self.database_url.clone().or(file.database_url) {
            Some(url) => url,
            None => sqlite_url(&data_dir),
        };
        check_database_url(&database_url)?;
        Ok(Workspace {
            data_dir,
            database_url,
            file: FileConfigSummary {
                listen: file.listen,
                public_url: file.public_url,
                log_format: file.log_format,
                smtp_url: file.smtp_url,
                mail_from: file.mail_from,
            },
        })
    }
}

fn sqlite_url(data_dir: &Path) -> String {
    format!(
        "sqlite://{}?mode=rwc",
        data_dir.join("longhand.sqlite3").display()
    )
}

fn check_database_url(url: &str) -> anyhow::Result<()> {
    let known = ["sqlite:", "postgres://", "postgresql://"];
    if known.iter().any(|prefix| url.starts_with(prefix)) {
        return Ok(());
    }
    bail!("unsupported database URL \"{url}\": use postgres://… or sqlite://…")
}

/// How the server sends email. Flags and variables win over the configuration file's
/// `smtp_url` and `mail_from`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct MailArgs {
    /// The SMTP server for email notifications, in lettre's URL form:
    /// smtp://user:pass@mail.example.com:587?tls=required, smtps://…:465, or plain
    /// smtp://127.0.0.1:2525 for a local relay. Without it email channels are unavailable.
    #[arg(long, env = "LONGHAND_SMTP_URL", value_name = "URL")]
    pub smtp_url: Option<String>,
    /// The From address of notification emails (default: longhand@ the public URL's host).
    #[arg(long, env = "LONGHAND_MAIL_FROM", value_name = "ADDRESS")]
    pub mail_from: Option<String>,
}

impl MailArgs {
    /// The outbound settings from these flags, the file's values and the public URL.
    pub fn outbound(
        &self,
        file: &FileConfigSummary,
        public_url: Option<&str>,
    ) -> anyhow::Result<longhand_core::outbound::OutboundConfig> {
        let smtp_url = self.smtp_url.clone().or(file.smtp_url.clone());
        let mail_from = self.mail_from.clone().or(file.mail_from.clone());
        longhand_core::outbound::OutboundConfig::new(
            public_url,
            smtp_url.as_deref().filter(|url| !url.trim().is_empty()),
            mail_from.as_deref(),
        )
        .map_err(|why| anyhow::anyhow!(why))
    }
}

/// Parses a listen address such as `127.0.0.1:8080` or `[::]:80`.
pub fn parse_listen(raw: &str) -> anyhow::Result<SocketAddr> {
    raw.parse().with_context(|| {
        format!("\"{raw}\" is not a listen address; use HOST:PORT such as 127.0.0.1:8080")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_urls_are_checked() {
        assert!(check_database_url("postgres://localhost/x").is_ok());
        assert!(check_database_url("sqlite://x.db").is_ok());
        let err = check_database_url("mysql://x").unwrap_err().to_string();
        assert!(err.contains("unsupported database URL"), "{err}");
    }

    #[test]
    fn unknown_file_keys_are_refused() {
        let err = toml::from_str::<FileConfig>("listn = \"x\"")
            .unwrap_err()
            .to_string();
        assert!(err.contains("listn"), "{err}");
    }
}
