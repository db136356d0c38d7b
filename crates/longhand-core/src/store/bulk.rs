//! Multi-row `INSERT`s: many rows of one table per statement, for the bulk paths (`longhand
//! seed`, the event log's batched append) where a statement per row would dominate the time.
//!
//! A statement carries at most [`MAX_PARAMETERS`] bound values, far under both databases'
//! limits (SQLite's 32,766, PostgreSQL's 65,535) on purpose: sqlx's SQLite driver looks each
//! parameter's name up in a list as long as the statement's parameters, so binding costs grow
//! with the square of a statement's size (a profile of 16,000-value statements spent half the
//! seed there, and at 1,200 a third). About three hundred values keep that small while the
//! per-statement overhead is already spread thin; sqlx caches the prepared statement, so a
//! run of full chunks is prepared once.

use super::StoreResult;
use sqlx::AnyConnection;
use sqlx::AssertSqlSafe;

/// Bound values per statement.
const MAX_PARAMETERS: usize = 300;
/// Rows per statement.
const MAX_ROWS: usize = 500;

/// One bound value.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Cell<'a> {
    Int(Option<i64>),
    Text(Option<&'a str>),
}

/// A row of a table the bulk path writes: its table, its columns, and its values in that
/// column order.
pub(crate) trait BulkRow {
    const TABLE: &'static str;
    const COLUMNS: &'static [&'static str];
    fn cells<'a>(&'a self, out: &mut Vec<Cell<'a>>);
}

/// Inserts `rows` in as few statements as the limits above allow.
pub(crate) async fn insert<R: BulkRow>(conn: &mut AnyConnection, rows: &[R]) -> StoreResult<()> {
    let width = R::COLUMNS.len();
    let per_statement = (MAX_PARAMETERS / width).clamp(1, MAX_ROWS);
    for chunk in rows.chunks(per_statement) {
        let sql = statement(R::TABLE, R::COLUMNS, chunk.len());
        let mut cells = Vec::with_capacity(chunk.len() * width);
        for row in chunk {
            row.cells(&mut cells);
        }
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for cell in cells {
            query = match cell {
                Cell::Int(value) => query.bind(value),
                Cell::Text(value) => query.bind(value),
            };
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// `INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4), …` for `rows` rows. Only the static table
/// and column names of a [`BulkRow`] reach the text; every value is bound.
fn statement(table: &str, columns: &[&str], rows: usize) -> String {
    let width = columns.len();
    let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
    for row in 0..rows {
        if row > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for column in 0..width {
            if column > 0 {
                sql.push_str(", ");
            }
            sql.push('$');
            sql.push_str(&(row * width + column + 1).to_string());
        }
        sql.push(')');
    }
    sql
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_across_rows() {
        assert_eq!(
            statement("t", &["a", "b"], 2),
            "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)"
        );
    }
}
