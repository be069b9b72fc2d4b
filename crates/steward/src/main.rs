//! The `steward` binary: the CLI and the wiring of the layers.

use anyhow::Context;
use clap::{Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use steward_model::Model;
use steward_service::Service;
use steward_store::{redact_url, Db};

mod audit;
mod backup;
mod bench;
mod bench_jobs;
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
    /// The lifecycles and approval chains to run, instead of the built-in ones: a file in the
    /// format of `steward workflows --declaration` (checked against the model at start).
    #[arg(long, global = true, env = "STEWARD_LIFECYCLES", value_name = "FILE")]
    lifecycles: Option<std::path::PathBuf>,
    /// Keep attachments' bytes as files in this directory (named by their SHA-256, made if
    /// missing) instead of in the database; files already in the database stay readable there.
    #[arg(
        long,
        global = true,
        env = "STEWARD_ATTACHMENTS_DIR",
        value_name = "DIR"
    )]
    attachments_dir: Option<std::path::PathBuf>,
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
        /// The URL people reach Steward at; cookies are marked Secure when it is https.
        #[arg(
            long,
            env = "STEWARD_PUBLIC_URL",
            default_value = "http://127.0.0.1:8080"
        )]
        public_url: String,
        #[command(flatten)]
        oidc: OidcArgs,
        #[command(flatten)]
        limits: LimitArgs,
        #[command(flatten)]
        jobs: JobArgs,
        #[command(flatten)]
        mail: Box<MailArgs>,
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
    /// Local user accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// API tokens for scripts and integrations.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Copy a live SQLite database consistently into FILE, with its audit head and row counts in FILE.json.
    Backup {
        /// The backup file to create (never replaced).
        file: PathBuf,
    },
    /// Restore a backup into the SQLite database of --db, checking its chain, head and counts.
    Restore {
        /// The backup file; its manifest FILE.json must be beside it.
        file: PathBuf,
        /// Replace the database at --db when it already holds one (stop Steward first).
        #[arg(long)]
        force: bool,
    },
    /// Load N service requests and measure the API; writes docs/performance.md figures.
    Bench(bench::BenchArgs),
    /// The jobs Steward runs as time passes (service levels, timers).
    Jobs {
        #[command(subcommand)]
        command: JobsCommand,
    },
    /// Print docs/WORKFLOWS.md: every lifecycle as a state diagram, from its declaration.
    Workflows {
        /// Print the built-in declaration instead: the starting point of a `--lifecycles` file.
        #[arg(long)]
        declaration: bool,
    },
}

/// What one client may ask of the server.
#[derive(clap::Args)]
struct LimitArgs {
    /// Seconds a client has to send a request's headers (and to start its next request).
    #[arg(long, env = "STEWARD_HEADER_TIMEOUT", default_value_t = 10)]
    header_timeout: u64,
    /// Seconds a whole request may take, reading its body included (408 after).
    #[arg(long, env = "STEWARD_REQUEST_TIMEOUT", default_value_t = 30)]
    request_timeout: u64,
    /// Seconds a connection may stay open without traffic.
    #[arg(long, env = "STEWARD_IDLE_TIMEOUT", default_value_t = 75)]
    idle_timeout: u64,
    /// Connections one client address may hold open at once.
    #[arg(
        long,
        env = "STEWARD_MAX_CONNECTIONS_PER_ADDRESS",
        default_value_t = 64
    )]
    max_connections_per_address: usize,
}

/// Single sign-on with an OpenID Connect provider (off unless an issuer is given).
#[derive(clap::Args)]
struct OidcArgs {
    /// The provider's issuer URL; its discovery document is read from it.
    #[arg(long, env = "STEWARD_OIDC_ISSUER")]
    oidc_issuer: Option<String>,
    /// The client id Steward is registered under at the provider.
    #[arg(long, env = "STEWARD_OIDC_CLIENT_ID", default_value = "steward")]
    oidc_client_id: String,
    /// The client secret, if the provider issued one.
    #[arg(long, env = "STEWARD_OIDC_CLIENT_SECRET", hide_env_values = true)]
    oidc_client_secret: Option<String>,
    /// The ID token claim listing Steward role names to grant.
    #[arg(long, env = "STEWARD_OIDC_ROLES_CLAIM", default_value = "roles")]
    oidc_roles_claim: String,
    /// Create a person and an account on a first sign-in.
    #[arg(long, env = "STEWARD_OIDC_CREATE_USERS", default_value_t = false)]
    oidc_create_users: bool,
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a local account; its password is STEWARD_USER_PASSWORD, or a generated one printed once.
    Create {
        /// The user name to sign in with.
        name: String,
        /// The person's full name ("First Last"); a person of that name is created if none exists.
        #[arg(long)]
        person: String,
        /// A role to grant (repeatable), e.g. --role Requester --role Approver.
        #[arg(long = "role")]
        roles: Vec<String>,
    },
}

