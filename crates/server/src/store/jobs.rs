//! Leases on the jobs one server at a time must run, so that several servers on one database
//! never run them together (`job_leases`, one row a job).

use super::Store;

impl Store {
    /// Takes or renews the lease on `job` for `secs` from `now`, for this process; `false` while
    /// another holds it. A process that dies leaves its lease to expire: then anyone takes it.
    /// One statement, so two servers asking at once never both get it (the second waits for the
    /// first's row, then sees its lease).
    pub async fn hold_job(&self, job: &str, now: i64, secs: i64) -> anyhow::Result<bool> {
        let held: Option<String> = sqlx::query_scalar(
            "INSERT INTO job_leases (name, holder, until) VALUES ($1, $2, $3) \
             ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until = excluded.until \
             WHERE job_leases.until <= $4 OR job_leases.holder = excluded.holder \
             RETURNING holder",
        )
        .bind(job)
        .bind(&*self.holder)
        .bind(now + secs)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        Ok(held.is_some())
    }
}
