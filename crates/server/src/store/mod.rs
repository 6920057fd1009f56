//! The store layer: the only code that speaks SQL. Handlers call these methods and never see
//! a query, so a PostgreSQL store can be added behind the same methods.

mod accounts;
mod admin;
mod analytics;
mod cache;
mod console;
mod content;
mod copy;
mod demo;
mod erasure;
mod jobs;
mod mail;
mod meter;
mod offers;
mod personal_data;
mod publishing;
mod registrations;
mod retention;
mod seats;
mod sign_up_rows;
mod sign_ups;
mod surveys;
mod waitlist;
mod webinars;
mod writer;

use std::path::Path;

use anyhow::{bail, Context};
use sqlx::any::AnyPoolOptions;
use sqlx::AnyPool;
use sqlx::Executor;

pub use accounts::{Challenge, Limit, NewChallenge, NewSession};
pub use admin::{RegistrationRow, SessionSaved};
pub use analytics::{Funnel, Period, SessionFunnel, VariantCounts, ATTRIBUTION_SECS};
pub use cache::{PublishedOffers, FRESH_FOR};
pub use console::{ConsoleRole, ConsoleUserRow, NewConsoleUser, SessionLimits, SiteSummary};
pub use content::{
    paywall_box, MeterRules, Page, PaywallTexts, Site, StoredArticle, TextOverrides, Translations,
};
pub use copy::Copied;
pub use erasure::Erased;
pub use mail::{Attachment, ComposedMail, MailRecord, NewMail, QueuedMail};
pub use meter::MeterOutcome;
pub use offers::{OfferSummary, Published};
pub use personal_data::{address_counter, ERASED};
pub use publishing::{ArticleRecord, DueFeed, FeedRow, Upserted};
pub use registrations::{NewRegistration, Registered, SignedUp};
pub use retention::{Purged, Retention};
pub use seats::{Approval, News, RegistrationRef, SessionMails, Target};
pub use surveys::{count_results, NewSurveyAnswer, SurveyAnswered, SurveyInstants, SurveyRow};
pub use waitlist::{Cancellation, Promotion};
pub use webinars::{ConsentVersion, ReminderDue, SeriesRow, SessionRow};

/// When a SQLite commit is on disk. In WAL mode `Normal` survives a crash of the process
/// (kill -9) but may lose the last commits on a power loss or an OS crash; `Full` syncs the
/// log at every commit, so an acknowledged sign-up survives those too, at a measured cost in
/// writes per second (BENCHMARKS.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Durability {
    #[default]
    Full,
    Normal,
}

/// How a store uses its database (`serve`'s database flags).
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// SQLite: when a commit is on disk.
    pub durability: Durability,
    /// Connections each server keeps open at most; default 8 on SQLite, 16 on PostgreSQL.
    pub pool_size: Option<u32>,
    /// PostgreSQL: longest a statement may run before the server cancels it.
    pub statement_timeout: std::time::Duration,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            durability: Durability::Full,
            pool_size: None,
            statement_timeout: std::time::Duration::from_secs(30),
        }
    }
}

#[derive(Clone)]
pub struct Store {
    /// sqlx's `Any` pool: one store for both databases (README, "Scaling out": why).
    pool: AnyPool,
    backend: Backend,
    /// The meter's writer (`meter::spawn_meter_writer`).
    meter: tokio::sync::mpsc::Sender<meter::PendingRead>,
    /// Where the other hot writes go: sign-ups, rate limits, the mail queue (`writer.rs`).
    writer: writer::Writer,
    /// Sign-ups, decided a batch at a time in the writer (`sign_ups.rs`).
    sign_ups: sign_ups::SignUps,
    /// Sites, offers and articles for a moment (`cache.rs`: bounded staleness).
    cache: std::sync::Arc<cache::ReadCache>,
    /// Who this process is when it holds a job's lease (`jobs.rs`).
    holder: std::sync::Arc<str>,
}

impl Store {
    /// The languages `site`'s texts can be translated into (none for an unknown site).
    pub async fn other_langs(&self, site: &str) -> anyhow::Result<Vec<kiosque_protocol::Lang>> {
        Ok(self
            .site(site)
            .await?
            .map(|s| s.other_langs())
            .unwrap_or_default())
    }

