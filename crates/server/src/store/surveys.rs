//! Questionnaires: surveys as the marketer saves them, and one answer per reader (created,
//! or replaced while the survey is open, through the writer like sign-ups).

use std::sync::Arc;

use kiosque_protocol::{
    AdminSurveyAnswer, Answer, OptionCount, Question, QuestionKind, QuestionResult, SurveyInput,
    SurveyResults,
};
use sqlx::{AnyConnection, Row};

use super::accounts::{count_hits, Limit};
use super::{Flag, Store};

/// A survey as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyRow {
    pub id: String,
    pub title: String,
    pub introduction: String,
    pub questions: Vec<Question>,
    pub time_zone: String,
    /// The marketer's local times, as typed.
    pub opens_at: Option<String>,
    pub closes_at: Option<String>,
    pub results_from: Option<String>,
    /// The instants they name (unix seconds).
    pub opens_at_unix: Option<i64>,
    pub closes_at_unix: Option<i64>,
    pub results_from_unix: Option<i64>,
    pub ask_email: bool,
    pub email_consent: String,
    pub email_consent_version: u32,
    pub results_note: String,
    pub series_id: Option<String>,
}

/// The instants a survey's local times name, worked out by the caller (`surveys::check`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SurveyInstants {
    pub opens_at: Option<i64>,
    pub closes_at: Option<i64>,
    pub results_from: Option<i64>,
}

/// A reader's answer to record (owned: it is handed to the writer).
pub struct NewSurveyAnswer {
    pub site: String,
    pub survey: String,
    pub reader: String,
    pub answers: Vec<Answer>,
    /// The address and the consent (version, exact text) it was given under.
    pub email: Option<(String, u32, String)>,
    pub idempotency_key: Option<String>,
    /// Counted first, in the same transaction: over any of them, nothing else is written.
    pub limits: Vec<Limit>,
    pub now: i64,
}

/// What `answer_survey` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SurveyAnswered {
    Created,
    /// The reader's earlier answer is replaced.
    Replaced,
    /// The same idempotency key as the reader's last write: nothing written, and whether that
    /// write replaced an answer, for the first answer to be given again.
    Replayed {
        replaced: bool,
    },
    RateLimited {
        retry_after: i64,
    },
}

const COLUMNS: &str = "s.id, s.title, s.introduction, s.questions, s.time_zone, s.opens_at, \
     s.closes_at, s.results_from, s.opens_at_unix, s.closes_at_unix, s.results_from_unix, \
     s.ask_email, s.email_consent, s.email_consent_version, s.results_note, s.series_id";

fn survey_row(row: &sqlx::any::AnyRow) -> anyhow::Result<SurveyRow> {
    Ok(SurveyRow {
        id: row.try_get("id")?,
        title: row.try_get("title")?,
        introduction: row.try_get("introduction")?,
        questions: serde_json::from_str(row.try_get("questions")?)?,
        time_zone: row.try_get("time_zone")?,
        opens_at: row.try_get("opens_at")?,
        closes_at: row.try_get("closes_at")?,
        results_from: row.try_get("results_from")?,
        opens_at_unix: row.try_get("opens_at_unix")?,
        closes_at_unix: row.try_get("closes_at_unix")?,
        results_from_unix: row.try_get("results_from_unix")?,
        ask_email: row.try_get::<Flag, _>("ask_email")?.0,
        email_consent: row.try_get("email_consent")?,
        email_consent_version: u32::try_from(row.try_get::<i64, _>("email_consent_version")?)?,
        results_note: row.try_get("results_note")?,
        series_id: row.try_get("series_id")?,
    })
}

