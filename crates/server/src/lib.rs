//! Kiosque reference backend: the `/v1` API the widget calls, the built widget files, and the
//! demo publisher site.

pub mod access;
pub mod config;
mod demo_site;
pub mod entitlement;
pub mod error;
pub mod http;
pub mod store;

use std::sync::Arc;

use anyhow::Context;
use tokio::net::TcpListener;

use crate::config::ServeArgs;
use crate::store::Store;

/// Shared by every handler.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<ServeArgs>,
}

/// Opens the database (migrating it and, with `--demo`, loading the demo content) and builds
/// the router. Used by `serve` and by the integration tests.
pub async fn app(config: ServeArgs) -> anyhow::Result<axum::Router> {
    let store = Store::connect(&config.database_url).await?;
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
    let state = AppState {
        store,
        config: Arc::new(config),
    };
    Ok(http::router(state))
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
    let router = app(config).await?;
    let listener = TcpListener::bind(listen)
        .await
        .with_context(|| format!("cannot listen on {listen}"))?;
    let addr = listener.local_addr()?;
    tracing::info!("listening on http://{addr}");
    axum::serve(listener, router)
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
