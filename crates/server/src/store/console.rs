//! The console's users, the sites they manage, their sessions and failed sign-ins.

use sqlx::Row;

use super::{Backend, Store};

/// What a console user may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsoleRole {
    /// Manages users and sites, and the content of every site.
    Admin,
    /// Manages the content of the sites it is given.
    Marketer,
}

impl ConsoleRole {
    pub fn as_str(self) -> &'static str {
        match self {
            ConsoleRole::Admin => "admin",
            ConsoleRole::Marketer => "marketer",
        }
    }

    pub fn parse(text: &str) -> Option<ConsoleRole> {
        match text {
            "admin" => Some(ConsoleRole::Admin),
            "marketer" => Some(ConsoleRole::Marketer),
            _ => None,
        }
    }
}

/// A console user as stored, with the sites it was given (for an admin, possibly none: it
/// manages all of them anyway).
#[derive(Clone)]
pub struct ConsoleUserRow {
    pub id: i64,
    pub email: String,
    pub password_hash: String,
    pub role: ConsoleRole,
    pub disabled: bool,
    pub must_change_password: bool,
    pub sites: Vec<String>,
}

pub struct NewConsoleUser<'a> {
    pub email: &'a str,
    pub password_hash: &'a str,
    pub role: ConsoleRole,
    pub sites: &'a [String],
}

/// A site as the console lists it.
#[derive(Debug, Clone)]
pub struct SiteSummary {
    pub id: String,
    pub name: String,
    pub allowed_origins: Vec<String>,
}

/// How long sessions last: after their last use, and after sign-in.
#[derive(Debug, Clone, Copy)]
pub struct SessionLimits {
    pub idle_secs: i64,
    pub max_secs: i64,
}

/// A user's columns, with its sites as a JSON array (each database has its own aggregate).
fn user_columns(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => {
            "id, email, password_hash, role, disabled, must_change_password, \
             (SELECT json_group_array(site_id) FROM \
               (SELECT site_id FROM console_user_sites s WHERE s.user_id = u.id ORDER BY site_id) \
             ) AS sites"
        }
        Backend::Postgres => {
            "id, email, password_hash, role, disabled, must_change_password, \
             (SELECT COALESCE(CAST(json_agg(site_id ORDER BY site_id) AS TEXT), '[]') \
              FROM console_user_sites s WHERE s.user_id = u.id) AS sites"
        }
    }
}

fn user(row: &sqlx::any::AnyRow) -> anyhow::Result<ConsoleUserRow> {
    let role: String = row.try_get("role")?;
    Ok(ConsoleUserRow {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        password_hash: row.try_get("password_hash")?,
        role: ConsoleRole::parse(&role)
            .ok_or_else(|| anyhow::anyhow!("unknown console role {role:?}"))?,
        disabled: row.try_get::<super::Flag, _>("disabled")?.0,
        must_change_password: row.try_get::<super::Flag, _>("must_change_password")?.0,
        sites: serde_json::from_str(row.try_get("sites")?)?,
    })
}