impl Store {
    /// The site's surveys, newest first.
    pub async fn surveys(&self, site: &str) -> anyhow::Result<Vec<SurveyRow>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM surveys s WHERE s.site_id = $1 ORDER BY s.created_at DESC, s.id"
        );
        let rows = sqlx::query(&sql).bind(site).fetch_all(&self.pool).await?;
        rows.iter().map(survey_row).collect()
    }

    /// How many readers answered each of the site's surveys (by id; none: not listed).
    pub async fn survey_answer_counts(
        &self,
        site: &str,
    ) -> anyhow::Result<std::collections::HashMap<String, u64>> {
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT survey_id, COUNT(*) FROM survey_answers WHERE site_id = $1 GROUP BY survey_id",
        )
        .bind(site)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, n)| (id, u64::try_from(n).unwrap_or(0)))
            .collect())
    }

    pub async fn survey(&self, site: &str, id: &str) -> anyhow::Result<Option<SurveyRow>> {
        let sql = format!("SELECT {COLUMNS} FROM surveys s WHERE s.site_id = $1 AND s.id = $2");
        let row = sqlx::query(&sql)
            .bind(site)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(survey_row).transpose()
    }

    /// Creates or replaces a survey (checked by the caller); `true` when created. A consent
    /// text that changed is a new version: answers keep the version and text they agreed to.
    pub async fn upsert_survey(
        &self,
        site: &str,
        id: &str,
        input: &SurveyInput,
        at: SurveyInstants,
        now: i64,
    ) -> anyhow::Result<bool> {
        let mut tx = self.begin_write().await?;
        let before: Option<(String, i64)> = sqlx::query_as(
            "SELECT email_consent, email_consent_version FROM surveys WHERE site_id = $1 AND id = $2",
        )
        .bind(site)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let consent = input.email_consent.trim();
        let version = match &before {
            Some((text, version)) if text == consent => *version,
            Some((_, version)) => version + 1,
            None => i64::from(!consent.is_empty()),
        };
        sqlx::query(
            "INSERT INTO surveys (site_id, id, title, introduction, questions, time_zone, \
             opens_at, closes_at, results_from, opens_at_unix, closes_at_unix, results_from_unix, \
             ask_email, email_consent, email_consent_version, results_note, series_id, \
             created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18) \
             ON CONFLICT (site_id, id) DO UPDATE SET title = excluded.title, \
             introduction = excluded.introduction, questions = excluded.questions, \
             time_zone = excluded.time_zone, opens_at = excluded.opens_at, \
             closes_at = excluded.closes_at, results_from = excluded.results_from, \
             opens_at_unix = excluded.opens_at_unix, closes_at_unix = excluded.closes_at_unix, \
             results_from_unix = excluded.results_from_unix, ask_email = excluded.ask_email, \
             email_consent = excluded.email_consent, \
             email_consent_version = excluded.email_consent_version, \
             results_note = excluded.results_note, series_id = excluded.series_id, \
             updated_at = excluded.updated_at",
        )
        .bind(site)
        .bind(id)
        .bind(input.title.trim())
        .bind(input.introduction.trim())
        .bind(serde_json::to_string(&input.questions)?)
        .bind(&input.time_zone)
        .bind(&input.opens_at)
        .bind(&input.closes_at)
        .bind(&input.results_from)
        .bind(at.opens_at)
        .bind(at.closes_at)
        .bind(at.results_from)
        .bind(i64::from(input.ask_email))
        .bind(consent)
        .bind(version)
        .bind(input.results_note.trim())
        .bind(&input.series)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        self.cache.forget(site);
        Ok(before.is_none())
    }

    /// The answers a reader gave, if they answered.
    pub async fn reader_survey_answers(
        &self,
        site: &str,
        survey: &str,
        reader: &str,
    ) -> anyhow::Result<Option<Vec<Answer>>> {
        let answers: Option<String> = sqlx::query_scalar(
            "SELECT answers FROM survey_answers WHERE site_id = $1 AND survey_id = $2 AND reader = $3",
        )
        .bind(site)
        .bind(survey)
        .bind(reader)
        .fetch_optional(&self.pool)
        .await?;
        answers
            .map(|a| serde_json::from_str(&a))
            .transpose()
            .map_err(Into::into)
    }

    /// Every answer of a survey, oldest first (the console's list, its CSV and the admin
    /// API's).
    pub async fn survey_answers(
        &self,
        site: &str,
        survey: &str,
    ) -> anyhow::Result<Vec<AdminSurveyAnswer>> {
        let rows = sqlx::query(
            "SELECT reader, answers, email, consent_version, consent_text, created_at, updated_at \
             FROM survey_answers WHERE site_id = $1 AND survey_id = $2 ORDER BY created_at, reader",
        )
        .bind(site)
        .bind(survey)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let version: Option<i64> = row.try_get("consent_version")?;
                Ok(AdminSurveyAnswer {
                    reader: row.try_get("reader")?,
                    email: row.try_get("email")?,
                    consent_version: version.map(u32::try_from).transpose()?,
                    consent_text: row.try_get("consent_text")?,
                    answers: serde_json::from_str(row.try_get("answers")?)?,
                    created_at: row.try_get("created_at")?,
                    updated_at: row.try_get("updated_at")?,
                })
            })
            .collect()
    }

    /// The results readers see, counted from every answer (kept for `cache::FRESH_FOR`: a
    /// viral survey's readers share one count).
    pub async fn survey_results(
        &self,
        site: &str,
        survey: &SurveyRow,
    ) -> anyhow::Result<Arc<SurveyResults>> {
        let read = async {
            let sets = self.survey_answer_sets(site, &survey.id).await?;
            Ok(Arc::new(count_results(&survey.questions, &sets)))
        };
        let key = super::cache::site_key(site, &survey.id);
        let results = &self.cache.survey_results;
        self.cache.read_through(results, key, read).await
    }

    /// Every answer of a survey, without who gave it: what results are counted from.
    pub async fn survey_answer_sets(
        &self,
        site: &str,
        survey: &str,
    ) -> anyhow::Result<Vec<Vec<Answer>>> {
        let sets: Vec<String> = sqlx::query_scalar(
            "SELECT answers FROM survey_answers WHERE site_id = $1 AND survey_id = $2",
        )
        .bind(site)
        .bind(survey)
        .fetch_all(&self.pool)
        .await?;
        Ok(sets
            .iter()
            .map(|s| serde_json::from_str(s))
            .collect::<Result<_, _>>()?)
    }

    /// If `a`'s idempotency key is the one of its reader's last write: whether that write
    /// replaced an answer (a retry gets that answer again, before anything that may have
    /// changed since, such as the closing time, is looked at). `answer_survey` checks again.
    pub async fn survey_replay(&self, a: &NewSurveyAnswer) -> anyhow::Result<Option<bool>> {
        let Some(key) = &a.idempotency_key else {
            return Ok(None);
        };
        let mut conn = self.pool.acquire().await?;
        Ok(match last_write(&mut conn, a).await? {
            Some((Some(stored), replaced)) if stored == *key => Some(replaced),
            _ => None,
        })
    }

    /// Records a reader's answer in the writer's next batch: created, or replacing theirs.
    /// A retry with the key of the reader's last write writes nothing and gets that write's
    /// answer again.
    pub async fn answer_survey(&self, a: NewSurveyAnswer) -> anyhow::Result<SurveyAnswered> {
        self.write(Box::new(move |conn| {
            Box::pin(async move { answer_on(conn, &a).await })
        }))
        .await
    }
}

