//! Kiosque reference backend: the `/v1` API the widget calls, the built widget files, and the
//! demo publisher site.

pub mod access;
pub mod accounts;
mod client_ip;
pub mod config;
pub mod console;
mod demo_site;
pub mod entitlement;
pub mod error;
pub mod first_paint;
mod french;
mod html;
pub mod http;
mod look;
pub mod mail;
pub mod offers;
pub mod personal_data;
pub mod publishing;
pub mod questions;
mod retention;
mod router;
pub mod store;
pub mod surveys;
mod typography;
pub mod webinars;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use tokio::net::TcpListener;

use crate::config::ServeArgs;
use crate::mail::{MailSignal, Mailer};
use crate::store::Store;

/// Shared by every handler.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<ServeArgs>,
    /// `scheme://host:port` of this server (from --public-url, else the listening address).
    pub server_origin: Arc<str>,
    pub mailer: Arc<Mailer>,
    /// Wakes the mail worker after a mail is queued.
    pub mail_queued: MailSignal,
    /// Wakes the feed importer (a feed added or asked for in the console).
    pub feeds_due: Arc<tokio::sync::Notify>,
    /// The paywall's first paints made lately.
    pub paints: Arc<first_paint::Paints>,
}

/// Opens the database (migrating it and, with `--demo`, loading the demo content), starts the
/// mail worker and builds the router for a server listening on `local_addr`. Used by `serve`
/// and by the integration tests.
pub async fn app(config: ServeArgs, local_addr: SocketAddr) -> anyhow::Result<axum::Router> {
    let server_origin = match &config.public_url {
        Some(url) => accounts::origin_of(url)
            .with_context(|| format!("--public-url {url:?} is not an http(s) URL"))?,
        None => format!("http://{local_addr}"),
    };
    let mailer = Arc::new(Mailer::from_config(&config, &server_origin)?);
    let settings = store::Settings {
        durability: config.sqlite_synchronous,
        pool_size: config.database_pool_size,
        statement_timeout: Duration::from_secs(config.database_statement_timeout_secs),
    };
    let store = Store::connect_with(&config.database_url, settings).await?;
    if config.demo {
        store
            .load_demo_content()
            .await
            .context("loading the demo content")?;
    }
    if !config.static_dir.is_dir() {
        tracing::warn!(
            static_dir = %config.static_dir.display(),
            "static folder not found: the widget files will not be served (run `make build`)"
        );
    }
    console::first_admin(&store, &server_origin)
        .await
        .context("creating the console's first admin")?;
    let mail_queued = MailSignal::default();
    mail::spawn_worker(store.clone(), mailer.clone(), mail_queued.clone());
    let feeds_due = Arc::new(tokio::sync::Notify::new());
    publishing::feeds::spawn_worker(store.clone(), feeds_due.clone());
    retention::spawn_worker(
        store.clone(),
        store::Retention {
            events_days: config.retain_events_days,
            mail_days: config.retain_mail_days,
        },
    );
    let state = AppState {
        store,
        config: Arc::new(config),
        server_origin: server_origin.into(),
        mailer,
        mail_queued,
        feeds_due,
        paints: Arc::default(),
    };
    Ok(router::router(state))
}

/// Seconds since the Unix epoch: the one clock of the access rules.
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Runs the server until SIGTERM or Ctrl-C, then lets in-flight requests finish.
pub async fn serve(config: ServeArgs) -> anyhow::Result<()> {
    let listen = config.listen;
    let listener = TcpListener::bind(listen)
        .await
        .with_context(|| format!("cannot listen on {listen}"))?;
    let addr = listener.local_addr()?;
    // Every answer leaves at once: with Nagle's algorithm a small answer on a kept-alive
    // connection waits for the client's delayed ACK (about 40 ms for each `kiosque.js`).
    let listener = axum::serve::ListenerExt::tap_io(listener, |stream| {
        if let Err(err) = stream.set_nodelay(true) {
            tracing::debug!(%err, "TCP_NODELAY not set");
        }
    });
    let router = app(config, addr).await?;
    tracing::info!("listening on http://{addr}");
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutdown signal received, finishing in-flight requests");
}
