//! Configuration: every setting is read here, from flags or the matching environment variable.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{ArgAction, Args, ValueEnum};

#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// Address to listen on. Port 0 picks a free port (the chosen address is logged).
    #[arg(long, env = "KIOSQUE_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Database URL: `sqlite://path/to/file.db` (created if missing), or
    /// `postgres://user:password@host:5432/database` (the database must exist).
    #[arg(
        long,
        env = "KIOSQUE_DATABASE_URL",
        default_value = "sqlite://data/kiosque.db"
    )]
    pub database_url: String,

    /// SQLite only: `full` syncs every commit to disk before it is acknowledged (a sign-up
    /// survives a power loss); `normal` survives a crash of the process only, with more writes
    /// per second (see BENCHMARKS.md).
    #[arg(
        long,
        env = "KIOSQUE_SQLITE_SYNCHRONOUS",
        value_enum,
        default_value = "full"
    )]
    pub sqlite_synchronous: crate::store::Durability,

    /// Database connections this server keeps open at most (default: 8 on SQLite, 16 on
    /// PostgreSQL). With several servers on one PostgreSQL, their sum must stay under its
    /// `max_connections`.
    #[arg(long, env = "KIOSQUE_DATABASE_POOL_SIZE")]
    pub database_pool_size: Option<u32>,

    /// PostgreSQL only: a statement running longer is cancelled by the database.
    #[arg(
        long,
        env = "KIOSQUE_DATABASE_STATEMENT_TIMEOUT_SECS",
        default_value_t = 30
    )]
    pub database_statement_timeout_secs: u64,

    /// Folder of built front-end files (loader, wasm, demo CSS) served at `/`.
    #[arg(long, env = "KIOSQUE_STATIC_DIR", default_value = "dist")]
    pub static_dir: PathBuf,

    /// Load the demo site's content on start (idempotent) and serve the demo publisher pages.
    /// Off unless asked for (`make demo` does), so a production server never gets demo
    /// articles, offers or its open demo pages by omission.
    #[arg(long, env = "KIOSQUE_DEMO", default_value_t = false, action = ArgAction::Set)]
    pub demo: bool,

    /// Longest time a request may take before it is answered with a `timeout` error.
    #[arg(long, env = "KIOSQUE_REQUEST_TIMEOUT_SECS", default_value_t = 10)]
    pub request_timeout_secs: u64,

    /// Largest request body accepted, in bytes.
    #[arg(long, env = "KIOSQUE_MAX_BODY_BYTES", default_value_t = 64 * 1024)]
    pub max_body_bytes: usize,

    /// The server's public URL (its origin is trusted for sign-in links and the demo pages).
    /// Default: `http://` and the address it listens on.
    #[arg(long, env = "KIOSQUE_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// SMTP relay for outgoing mail: `smtp://host:25` (plain, local relays), `smtps://user:pass@host`
    /// (TLS) or `smtp://user:pass@host:587?tls=required` (STARTTLS). Without it, mail is written
    /// to --outbox-dir instead (and, with --demo, listed at /demo/boite-mail).
    #[arg(long, env = "KIOSQUE_SMTP_URL")]
    pub smtp_url: Option<String>,

    /// Sender of outgoing mail.
    #[arg(
        long,
        env = "KIOSQUE_MAIL_FROM",
        default_value = "Kiosque <no-reply@kiosque.invalid>"
    )]
    pub mail_from: String,

    /// Folder where mail is written when no SMTP relay is configured.
    #[arg(long, env = "KIOSQUE_OUTBOX_DIR", default_value = "data/outbox")]
    pub outbox_dir: PathBuf,

    /// Webinar sign-ups accepted from one network address per hour.
    #[arg(long, env = "KIOSQUE_SIGNUPS_PER_IP_PER_HOUR", default_value_t = 60)]
    pub signups_per_ip_per_hour: u32,

    /// Analytics batches accepted from one network address per hour (a page sends a few).
    #[arg(
        long,
        env = "KIOSQUE_EVENT_BATCHES_PER_IP_PER_HOUR",
        default_value_t = 600
    )]
    pub event_batches_per_ip_per_hour: u32,

    /// Days analytics events and conversions are kept (then deleted by the hourly purge).
    #[arg(long, env = "KIOSQUE_RETAIN_EVENTS_DAYS", default_value_t = 395, value_parser = clap::value_parser!(i64).range(1..=3650))]
    pub retain_events_days: i64,

    /// Days a sent or given-up mail's record (recipient, times, error) is kept.
    #[arg(long, env = "KIOSQUE_RETAIN_MAIL_DAYS", default_value_t = 30, value_parser = clap::value_parser!(i64).range(1..=3650))]
    pub retain_mail_days: i64,

    /// Reverse proxies whose `X-Forwarded-For` is believed (comma-separated addresses). Behind
    /// one, rate limits and sign-in throttling would otherwise count the proxy's address for
    /// everyone; a header from any other peer is ignored, so clients cannot choose their address.
    #[arg(long, env = "KIOSQUE_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<std::net::IpAddr>,

    /// Log format: human-readable text or one JSON object per line.
    #[arg(long, env = "KIOSQUE_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

impl ServeArgs {
    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout_secs.max(1))
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

/// Structured logs on stdout; the level comes from `RUST_LOG` (default `info`).
pub fn init_tracing(format: LogFormat) {
    use std::io::IsTerminal;
    use tracing_subscriber::EnvFilter;

    // PostgreSQL's notices ("relation … already exists, skipping" at every start) are not news.
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx::postgres::notice=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stdout().is_terminal());
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}