#[derive(Subcommand)]
enum JobsCommand {
    /// List the jobs and their default schedules.
    List,
    /// Run one job once, now, in this process, and print what it did.
    Run {
        /// The job's name (see `steward jobs list`).
        name: String,
    },
    /// Queue one run of a job at an instant, for the servers' schedulers to run once.
    Schedule {
        /// The job's name (see `steward jobs list`).
        name: String,
        /// When it is due (RFC 3339, e.g. 2026-12-24T09:00:00Z); now when not given.
        #[arg(long)]
        at: Option<String>,
        /// A key that makes it idempotent: the same key twice queues one run.
        #[arg(long)]
        key: Option<String>,
        /// What the run reads, a JSON object (the heartbeat's hold_ms).
        #[arg(long, default_value = "{}")]
        payload: String,
    },
    /// How many queued runs of each job are pending, running, done or failed.
    Queue,
}

/// The job scheduler of `steward serve`: every server runs it; leases in the database make the
/// servers run each due run once.
#[derive(clap::Args)]
struct JobArgs {
    /// Do not run jobs or deliver messages on this server (another server does).
    #[arg(long, env = "STEWARD_NO_JOBS")]
    no_jobs: bool,
    /// A job's schedule instead of its default, as NAME=SCHEDULE: off, every 30s|5m|1h, hourly,
    /// daily HH:MM [ZONE]. Repeatable.
    #[arg(long = "schedule", value_parser = parse_schedule)]
    schedules: Vec<(String, steward_service::Schedule)>,
    /// Milliseconds between two looks at the queue.
    #[arg(long, env = "STEWARD_JOB_TICK_MS", default_value_t = 1000)]
    job_tick_ms: u64,
    /// Seconds a claimed run is leased for before another server may take it over.
    #[arg(long, env = "STEWARD_JOB_LEASE_SECONDS", default_value_t = 60)]
    job_lease_seconds: u64,
    /// Seconds before the first retry of a failed run or delivery (doubling each time, at most an hour).
    #[arg(long, env = "STEWARD_JOB_RETRY_SECONDS", default_value_t = 10.0)]
    job_retry_seconds: f64,
}

/// Mail out (docs/MAIL.md): without --smtp-url, Steward sends no mail.
#[derive(clap::Args)]
struct MailArgs {
    /// The SMTP server: smtp://HOST:PORT (plain, for a local relay), smtp://USER:PASS@HOST:587?tls=required
    /// (STARTTLS), smtps://USER:PASS@HOST (TLS).
    #[arg(long, env = "STEWARD_SMTP_URL")]
    smtp_url: Option<String>,
    /// The sender of Steward's mail.
    #[arg(
        long,
        env = "STEWARD_MAIL_FROM",
        default_value = "Steward <steward@localhost>"
    )]
    mail_from: String,
    /// The service desk's address: replies to a mail go to DESK+TOKEN (mail in).
    #[arg(long, env = "STEWARD_MAIL_DESK")]
    mail_desk: Option<String>,
    /// Take the desk's mail over SMTP on this address (the agency's mail server relays it here):
    /// replies become notes, new mail opens requests (docs/MAIL.md).
    #[arg(long, env = "STEWARD_MAIL_IN_BIND")]
    mail_in_bind: Option<SocketAddr>,
}

fn parse_schedule(s: &str) -> Result<(String, steward_service::Schedule), String> {
    let (name, spec) = s
        .split_once('=')
        .ok_or_else(|| format!("'{s}' is not NAME=SCHEDULE"))?;
    if steward_service::job(name).is_none() {
        return Err(format!("there is no job '{name}' (see steward jobs list)"));
    }
    Ok((name.to_string(), spec.parse()?))
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Create a token and print it once (only its hash is stored).
    Create {
        /// The user the token acts for.
        #[arg(long)]
        user: String,
        /// A label saying what the token is for.
        #[arg(long)]
        name: String,
        /// How long it lives: days (`90d` or `90`), weeks (`12w`) or years (`1y`); at most 365 days.
        #[arg(long, value_parser = parse_days)]
        expires_in: i64,
        /// What it may do: read, write or admin.
        #[arg(long, default_value = "read", value_parser = ["read", "write", "admin"])]
        scope: String,
    },
    /// Revoke a token by its id: it stops working at once.
    Revoke {
        /// The token's id (see GET /api/v1/api_tokens).
        id: uuid::Uuid,
    },
}

