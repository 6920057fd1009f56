//! Moving a site from SQLite to PostgreSQL: every row of every table, in one transaction on
//! the target (`kiosque-server database copy --to postgres://…`; README, "Scaling out").

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{bail, Context};
use futures_util::TryStreamExt;
use sqlx::{AnyConnection, Column, Row, TypeInfo, ValueRef};

use super::{Backend, Store};

/// What was copied: rows per table.
pub type Copied = BTreeMap<String, u64>;

/// A value as read from SQLite, to bind into the target's column.
enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl Store {
    /// Copies everything `self` (a SQLite database) holds into `target`, a PostgreSQL database
    /// migrated to the same version and still empty: both or nothing. Counters kept by triggers
    /// are copied as they are (the triggers are off during the copy), and the targets' id
    /// sequences continue after the copied ids.
    pub async fn copy_into(&self, target: &Store) -> anyhow::Result<Copied> {
        if self.backend != Backend::Sqlite || target.backend != Backend::Postgres {
            bail!("the copy goes from a sqlite:// database to a postgres:// one");
        }
        let mut source = self.pool.acquire().await?;
        let tables = tables_in_order(&mut source).await?;
        let mut tx = target.pool.begin().await?;
        for table in &tables {
            let rows: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
                .fetch_one(&mut *tx)
                .await
                .with_context(|| format!("table {table} is missing in the target"))?;
            if rows > 0 {
                bail!("the target database is not empty ({table} has {rows} rows): copy into a new database");
            }
        }
        let mut copied = Copied::new();
        for table in &tables {
            let columns = target_columns(&mut tx, table).await?;
            sqlx::query(&format!("ALTER TABLE {table} DISABLE TRIGGER USER"))
                .execute(&mut *tx)
                .await?;
            // Row by row as they are read: a table never has to fit in memory.
            let select = format!("SELECT * FROM {table}");
            let mut rows = sqlx::query(&select).fetch(&mut *source);
            let mut count = 0;
            while let Some(row) = rows.try_next().await? {
                insert(&mut tx, table, &columns, &row).await?;
                count += 1;
            }
            sqlx::query(&format!("ALTER TABLE {table} ENABLE TRIGGER USER"))
                .execute(&mut *tx)
                .await?;
            copied.insert(table.clone(), count);
        }
        // Identity columns go on after the largest copied id.
        let identities: Vec<(String, String)> = sqlx::query_as(
            "SELECT CAST(table_name AS TEXT), CAST(column_name AS TEXT) \
             FROM information_schema.columns \
             WHERE table_schema = current_schema() AND is_identity = 'YES'",
        )
        .fetch_all(&mut *tx)
        .await?;
        for (table, column) in identities {
            sqlx::query(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', '{column}'), \
                 COALESCE(MAX({column}), 0) + 1, false) FROM {table}"
            ))
            .fetch_one(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(copied)
    }
}

/// The source's tables, each after the tables it refers to (so foreign keys hold row by row).
async fn tables_in_order(source: &mut AnyConnection) -> anyhow::Result<Vec<String>> {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' \
         AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations' ORDER BY name",
    )
    .fetch_all(&mut *source)
    .await?;
    let mut refers: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for name in &names {
        let parents: Vec<String> =
            sqlx::query_scalar("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list($1)")
                .bind(name)
                .fetch_all(&mut *source)
                .await?;
        let parents = parents.into_iter().filter(|p| p != name).collect();
        refers.insert(name.clone(), parents);
    }
    let mut ordered: Vec<String> = Vec::new();
    while ordered.len() < names.len() {
        let ready: Vec<String> = refers
            .iter()
            .filter(|(name, parents)| {
                !ordered.contains(name) && parents.iter().all(|p| ordered.contains(p))
            })
            .map(|(name, _)| name.clone())
            .collect();
        if ready.is_empty() {
            bail!("the tables' foreign keys form a cycle");
        }
        ordered.extend(ready);
    }
    Ok(ordered)
}

/// The target table's columns with their types (a NULL is bound with its column's type).
async fn target_columns(
    tx: &mut AnyConnection,
    table: &str,
) -> anyhow::Result<BTreeMap<String, String>> {
    let columns: Vec<(String, String)> = sqlx::query_as(
        "SELECT CAST(column_name AS TEXT), CAST(data_type AS TEXT) \
         FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1",
    )
    .bind(table)
    .fetch_all(&mut *tx)
    .await?;
    Ok(columns.into_iter().collect())
}

/// Inserts one source row into the same table of the target, column by column by name.
async fn insert(
    tx: &mut AnyConnection,
    table: &str,
    columns: &BTreeMap<String, String>,
    row: &sqlx::any::AnyRow,
) -> anyhow::Result<()> {
    let mut names = Vec::new();
    let mut values = Vec::new();
    for (i, column) in row.columns().iter().enumerate() {
        let Some(target_type) = columns.get(column.name()) else {
            bail!("column {table}.{} is missing in the target", column.name());
        };
        names.push(column.name().to_owned());
        values.push((read(row, i)?, target_type.as_str()));
    }
    let placeholders = (1..=names.len())
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "INSERT INTO {table} ({}) VALUES ({placeholders})",
        names.join(", ")
    );
    let mut query = sqlx::query(&sql);
    for (value, target_type) in values {
        query = match value {
            Value::Int(v) => query.bind(v),
            Value::Real(v) => query.bind(v),
            Value::Text(v) => query.bind(v),
            Value::Blob(v) => query.bind(v),
            Value::Null => match target_type {
                "bigint" | "integer" => query.bind(None::<i64>),
                "double precision" | "real" => query.bind(None::<f64>),
                "bytea" => query.bind(None::<Vec<u8>>),
                _ => query.bind(None::<String>),
            },
        };
    }
    query
        .execute(&mut *tx)
        .await
        .with_context(|| format!("copying a row of {table}"))?;
    Ok(())
}

/// Column `i` of a SQLite row, by the type of its value (SQLite's columns hold any type).
fn read(row: &sqlx::any::AnyRow, i: usize) -> anyhow::Result<Value> {
    let raw = row.try_get_raw(i)?;
    if raw.is_null() {
        return Ok(Value::Null);
    }
    let type_name = raw.type_info().name().to_owned();
    Ok(match type_name.as_str() {
        "BIGINT" | "INTEGER" | "SMALLINT" | "BOOLEAN" => Value::Int(row.try_get(i)?),
        "DOUBLE" | "REAL" => Value::Real(row.try_get(i)?),
        "BLOB" => Value::Blob(row.try_get(i)?),
        _ => Value::Text(row.try_get(i)?),
    })
}
