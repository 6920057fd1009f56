//! Analytics events: stored once per sender id, counted per offer and variant, per day, and
//! the webinar funnel. Conversions are recorded by the server itself, in a table of their own
//! that no client event can reach.

use kiosque_protocol::Event;

use super::{Backend, Store};

/// Impressions, clicks and conversions of one variant of one offer (over a period or a day).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VariantCounts {
    pub offer: String,
    pub variant: String,
    /// `YYYY-MM-DD` (UTC) for a daily count, empty for a total.
    pub day: String,
    pub impressions: u64,
    pub clicks: u64,
    pub conversions: u64,
}

/// A webinar series' funnel: placeholder views, forms started, forms sent, registrations
/// recorded by the server, and registrations confirmed now.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Funnel {
    pub views: u64,
    pub form_starts: u64,
    pub form_submits: u64,
    pub registrations: u64,
    pub confirmed: u64,
}

/// One session's part of its series' funnel (views and forms started belong to the series:
/// the reader picks the session in the form).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SessionFunnel {
    pub id: String,
    pub title: String,
    /// Local wall-clock time in the session's zone.
    pub starts_at: String,
    pub form_submits: u64,
    pub registrations: u64,
    pub confirmed: u64,
}

/// A span of time for the figures: unix seconds, `since` included, `until` excluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub since: i64,
    pub until: i64,
}

impl Period {
    /// Everything up to now (and a little after, for clocks that differ between servers).
    pub fn all() -> Period {
        Period {
            since: 0,
            until: i64::MAX / 2,
        }
    }
}

/// How long after a click a subscriber's first visit counts as that offer's conversion.
pub const ATTRIBUTION_SECS: i64 = 30 * 24 * 60 * 60;

impl Store {
    /// Stores the events that are new (by id); answers how many were.
    pub async fn record_events(
        &self,
        site: &str,
        reader: Option<&str>,
        events: &[Event],
        now: i64,
    ) -> anyhow::Result<u64> {
        let mut tx = self.pool.begin().await?;
        let mut accepted = 0;
        for e in events {
            let done = sqlx::query(
                "INSERT INTO events (site_id, event_id, kind, offer_id, variant_id, series_id, \
                 session_id, reader_id, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
                 ON CONFLICT (site_id, event_id) DO NOTHING",
            )
            .bind(site)
            .bind(&e.id)
            .bind(e.kind.as_str())
            .bind(&e.offer)
            .bind(&e.variant)
            .bind(&e.series)
            .bind(&e.session)
            .bind(reader)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            accepted += done.rows_affected();
        }
        tx.commit().await?;
        Ok(accepted)
    }

    /// A reader came back as a subscriber: if they followed an offer's link within the
    /// attribution window, that offer and variant convert (once per reader and offer).
    pub async fn record_subscriber_conversion(
        &self,
        site: &str,
        reader: &str,
        now: i64,
    ) -> anyhow::Result<()> {
        // This runs on every subscriber's article request: a read first, so the usual case
        // (a subscriber who never clicked an offer here) writes nothing and takes no lock.
        let clicked: Option<(String, Option<String>)> = sqlx::query_as(
            "SELECT offer_id, variant_id FROM events \
             WHERE site_id = $1 AND reader_id = $2 AND kind = 'click' \
               AND offer_id IS NOT NULL AND at >= $3 \
             ORDER BY at DESC, id DESC LIMIT 1",
        )
        .bind(site)
        .bind(reader)
        .bind(now - ATTRIBUTION_SECS)
        .fetch_optional(&self.pool)
        .await?;
        let Some((offer, variant)) = clicked else {
            return Ok(());
        };
        sqlx::query(
            "INSERT INTO conversions (site_id, kind, key, offer_id, variant_id, reader_id, at) \
             VALUES ($1, 'subscription', $2, $3, $4, $5, $6) ON CONFLICT (site_id, key) DO NOTHING",
        )
        .bind(site)
        .bind(format!("offer:{offer}:{reader}"))
        .bind(&offer)
        .bind(&variant)
        .bind(reader)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The SQL for a UTC day (`YYYY-MM-DD`) of the unix time in column `at`.
    fn day_of_at(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite => "strftime('%Y-%m-%d', at, 'unixepoch')",
            Backend::Postgres => "to_char(to_timestamp(at) AT TIME ZONE 'UTC', 'YYYY-MM-DD')",
        }
    }

