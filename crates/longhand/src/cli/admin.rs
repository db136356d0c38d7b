//! `longhand admin`: create people and API tokens from the terminal, for the first admin and
//! for scripts.

use super::config::WorkspaceArgs;
use super::open;
use anyhow::{Context, bail};
use clap::Subcommand;
use longhand_core::ops;
use longhand_domain::names::{DisplayName, Email, Handle};
use longhand_domain::workspace::Role;
use std::io::BufRead;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub(crate) enum AdminCommand {
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

pub(crate) async fn admin(command: AdminCommand) -> anyhow::Result<ExitCode> {
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