async fn set_sites(
    tx: &mut sqlx::AnyConnection,
    user_id: i64,
    sites: &[String],
) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM console_user_sites WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    for site in sites {
        sqlx::query("INSERT INTO console_user_sites (user_id, site_id) VALUES ($1, $2)")
            .bind(user_id)
            .bind(site)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

impl Store {
    /// Creates the user and its sites in one transaction; `None` if the address is taken.
    /// With `only_if_none`, creates it only when the console has no user at all (first start).
    pub async fn create_console_user(
        &self,
        new: NewConsoleUser<'_>,
        only_if_none: bool,
        now: i64,
    ) -> anyhow::Result<Option<i64>> {
        let mut tx = self.begin_write().await?;
        if only_if_none {
            if self.backend == Backend::Postgres {
                // Two servers starting on an empty database: one creates the first admin.
                sqlx::query("LOCK TABLE console_users IN SHARE ROW EXCLUSIVE MODE")
                    .execute(&mut *tx)
                    .await?;
            }
            let super::Flag(any) =
                sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM console_users)")
                    .fetch_one(&mut *tx)
                    .await?;
            if any {
                return Ok(None);
            }
        }
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO console_users (email, password_hash, role, must_change_password, \
             created_at) VALUES ($1, $2, $3, 1, $4) ON CONFLICT (email) DO NOTHING RETURNING id",
        )
        .bind(new.email)
        .bind(new.password_hash)
        .bind(new.role.as_str())
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(id) = id else { return Ok(None) };
        set_sites(&mut tx, id, new.sites).await?;
        tx.commit().await?;
        Ok(Some(id))
    }

    /// Whether the console has any user yet.
    pub async fn console_has_users(&self) -> anyhow::Result<bool> {
        let super::Flag(any) = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM console_users)")
            .fetch_one(&self.pool)
            .await?;
        Ok(any)
    }

    pub async fn console_user_by_email(
        &self,
        email: &str,
    ) -> anyhow::Result<Option<ConsoleUserRow>> {
        let sql = format!(
            "SELECT {} FROM console_users u WHERE email = $1",
            user_columns(self.backend)
        );
        let row = sqlx::query(&sql)
            .bind(email)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(user).transpose()
    }

    pub async fn console_user(&self, id: i64) -> anyhow::Result<Option<ConsoleUserRow>> {
        let sql = format!(
            "SELECT {} FROM console_users u WHERE id = $1",
            user_columns(self.backend)
        );
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(user).transpose()
    }

    /// Every console user, by address.
    pub async fn console_users(&self) -> anyhow::Result<Vec<ConsoleUserRow>> {
        let sql = format!(
            "SELECT {} FROM console_users u ORDER BY email",
            user_columns(self.backend)
        );
        let rows = sqlx::query(&sql).fetch_all(&self.pool).await?;
        rows.iter().map(user).collect()
    }

    /// Changes what a user may do; `false` if there is no such user.
    pub async fn set_console_user_access(
        &self,
        id: i64,
        role: ConsoleRole,
        sites: &[String],
    ) -> anyhow::Result<bool> {
        let mut tx = self.pool.begin().await?;
        let updated = sqlx::query("UPDATE console_users SET role = $1 WHERE id = $2")
            .bind(role.as_str())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if updated.rows_affected() == 0 {
            return Ok(false);
        }
        set_sites(&mut tx, id, sites).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Disables (ending its sessions at once) or enables a user; `false` if there is none.
    pub async fn set_console_user_disabled(&self, id: i64, disabled: bool) -> anyhow::Result<bool> {
        let mut tx = self.pool.begin().await?;
        let updated = sqlx::query("UPDATE console_users SET disabled = $1 WHERE id = $2")
            .bind(i64::from(disabled))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if disabled {
            sqlx::query("DELETE FROM console_sessions WHERE user_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(updated.rows_affected() > 0)
    }

    /// Sets a new password hash and ends every session of the user. `must_change`: it is a
    /// one-time password. With `new_session`, that session is opened in the same transaction
    /// (the user who changed its own password stays signed in, on a fresh token).
    pub async fn set_console_password(
        &self,
        id: i64,
        password_hash: &str,
        must_change: bool,
        new_session: Option<&str>,
        now: i64,
    ) -> anyhow::Result<bool> {
        let mut tx = self.pool.begin().await?;
        let updated = sqlx::query(
            "UPDATE console_users SET password_hash = $1, must_change_password = $2 WHERE id = $3",
        )
        .bind(password_hash)
        .bind(i64::from(must_change))
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() == 0 {
            return Ok(false);
        }
        sqlx::query("DELETE FROM console_sessions WHERE user_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if let Some(token_hash) = new_session {
            insert_session(&mut tx, token_hash, id, now).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// Opens a session after a successful sign-in: clears the address's failures and drops
    /// every expired session, in one transaction.
    pub async fn open_console_session(
        &self,
        token_hash: &str,
        user: &ConsoleUserRow,
        limits: SessionLimits,
        now: i64,
    ) -> anyhow::Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "DELETE FROM console_sessions WHERE created_at <= $1 - $2 OR last_seen_at <= $3 - $4",
        )
        .bind(now)
        .bind(limits.max_secs)
        .bind(now)
        .bind(limits.idle_secs)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM console_login_failures WHERE email = $1")
            .bind(&user.email)
            .execute(&mut *tx)
            .await?;
        insert_session(&mut tx, token_hash, user.id, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The enabled user of a live session, marking the session used (at most once a minute,
    /// so reading pages does not write on every request).
    pub async fn console_session_user(
        &self,
        token_hash: &str,
        limits: SessionLimits,
        now: i64,
    ) -> anyhow::Result<Option<ConsoleUserRow>> {
        let user_id: Option<i64> = sqlx::query_scalar(
            "UPDATE console_sessions SET last_seen_at = CASE WHEN last_seen_at < $1 - 60 \
             THEN $1 ELSE last_seen_at END \
             WHERE token_hash = $2 AND created_at > $1 - $3 AND last_seen_at > $1 - $4 \
             RETURNING user_id",
        )
        .bind(now)
        .bind(token_hash)
        .bind(limits.max_secs)
        .bind(limits.idle_secs)
        .fetch_optional(&self.pool)
        .await?;
        let Some(user_id) = user_id else {
            return Ok(None);
        };
        Ok(self.console_user(user_id).await?.filter(|u| !u.disabled))
    }

    pub async fn close_console_session(&self, token_hash: &str) -> anyhow::Result<()> {
        sqlx::query("DELETE FROM console_sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Failed sign-ins since `since`: for this address, and from this network address.
    pub async fn console_login_failures(
        &self,
        email: &str,
        ip: &str,
        since: i64,
    ) -> anyhow::Result<(i64, i64)> {
        Ok(sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM console_login_failures WHERE email = $1 AND at > $3), \
                    (SELECT COUNT(*) FROM console_login_failures WHERE ip = $2 AND at > $3)",
        )
        .bind(email)
        .bind(ip)
        .bind(since)
        .fetch_one(&self.pool)
        .await?)
    }

    /// Records a failed sign-in and forgets those older than `forget_before`.
    pub async fn record_console_login_failure(
        &self,
        email: &str,
        ip: &str,
        now: i64,
        forget_before: i64,
    ) -> anyhow::Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM console_login_failures WHERE at <= $1")
            .bind(forget_before)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO console_login_failures (email, ip, at) VALUES ($1, $2, $3)")
            .bind(email)
            .bind(ip)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every site, by id.
    pub async fn site_summaries(&self) -> anyhow::Result<Vec<SiteSummary>> {
        let rows: Vec<(String, String, String)> =
            sqlx::query_as("SELECT id, name, allowed_origins FROM sites ORDER BY id")
                .fetch_all(&self.pool)
                .await?;
        rows.into_iter()
            .map(|(id, name, origins)| {
                Ok(SiteSummary {
                    id,
                    name,
                    allowed_origins: serde_json::from_str(&origins)?,
                })
            })
            .collect()
    }
}

async fn insert_session(
    tx: &mut sqlx::AnyConnection,
    token_hash: &str,
    user_id: i64,
    now: i64,
) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO console_sessions (token_hash, user_id, created_at, last_seen_at) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(now)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok(())
}