/// The reader's last write to this survey, if any: its idempotency key, and whether it
/// replaced an answer.
async fn last_write(
    conn: &mut AnyConnection,
    a: &NewSurveyAnswer,
) -> anyhow::Result<Option<(Option<String>, bool)>> {
    let row: Option<(Option<String>, Flag)> = sqlx::query_as(
        "SELECT idempotency_key, key_replaced FROM survey_answers \
         WHERE site_id = $1 AND survey_id = $2 AND reader = $3",
    )
    .bind(&a.site)
    .bind(&a.survey)
    .bind(&a.reader)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|(key, Flag(replaced))| (key, replaced)))
}

async fn answer_on(
    conn: &mut AnyConnection,
    a: &NewSurveyAnswer,
) -> anyhow::Result<SurveyAnswered> {
    let existing = last_write(conn, a).await?;
    if let (Some((Some(stored), replaced)), Some(key)) = (&existing, &a.idempotency_key) {
        if stored == key {
            return Ok(SurveyAnswered::Replayed {
                replaced: *replaced,
            });
        }
    }
    if let Some(retry_after) = count_hits(conn, &a.limits, a.now).await? {
        return Ok(SurveyAnswered::RateLimited { retry_after });
    }
    let answers = serde_json::to_string(&a.answers)?;
    let (email, version, text) = match &a.email {
        Some((email, version, text)) => (Some(email), Some(i64::from(*version)), Some(text)),
        None => (None, None, None),
    };
    let replaced = existing.is_some();
    sqlx::query(
        "INSERT INTO survey_answers (site_id, survey_id, reader, answers, email, consent_version, \
         consent_text, idempotency_key, key_replaced, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) \
         ON CONFLICT (site_id, survey_id, reader) DO UPDATE SET answers = excluded.answers, \
         email = excluded.email, consent_version = excluded.consent_version, \
         consent_text = excluded.consent_text, idempotency_key = excluded.idempotency_key, \
         key_replaced = excluded.key_replaced, updated_at = excluded.updated_at",
    )
    .bind(&a.site)
    .bind(&a.survey)
    .bind(&a.reader)
    .bind(answers)
    .bind(email)
    .bind(version)
    .bind(text)
    .bind(&a.idempotency_key)
    .bind(i64::from(replaced))
    .bind(a.now)
    .execute(&mut *conn)
    .await?;
    Ok(if replaced {
        SurveyAnswered::Replaced
    } else {
        SurveyAnswered::Created
    })
}

