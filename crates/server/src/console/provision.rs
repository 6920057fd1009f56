//! Making users and giving them one-time passwords: for the command line, the first start and
//! the users page alike. A one-time password is returned to be shown once; only its hash is
//! kept, and the user must replace it at its first sign-in.

use crate::store::{ConsoleRole, NewConsoleUser, Store};

use super::password;

/// The address of the admin made on the first start.
pub const FIRST_ADMIN_EMAIL: &str = "admin@kiosque.local";

/// Creates a user (`email` already normalised) with a one-time password and returns that
/// password; `None` if the address is taken.
pub async fn create_user(
    store: &Store,
    email: &str,
    role: ConsoleRole,
    sites: &[String],
) -> anyhow::Result<Option<String>> {
    create(store, email, role, sites, false).await
}

async fn create(
    store: &Store,
    email: &str,
    role: ConsoleRole,
    sites: &[String],
    only_if_none: bool,
) -> anyhow::Result<Option<String>> {
    let one_time = password::one_time();
    let hash = password::hash(one_time.clone()).await?;
    let new = NewConsoleUser {
        email,
        password_hash: &hash,
        role,
        sites,
    };
    let created = store
        .create_console_user(new, only_if_none, crate::unix_now())
        .await?;
    Ok(created.map(|_| one_time))
}

/// On start: when the console has no user at all, makes the first admin and prints its
/// one-time password once, on standard output (whatever the log level). There is never a
/// fixed or default password.
pub async fn first_admin(store: &Store, server_origin: &str) -> anyhow::Result<()> {
    if store.console_has_users().await? {
        return Ok(());
    }
    // Two servers starting on one new database: the store creates only one first admin.
    if let Some(one_time) = create(store, FIRST_ADMIN_EMAIL, ConsoleRole::Admin, &[], true).await? {
        println!(
            "console: first admin {FIRST_ADMIN_EMAIL}, one-time password: {one_time}, \
             change it at {server_origin}/admin"
        );
    }
    Ok(())
}

/// Gives a user a new one-time password (its sessions end); `None` if there is no such user.
pub async fn reset_password(store: &Store, id: i64) -> anyhow::Result<Option<String>> {
    let one_time = password::one_time();
    let hash = password::hash(one_time.clone()).await?;
    let found = store
        .set_console_password(id, &hash, true, None, crate::unix_now())
        .await?;
    Ok(found.then_some(one_time))
}

/// The ids among `sites` that name no site.
pub async fn unknown_sites(store: &Store, sites: &[String]) -> anyhow::Result<Vec<String>> {
    let known: Vec<String> = store
        .site_summaries()
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect();
    Ok(sites
        .iter()
        .filter(|site| !known.contains(site))
        .cloned()
        .collect())
}