/// `90d`, `90`, `12w`, `1y` as a number of days.
fn parse_days(s: &str) -> Result<i64, String> {
    let s = s.trim();
    let (digits, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len()));
    let n: i64 = digits
        .parse()
        .map_err(|_| format!("'{s}' is not a duration like 90d, 12w or 1y"))?;
    match unit {
        "" | "d" => Ok(n),
        "w" => Ok(n * 7),
        "y" => Ok(n * 365),
        _ => Err(format!("'{s}': use d (days), w (weeks) or y (years)")),
    }
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Walk the whole hash chain; exits non-zero naming the first entry that does not verify.
    /// With --checkpoint, also proves nothing up to each checkpointed entry was removed or rewritten.
    Verify {
        /// A checkpoint file from `steward audit checkpoint` (repeatable).
        #[arg(long = "checkpoint", value_name = "FILE")]
        checkpoints: Vec<PathBuf>,
        /// The public key (SPKI PEM) the checkpoints must be signed with.
        #[arg(long, value_name = "FILE")]
        pubkey: Option<PathBuf>,
    },
    /// Write a new Ed25519 signing key (PKCS#8 PEM, mode 0600) and print its public key.
    Keygen {
        /// Where to write the private key; an existing file is never replaced.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Print the public key (SPKI PEM) of the signing key, for auditors and OpenSSL.
    Pubkey {
        #[command(flatten)]
        key: KeyFile,
    },
    /// Sign the chain head, record the checkpoint in the chain and write it out (JSON).
    Checkpoint {
        #[command(flatten)]
        key: KeyFile,
        /// Write the checkpoint here (never replacing a file) instead of to stdout.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

/// The audit signing key: a file outside the database.
#[derive(clap::Args)]
struct KeyFile {
    /// The private key file (PKCS#8 PEM) from `steward audit keygen`.
    #[arg(long = "key", env = "STEWARD_AUDIT_KEY_FILE", value_name = "FILE")]
    key: PathBuf,
}

/// The global options every command that opens the service reads.
struct Opening {
    db: String,
    lifecycles: Option<PathBuf>,
    attachments_dir: Option<PathBuf>,
}

/// The processes to run: the built-in declaration, or the administrator's file.
fn processes(
    lifecycles: Option<&std::path::Path>,
    model: &Model,
) -> anyhow::Result<steward_service::Processes> {
    match lifecycles {
        None => steward_service::Processes::builtin(model).map_err(anyhow::Error::msg),
        Some(file) => {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("cannot read the lifecycles in {}", file.display()))?;
            steward_service::Processes::parse(&text, model).map_err(|e| {
                anyhow::anyhow!(
                    "the lifecycles in {} do not fit the model: {e}",
                    file.display()
                )
            })
        }
    }
}

/// The service over the database of `--db`, with the processes and the attachment storage the
/// global options say.
async fn open(cli: &Opening) -> anyhow::Result<Service> {
    let url = &cli.db;
    let model = Model::builtin();
    let processes = processes(cli.lifecycles.as_deref(), &model)?;
    let db = Db::connect(url)
        .await
        .with_context(|| format!("cannot open the database {}", redact_url(url)))?;
    let mut service = Service::with_processes(Arc::new(model), db, processes);
    if let Some(dir) = &cli.attachments_dir {
        service = service.with_attachments_dir(dir.clone());
    }
    service
        .start()
        .await
        .context("cannot prepare the database")?;
    // The first administrator: STEWARD_ADMIN_PASSWORD, or a random password shown once, here.
    let password = std::env::var("STEWARD_ADMIN_PASSWORD")
        .ok()
        .filter(|p| !p.is_empty());
    if let Some(generated) = service
        .ensure_admin_account(password.as_deref())
        .await
        .context("cannot create the administrator")?
    {
        eprintln!("Created the administrator account 'admin' with the password: {generated}");
        eprintln!("It is shown only this once. Set STEWARD_ADMIN_PASSWORD before the first start to choose it.");
    }
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
        // Logs go to stderr: stdout carries only what a command prints (a token, a password), so
        // `TOKEN=$(steward token create …)` never captures a log line.
        .with_writer(std::io::stderr)
        .init();
    let Cli {
        db,
        lifecycles,
        attachments_dir,
        command,
    } = Cli::parse();
    let cli = Opening {
        db,
        lifecycles,
        attachments_dir,
    };
    match command {
        Command::Serve {
            bind,
            demo,
            public_url,
            oidc,
            limits,
            jobs,
            mail,
        } => {
            let mut service = open(&cli).await?;
            if let Some(url) = &mail.smtp_url {
                let config = steward_service::MailConfig::from_url(
                    url,
                    &mail.mail_from,
                    &public_url,
                    mail.mail_desk.as_deref(),
                )
                .map_err(anyhow::Error::msg)?;
                service = service.with_mail(config);
            }
            if demo {
                demo::load_if_empty(&service).await?;
            }
            if let Some(at) = mail.mail_in_bind {
                anyhow::ensure!(
                    mail.smtp_url.is_some() && mail.mail_desk.is_some(),
                    "--mail-in-bind needs --smtp-url and --mail-desk"
                );
                let listener = std::net::TcpListener::bind(at)
                    .with_context(|| format!("cannot listen for mail on {at}"))?;
                steward_api::mail_in::listen(service.clone(), listener)?;
                tracing::info!(address = %at, "steward takes the desk's mail");
            }
            let (stop_jobs, jobs_stopped) = tokio::sync::oneshot::channel::<()>();
            let scheduler = (!jobs.no_jobs).then(|| {
                let config = steward_service::SchedulerConfig {
                    tick: std::time::Duration::from_millis(jobs.job_tick_ms.max(10)),
                    lease: std::time::Duration::from_secs(jobs.job_lease_seconds.max(1)),
                    retry_base: std::time::Duration::from_secs_f64(
                        jobs.job_retry_seconds.max(0.01),
                    ),
                    schedules: jobs.schedules.into_iter().collect(),
                    ..Default::default()
                };
                let service = service.clone();
                tokio::spawn(async move {
                    service
                        .run_scheduler(config, async {
                            let _ = jobs_stopped.await;
                        })
                        .await
                })
            });
            let listener = tokio::net::TcpListener::bind(bind)
                .await
                .with_context(|| format!("cannot listen on {bind}"))?;
            tracing::info!(address = %listener.local_addr()?, database = %redact_url(&cli.db), "steward is serving");
            let limits = steward_api::server::Limits {
                header_read_timeout: std::time::Duration::from_secs(limits.header_timeout.max(1)),
                request_timeout: std::time::Duration::from_secs(limits.request_timeout.max(1)),
                idle_timeout: std::time::Duration::from_secs(limits.idle_timeout.max(1)),
                max_connections_per_address: limits.max_connections_per_address.max(1),
                ..Default::default()
            };
            let config = steward_api::ApiConfig {
                limits: limits.clone(),
                secure_cookies: public_url.starts_with("https://"),
                oidc: oidc.oidc_issuer.map(|issuer| steward_api::OidcConfig {
                    issuer,
                    client_id: oidc.oidc_client_id,
                    client_secret: oidc.oidc_client_secret,
                    redirect_url: format!(
                        "{}/auth/oidc/callback",
                        public_url.trim_end_matches('/')
                    ),
                    roles_claim: oidc.oidc_roles_claim,
                    create_users: oidc.oidc_create_users,
                }),
            };
            let app = steward_web::app(service, config);
            steward_api::server::serve(listener, app, limits, shutdown()).await?;
            let _ = stop_jobs.send(());
            if let Some(scheduler) = scheduler {
                let _ = scheduler.await;
            }
        }
        Command::Migrate => {
            open(&cli).await?;
            println!("database {} is up to date", redact_url(&cli.db));
        }
        Command::Demo => {
            let service = open(&cli).await?;
            if !service.db().is_empty(service.model()).await? {
                anyhow::bail!("the database already holds records; the demo only loads into an empty database");
            }
            demo::load(&service).await?;
        }
        Command::Audit { command } => match command {
            AuditCommand::Verify {
                checkpoints,
                pubkey,
            } => audit::verify(&open(&cli).await?, &checkpoints, pubkey.as_deref()).await?,
            AuditCommand::Keygen { out } => audit::keygen(&out)?,
            AuditCommand::Pubkey { key } => audit::pubkey(&key.key)?,
            AuditCommand::Checkpoint { key, out } => {
                // The key is read before the database is opened: a wrong path fails fast.
                let key = audit::read_key(&key.key)?;
                audit::checkpoint(&open(&cli).await?, &key, out.as_deref()).await?
            }
        },
        Command::User {
            command:
                UserCommand::Create {
                    name,
                    person,
                    roles,
                },
        } => {
            let service = open(&cli).await?;
            let given = std::env::var("STEWARD_USER_PASSWORD")
                .ok()
                .filter(|p| !p.is_empty());
            let password = given
                .clone()
                .unwrap_or_else(steward_service::random_password);
            let id = service
                .create_user(
                    steward_service::Actor::administrator(),
                    &name,
                    &person,
                    &roles,
                    &password,
                )
                .await?;
            eprintln!("Created user '{name}' ({id}) for {person}.");
            if given.is_none() {
                eprintln!("Its password is shown only this once:");
                println!("{password}");
            }
        }
        Command::Token { command } => {
            let service = open(&cli).await?;
            match command {
                TokenCommand::Create {
                    user,
                    name,
                    expires_in,
                    scope,
                } => {
                    let scope =
                        steward_service::Scope::parse(&scope).expect("clap checked the scope");
                    let created = service
                        .create_token(
                            steward_service::Actor::administrator(),
                            &user,
                            &name,
                            expires_in,
                            scope,
                        )
                        .await?;
                    let id = created
                        .record
                        .get("id")
                        .and_then(|v| v.as_uuid())
                        .expect("created records have ids");
                    eprintln!("Created token {id} for '{user}' ({}), expiring in {expires_in} days. It is shown only once:", scope.code());
                    println!("{}", created.token);
                }
                TokenCommand::Revoke { id } => {
                    service
                        .revoke_token(steward_service::Actor::administrator(), id)
                        .await?;
                    println!("token {id} is revoked");
                }
            }
        }
        Command::Backup { file } => backup::backup(&cli.db, &file).await?,
        Command::Restore { file, force } => backup::restore(&cli.db, &file, force).await?,
        Command::Bench(args) => bench::run(&cli.db, args).await?,
        Command::Jobs { command } => match command {
            JobsCommand::List => {
                for job in steward_service::JOBS {
                    println!("{:<10} {:<10} {}", job.name, job.schedule, job.about);
                }
            }
            JobsCommand::Schedule {
                name,
                at,
                key,
                payload,
            } => {
                let at = match at {
                    Some(at) => time::OffsetDateTime::parse(
                        &at,
                        &time::format_description::well_known::Rfc3339,
                    )
                    .with_context(|| format!("--at '{at}' is not an RFC 3339 instant"))?,
                    None => time::OffsetDateTime::now_utc(),
                };
                let payload: serde_json::Value =
                    serde_json::from_str(&payload).context("--payload is not JSON")?;
                let service = open(&cli).await?;
                match service
                    .schedule_once(&name, key.as_deref(), at, &payload)
                    .await?
                {
                    true => println!("{name}: one run queued for {at}"),
                    false => println!("{name}: a run with that key is queued already"),
                }
            }
            JobsCommand::Queue => {
                let service = open(&cli).await?;
                for (job, status, n) in service.db().queue_counts().await? {
                    println!("{job:<10} {status:<8} {n}");
                }
            }
            JobsCommand::Run { name } => {
                let service = open(&cli).await?;
                let started = std::time::Instant::now();
                let done = service.run_job(&name).await?;
                println!(
                    "{name}: {} records examined, {} changed, {} left as they were, in {:.1} s",
                    done.examined,
                    done.changed,
                    done.failed,
                    started.elapsed().as_secs_f64()
                );
                if done.failed > 0 {
                    anyhow::bail!("{} records could not be changed (see the log)", done.failed);
                }
            }
        },
        Command::Workflows { declaration } => {
            let model = Model::builtin();
            let processes = processes(cli.lifecycles.as_deref(), &model)?;
            match declaration {
                true => print!("{}", steward_process::DECLARATION),
                false => print!(
                    "{}",
                    steward_process::workflows_markdown(&processes, &model)
                ),
            }
        }
    }
    Ok(())
}

async fn shutdown() {
    let _ = tokio::signal::ctrl_c().await;
    tracing::info!("shutting down");
}