    /// Opens (creating if missing) and migrates the database at `url`, with the default
    /// settings (every SQLite commit on disk before it is acknowledged).
    pub async fn connect(url: &str) -> anyhow::Result<Store> {
        Self::connect_with(url, Settings::default()).await
    }

    /// The same, with the settings chosen (`serve --database-pool-size` and the like).
    pub async fn connect_with(url: &str, settings: Settings) -> anyhow::Result<Store> {
        sqlx::any::install_default_drivers();
        let backend = Backend::of_url(url)?;
        let pool = match backend {
            Backend::Sqlite => {
                create_parent_dir(url)?;
                let pragmas = sqlite_pragmas(settings.durability);
                AnyPoolOptions::new()
                    .max_connections(settings.pool_size.unwrap_or(8))
                    .after_connect(move |conn, _| {
                        Box::pin(async move {
                            conn.execute(pragmas).await?;
                            Ok(())
                        })
                    })
                    .connect(&sqlite_url_creating(url))
                    .await
            }
            Backend::Postgres => {
                // No statement runs longer: a stuck query gives its connection back.
                let timeout = format!(
                    "SET statement_timeout = {}",
                    settings.statement_timeout.as_millis()
                );
                AnyPoolOptions::new()
                    .max_connections(settings.pool_size.unwrap_or(16))
                    .after_connect(move |conn, _| {
                        let timeout = timeout.clone();
                        Box::pin(async move {
                            conn.execute(timeout.as_str()).await?;
                            Ok(())
                        })
                    })
                    .connect(url)
                    .await
            }
        }
        .with_context(|| format!("cannot open database {}", redacted(url)))?;
        match backend {
            Backend::Sqlite => sqlx::migrate!("./migrations").run(&pool).await,
            Backend::Postgres => sqlx::migrate!("./migrations-postgres").run(&pool).await,
        }
        .context("database migration failed")?;
        let meter = meter::spawn_meter_writer(pool.clone(), backend);
        let writer = writer::Writer::spawn(pool.clone(), backend);
        let sign_ups = sign_ups::SignUps::spawn(writer.clone());
        Ok(Store {
            pool,
            backend,
            meter,
            writer,
            sign_ups,
            cache: std::sync::Arc::new(cache::ReadCache::new()),
            holder: process_name().into(),
        })
    }

    /// A transaction that writes: on SQLite it takes the write lock at once (`IMMEDIATE`), so
    /// what it reads stays true until it commits; on PostgreSQL the statements lock what they
    /// decide on (`FOR UPDATE`, conditional updates).
    async fn begin_write(&self) -> sqlx::Result<sqlx::Transaction<'static, sqlx::Any>> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }

    /// Runs `work` in the writer's next batch, with the writes of other requests; its result
    /// once that batch is committed.
    async fn write<T: Send + 'static>(&self, work: writer::Work<T>) -> anyhow::Result<T> {
        self.writer.write(work).await
    }

    /// Readiness probe of the database, for `/healthz`: a read, and a write through the
    /// writer (a database whose writes are stuck, or a writer that stopped, is not ready,
    /// even if it reads).
    pub async fn ping(&self) -> anyhow::Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        self.write(Box::new(|conn| {
            Box::pin(async move {
                sqlx::query("SELECT 1").execute(&mut *conn).await?;
                Ok(())
            })
        }))
        .await
    }
}

/// Which database a store runs on: the SQL is written once where the two agree, and per
/// backend where they do not (`match store.backend`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    fn of_url(url: &str) -> anyhow::Result<Backend> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Backend::Postgres)
        } else {
            bail!(
                "unsupported database URL {:?}: expected sqlite://path/to/file.db or \
                 postgres://user:password@host/database",
                redacted(url)
            )
        }
    }
}

