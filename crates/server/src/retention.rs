//! The hourly purge: personal and secret data is deleted once it has outlived its use (the
//! periods are in the README's privacy section; `store::retention` holds the SQL).

use std::time::Duration;

use crate::store::{Retention, Store};

/// How often the purge runs; the first run comes a minute after the start.
const EVERY: Duration = Duration::from_secs(3600);
const FIRST_AFTER: Duration = Duration::from_secs(60);

/// How long a purge keeps the job for its server: the other servers on the database pass it by
/// until then, so the purge runs about once an hour whatever the number of servers.
const HELD_FOR_SECS: i64 = 50 * 60;

pub fn spawn_worker(store: Store, keep: Retention) {
    tokio::spawn(async move {
        tokio::time::sleep(FIRST_AFTER).await;
        loop {
            let now = crate::unix_now();
            match store.hold_job("purge", now, HELD_FOR_SECS).await {
                Ok(true) => match store.purge(now, keep).await {
                    Ok(purged) if purged.total() > 0 => tracing::info!(?purged, "purge: deleted"),
                    Ok(_) => {}
                    Err(err) => {
                        tracing::error!(error = %err, "purge failed; it runs again in an hour")
                    }
                },
                Ok(false) => tracing::debug!("purge: another server ran it"),
                Err(err) => tracing::error!(error = %err, "purge: cannot take the job"),
            }
            tokio::time::sleep(EVERY).await;
        }
    });
}