/// How many chose each option of each question that has options (counted in Rust: answers
/// are JSON). A scale's options are 1 to 5, a checkbox's the one box; texts are not counted.
pub fn count_results(questions: &[Question], sets: &[Vec<Answer>]) -> SurveyResults {
    let questions = questions
        .iter()
        .filter_map(|q| {
            let options: Vec<String> = match q.kind {
                QuestionKind::SingleChoice | QuestionKind::MultipleChoice => q.choices.clone(),
                QuestionKind::Scale => (1..=crate::questions::SCALE_MAX)
                    .map(|n| n.to_string())
                    .collect(),
                QuestionKind::Checkbox => vec!["yes".to_owned()],
                QuestionKind::ShortText | QuestionKind::LongText => return None,
            };
            let mut counts = vec![0u32; options.len()];
            let mut answered = 0;
            for answer in sets.iter().flatten().filter(|a| a.question == q.id) {
                let chosen: Vec<String> = match q.kind {
                    QuestionKind::Scale => {
                        answer.scale.map(|n| n.to_string()).into_iter().collect()
                    }
                    QuestionKind::Checkbox => (answer.checked == Some(true))
                        .then(|| "yes".to_owned())
                        .into_iter()
                        .collect(),
                    _ => answer.choices.clone(),
                };
                let mut any = false;
                for choice in &chosen {
                    if let Some(i) = options.iter().position(|o| o == choice) {
                        counts[i] += 1;
                        any = true;
                    }
                }
                answered += u32::from(any);
            }
            Some(QuestionResult {
                question: q.id.clone(),
                label: q.label.clone(),
                answered,
                options: options
                    .into_iter()
                    .zip(counts)
                    .map(|(option, count)| OptionCount { option, count })
                    .collect(),
            })
        })
        .collect();
    SurveyResults {
        answers: u32::try_from(sets.len()).unwrap_or(u32::MAX),
        questions,
    }
}