/// Set on every SQLite connection (the `Any` pool takes only a URL): write-ahead log, the
/// chosen durability, foreign keys, and 5 s of waiting for a lock before "database is locked".
fn sqlite_pragmas(durability: Durability) -> &'static str {
    match durability {
        Durability::Full => {
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
             PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000"
        }
        Durability::Normal => {
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
             PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000"
        }
    }
}

/// `url` with `mode=rwc` unless it says otherwise: the file is created if missing.
fn sqlite_url_creating(url: &str) -> String {
    if url.contains("mode=") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}

/// The URL without its password, for messages and logs.
fn redacted(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_owned(),
    }
}

/// SQLite creates the file but not its folder: make the folder of `sqlite://data/x.db`.
fn create_parent_dir(url: &str) -> anyhow::Result<()> {
    let path = url
        .trim_start_matches("sqlite:")
        .trim_start_matches("//")
        .split('?')
        .next()
        .unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return Ok(());
    }
    if let Some(parent) = Path::new(path).parent() {
        if !parent.as_os_str().is_empty() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create folder {}", parent.display()))?;
        }
    }
    Ok(())
}

/// This process among the servers on one database: its host, its process id and a number
/// drawn at start (a restarted process with the same id is another holder).
fn process_name() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_default();
    let drawn = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{}:{}:{drawn:08x}", host.trim(), std::process::id())
}

/// Whether a connection of the `Any` pool is PostgreSQL's (for the few statements that
/// differ, where only the connection is at hand).
/// `($1, $2), ($3, $4)…`: `rows` rows of `columns` parameters each, numbered from `first`,
/// for a `VALUES` list (both databases number parameters the same way through `Any`).
pub(super) fn placeholders(rows: usize, columns: usize, first: usize) -> String {
    (0..rows)
        .map(|row| {
            let params = (0..columns)
                .map(|c| format!("${}", first + row * columns + c))
                .collect::<Vec<_>>();
            format!("({})", params.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn on_postgres(conn: &sqlx::AnyConnection) -> bool {
    conn.backend_name() == "PostgreSQL"
}

/// A yes/no column or expression, as both databases give it: SQLite has no boolean (0 or 1,
/// and `EXISTS` is an integer), PostgreSQL's `EXISTS` and comparisons are booleans, and sqlx's
/// `Any` driver decodes a `bool` from neither an integer nor anything but a boolean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Flag(pub bool);

impl sqlx::Type<sqlx::Any> for Flag {
    fn type_info() -> sqlx::any::AnyTypeInfo {
        <bool as sqlx::Type<sqlx::Any>>::type_info()
    }

    fn compatible(ty: &sqlx::any::AnyTypeInfo) -> bool {
        use sqlx::any::AnyTypeInfoKind as Kind;
        matches!(
            ty.kind(),
            Kind::Bool | Kind::SmallInt | Kind::Integer | Kind::BigInt
        )
    }
}

impl<'r> sqlx::Decode<'r, sqlx::Any> for Flag {
    fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        use sqlx::ValueRef;
        if value.type_info().kind() == sqlx::any::AnyTypeInfoKind::Bool {
            Ok(Flag(<bool as sqlx::Decode<sqlx::Any>>::decode(value)?))
        } else {
            Ok(Flag(<i64 as sqlx::Decode<sqlx::Any>>::decode(value)? != 0))
        }
    }
}

/// A new, empty database for a unit test: a SQLite file in `dir`, or, when the suite runs
/// beside a PostgreSQL cluster (`KIOSQUE_TEST_POSTGRES_URL`, `make test-postgres`), a new
/// database of its own there.
#[cfg(test)]
pub(crate) async fn test_database_url(dir: &tempfile::TempDir) -> String {
    use sqlx::Connection;
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let cluster = match std::env::var("KIOSQUE_TEST_POSTGRES_URL") {
        Ok(cluster) if !cluster.is_empty() => cluster,
        _ => return format!("sqlite://{}", dir.path().join("kiosque.db").display()),
    };
    let name = format!(
        "kiosque_unit_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    let mut admin = sqlx::PgConnection::connect(&cluster).await.unwrap();
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .unwrap();
    let mut url = url::Url::parse(&cluster).unwrap();
    url.set_path(&name);
    url.to_string()
}
