//! The `steward` binary: the CLI and the wiring of the layers.

use anyhow::Context;
use clap::{Parser, Subcommand};
use std::net::SocketAddr;
use std::sync::Arc;
use steward_model::Model;
use steward_service::Service;
use steward_store::{redact_url, Db};

mod bench;
mod demo;

/// Steward: IT service management and IT governance in one binary.
#[derive(Parser)]
#[command(name = "steward", version, about)]
struct Cli {
    /// Database URL: sqlite://FILE (created if missing) or postgres://USER@HOST/DB.
    #[arg(
        long,
        global = true,
        env = "STEWARD_DATABASE_URL",
        default_value = "sqlite://steward.db"
    )]
    db: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API (migrates the database first).
    Serve {
        /// Address to listen on.
        #[arg(long, env = "STEWARD_BIND", default_value = "127.0.0.1:8080")]
        bind: SocketAddr,
        /// Load the demo agency first when the database is empty.
        #[arg(long)]
        demo: bool,
    },
    /// Create or upgrade the database schema.
    Migrate,
    /// Load a realistic sample agency into an empty database.
    Demo,
    /// The audit trail.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Load N service requests and measure the API; writes docs/performance.md figures.
    Bench(bench::BenchArgs),
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Walk the whole hash chain; exits non-zero naming the first entry that does not verify.
    Verify,
}

async fn open(url: &str) -> anyhow::Result<Service> {
    let db = Db::connect(url)
        .await
        .with_context(|| format!("cannot open the database {}", redact_url(url)))?;
    let service = Service::new(Arc::new(Model::builtin()), db);
    service
        .start()
        .await
        .context("cannot prepare the database")?;
    Ok(service)
}

#[tokio::main]
async fn main() {
    // One line per cause, no backtrace: these are messages for an operator, not a developer.
    if let Err(e) = run().await {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}

async fn run() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("STEWARD_LOG")
                .unwrap_or_else(|_| "info,sqlx=warn,tower_http=warn".into()),
        )
        .with_target(false)
        .init();
    let cli = Cli::parse();
    match cli.command {
        Command::Serve { bind, demo } => {
            let service = open(&cli.db).await?;
            if demo {
                demo::load_if_empty(&service).await?;
            }
            let listener = tokio::net::TcpListener::bind(bind)
                .await
                .with_context(|| format!("cannot listen on {bind}"))?;
            tracing::info!(address = %listener.local_addr()?, database = %redact_url(&cli.db), "steward is serving");
            axum::serve(listener, steward_api::router(service))
                .with_graceful_shutdown(shutdown())
                .await?;
        }
        Command::Migrate => {
            open(&cli.db).await?;
            println!("database {} is up to date", redact_url(&cli.db));
        }
        Command::Demo => {
            let service = open(&cli.db).await?;
            if !service.db().is_empty(service.model()).await? {
                anyhow::bail!("the database already holds records; the demo only loads into an empty database");
            }
            demo::load(&service).await?;
        }
        Command::Audit {
            command: AuditCommand::Verify,
        } => {
            let service = open(&cli.db).await?;
            let result = service
                .verify_audit(|n| eprintln!("verified {n} entries..."))
                .await?;
            match result {
                Ok(n) => println!("audit chain verified: {n} entries, all intact"),
                Err(b) => {
                    eprintln!("audit chain BROKEN: {b}");
                    std::process::exit(2);
                }
            }
        }
        Command::Bench(args) => bench::run(&cli.db, args).await?,
    }
    Ok(())
}

async fn shutdown() {
    let _ = tokio::signal::ctrl_c().await;
    tracing::info!("shutting down");
}
