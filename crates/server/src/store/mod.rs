//! The store layer: the only code that speaks SQL. Handlers call these methods and never see
//! a query, so a PostgreSQL store can be added behind the same methods.

mod accounts;
mod admin;
mod analytics;
mod cache;
mod console;
mod content;
mod demo;
mod mail;
mod meter;
mod offers;
mod publishing;
mod registrations;
mod retention;
mod seats;
mod waitlist;
mod webinars;
mod writer;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use anyhow::{bail, Context};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

pub use accounts::{Challenge, Limit, NewChallenge, NewSession};
pub use admin::{RegistrationRow, SessionSaved};
pub use analytics::{Funnel, VariantCounts, ATTRIBUTION_SECS};
pub use cache::{PublishedOffers, FRESH_FOR};
pub use console::{ConsoleRole, ConsoleUserRow, NewConsoleUser, SessionLimits, SiteSummary};
pub use content::{
    paywall_box, MeterRules, Page, PaywallTexts, Site, StoredArticle, TextOverrides, Translations,
};
pub use mail::{Attachment, ComposedMail, MailRecord, NewMail, QueuedMail};
pub use meter::MeterOutcome;
pub use offers::{OfferSummary, Published};
pub use publishing::{ArticleRecord, DueFeed, FeedRow, Upserted};
pub use registrations::{NewRegistration, Registered};
pub use retention::{Purged, Retention};
pub use seats::{Approval, News, RegistrationRef, SessionMails, Target};
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

#[derive(Clone)]
pub struct Store {
    pool: SqlitePool,
    /// The meter's writer (`meter::spawn_meter_writer`).
    meter: tokio::sync::mpsc::Sender<meter::PendingRead>,
    /// Where the other hot writes go: sign-ups, rate limits, the mail queue (`writer.rs`).
    writer: writer::Writer,
    /// Sites, offers and articles for a moment (`cache.rs`: bounded staleness).
    cache: std::sync::Arc<cache::ReadCache>,
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

    /// Opens (creating if missing) and migrates the database at `url`, every commit on disk
    /// before it is acknowledged (`Durability::Full`).
    pub async fn connect(url: &str) -> anyhow::Result<Store> {
        Self::connect_with(url, Durability::Full).await
    }

    /// The same, with the durability chosen (`serve --sqlite-synchronous`).
    pub async fn connect_with(url: &str, durability: Durability) -> anyhow::Result<Store> {
        if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            bail!("PostgreSQL is not supported yet by this build; use a sqlite:// URL");
        }
        if !url.starts_with("sqlite:") {
            bail!("unsupported database URL {url:?}: expected sqlite://path/to/file.db");
        }
        create_parent_dir(url)?;
        let options = SqliteConnectOptions::from_str(url)
            .with_context(|| format!("invalid database URL {url:?}"))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(match durability {
                Durability::Full => SqliteSynchronous::Full,
                Durability::Normal => SqliteSynchronous::Normal,
            })
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .with_context(|| format!("cannot open database {url:?}"))?;
        sqlx::migrate!("./migrations")
            .run(&pool)
            .await
            .context("database migration failed")?;
        let meter = meter::spawn_meter_writer(pool.clone());
        let writer = writer::Writer::spawn(pool.clone());
        Ok(Store {
            pool,
            meter,
            writer,
            cache: std::sync::Arc::new(cache::ReadCache::new()),
        })
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
