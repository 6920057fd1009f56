//! The hourly purge: personal and secret data is deleted once it has outlived its use (the
//! periods are in the README's privacy section; `store::retention` holds the SQL).

use std::time::Duration;

use crate::store::{Retention, Store};

/// How often the purge runs; the first run comes a minute after the start.
const EVERY: Duration = Duration::from_secs(3600);
const FIRST_AFTER: Duration = Duration::from_secs(60);

pub fn spawn_worker(store: Store, keep: Retention) {
    tokio::spawn(async move {
        tokio::time::sleep(FIRST_AFTER).await;
        loop {
            match store.purge(crate::unix_now(), keep).await {
                Ok(purged) if purged.total() > 0 => tracing::info!(?purged, "purge: deleted"),
                Ok(_) => {}
                Err(err) => tracing::error!(error = %err, "purge failed; it runs again in an hour"),
            }
            tokio::time::sleep(EVERY).await;
        }
    });
}