    /// Counts per offer and variant in `period`: totals when `daily` is false, else one row
    /// per UTC day.
    pub async fn offer_counts(
        &self,
        site: &str,
        period: Period,
        daily: bool,
    ) -> anyhow::Result<Vec<VariantCounts>> {
        let day = if daily { self.day_of_at() } else { "''" };
        // Impressions and clicks from the readers' events, conversions from the server's own
        // records.
        let sql = format!(
            "SELECT offer_id, variant, day, CAST(SUM(impression) AS BIGINT), \
                    CAST(SUM(click) AS BIGINT), CAST(SUM(conversion) AS BIGINT) FROM ( \
               SELECT offer_id, COALESCE(variant_id, '') AS variant, {day} AS day, \
                      CASE WHEN kind = 'impression' THEN 1 ELSE 0 END AS impression, \
                      CASE WHEN kind = 'click' THEN 1 ELSE 0 END AS click, 0 AS conversion \
               FROM events WHERE site_id = $1 AND offer_id IS NOT NULL AND at >= $2 AND at < $3 \
               UNION ALL \
               SELECT offer_id, COALESCE(variant_id, ''), {day}, 0, 0, 1 \
               FROM conversions WHERE site_id = $4 AND offer_id IS NOT NULL AND at >= $5 AND at < $6 \
             ) AS counted GROUP BY offer_id, variant, day ORDER BY offer_id, variant, day"
        );
        let rows: Vec<(String, String, String, i64, i64, i64)> = sqlx::query_as(&sql)
            .bind(site)
            .bind(period.since)
            .bind(period.until)
            .bind(site)
            .bind(period.since)
            .bind(period.until)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .into_iter()
            .map(|(offer, variant, day, i, c, v)| VariantCounts {
                offer,
                variant,
                day,
                impressions: i as u64,
                clicks: c as u64,
                conversions: v as u64,
            })
            .collect())
    }

    /// How many times readers met the wall in `period`, per UTC day (`YYYY-MM-DD`).
    pub async fn wall_views(
        &self,
        site: &str,
        period: Period,
    ) -> anyhow::Result<Vec<(String, u64)>> {
        let sql = format!(
            "SELECT {day} AS day, COUNT(*) FROM events \
             WHERE site_id = $1 AND kind = 'wall_view' AND at >= $2 AND at < $3 \
             GROUP BY day ORDER BY day",
            day = self.day_of_at()
        );
        let rows: Vec<(String, i64)> = sqlx::query_as(&sql)
            .bind(site)
            .bind(period.since)
            .bind(period.until)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(|(day, n)| (day, n as u64)).collect())
    }

    /// The funnel of a series in `period`.
    pub async fn webinar_funnel(
        &self,
        site: &str,
        series: &str,
        period: Period,
    ) -> anyhow::Result<Funnel> {
        let (views, starts, submits): (i64, i64, i64) = sqlx::query_as(
            "SELECT COUNT(CASE WHEN kind = 'view' THEN 1 END), \
                    COUNT(CASE WHEN kind = 'form_start' THEN 1 END), \
                    COUNT(CASE WHEN kind = 'form_submit' THEN 1 END) \
             FROM events WHERE site_id = $1 AND series_id = $2 AND at >= $3 AND at < $4",
        )
        .bind(site)
        .bind(series)
        .bind(period.since)
        .bind(period.until)
        .fetch_one(&self.pool)
        .await?;
        let registrations: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM conversions WHERE site_id = $1 AND kind = 'registration' \
             AND series_id = $2 AND at >= $3 AND at < $4",
        )
        .bind(site)
        .bind(series)
        .bind(period.since)
        .bind(period.until)
        .fetch_one(&self.pool)
        .await?;
        let confirmed: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM webinar_registrations r JOIN webinar_sessions s \
               ON s.site_id = r.site_id AND s.id = r.session_id \
             WHERE r.site_id = $1 AND s.series_id = $2 AND r.status = 'confirmed' \
               AND r.created_at >= $3 AND r.created_at < $4",
        )
        .bind(site)
        .bind(series)
        .bind(period.since)
        .bind(period.until)
        .fetch_one(&self.pool)
        .await?;
        Ok(Funnel {
            views: views as u64,
            form_starts: starts as u64,
            form_submits: submits as u64,
            registrations: registrations as u64,
            confirmed: confirmed as u64,
        })
    }

    /// Per session of a series, in `period`: forms sent, registrations recorded, and
    /// registrations confirmed now. Sessions with nothing yet are listed too.
    pub async fn session_funnels(
        &self,
        site: &str,
        series: &str,
        period: Period,
    ) -> anyhow::Result<Vec<SessionFunnel>> {
        let rows: Vec<(String, String, String, i64, i64, i64)> = sqlx::query_as(
            "SELECT s.id, s.title, s.starts_at, \
               (SELECT COUNT(*) FROM events e WHERE e.site_id = s.site_id AND e.session_id = s.id \
                  AND e.kind = 'form_submit' AND e.at >= $1 AND e.at < $2), \
               (SELECT COUNT(*) FROM conversions c WHERE c.site_id = s.site_id \
                  AND c.session_id = s.id AND c.kind = 'registration' AND c.at >= $3 AND c.at < $4), \
               (SELECT COUNT(*) FROM webinar_registrations r WHERE r.site_id = s.site_id \
                  AND r.session_id = s.id AND r.status = 'confirmed' \
                  AND r.created_at >= $5 AND r.created_at < $6) \
             FROM webinar_sessions s WHERE s.site_id = $7 AND s.series_id = $8 \
             ORDER BY s.starts_at, s.id",
        )
        .bind(period.since)
        .bind(period.until)
        .bind(period.since)
        .bind(period.until)
        .bind(period.since)
        .bind(period.until)
        .bind(site)
        .bind(series)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(id, title, starts_at, submits, registrations, confirmed)| SessionFunnel {
                    id,
                    title,
                    starts_at,
                    form_submits: submits as u64,
                    registrations: registrations as u64,
                    confirmed: confirmed as u64,
                },
            )
            .collect())
    }
}
