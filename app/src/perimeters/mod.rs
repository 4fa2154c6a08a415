//! Mission perimeters: the kinds of information each function may see at
//! most (her yes is still needed for each professional). A département
//! starts from the defaults of `domain::sharing::default_perimeter`; an
//! administrator adapts them here, and every change is kept (who, when,
//! what), since it changes what every professional of that function sees
//! in every dossier.

use crate::domain::role::Function;
use crate::domain::sharing::Kind;
use crate::error::AppError;
use crate::sharing::KindBoxes;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One function's perimeter as the administrator reads it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Perimeter {
    pub function: Function,
    pub kinds: Vec<Kind>,
    /// "Administration Livret, lundi 30 novembre 2026 à 14 h 05".
    pub last_change: Option<String>,
}

/// The functions whose perimeter can be set. A head reads a demande
/// because the person sent it to her, never by function.
pub fn configurable() -> impl Iterator<Item = Function> {
    Function::ALL.into_iter().filter(|f| *f != Function::MdsHead)
}

#[server(endpoint = "list_perimeters")]
pub async fn list_perimeters() -> Result<Vec<Perimeter>, AppError> {
    crate::auth::ssr::require(&[crate::domain::role::Role::Admin]).await?;
    ssr::list(&crate::state::pool()?).await
}

/// Replaces one function's perimeter. It takes effect at once: the open
/// pages of the professionals of that function update without reloading.
#[server(endpoint = "save_perimeter")]
pub async fn save_perimeter(function: String, #[server(flatten)] boxes: KindBoxes) -> Result<(), AppError> {
    use crate::domain::credentials::InputError;
    use crate::error::Field;
    use crate::state::now;
    let caller = crate::auth::ssr::require(&[crate::domain::role::Role::Admin]).await?;
    let function = Function::parse(&function)
        .filter(|f| configurable().any(|c| c == *f))
        .ok_or(AppError::Invalid { field: Field::Function, problem: InputError::UnknownChoice })?;
    let kinds = boxes.ticked();
    // What the law closes to a function, or opens only within one dossier's
    // exception, no perimeter opens.
    if kinds.iter().any(|k| !crate::domain::sharing::may_be_in_mission(function, *k)) {
        return Err(AppError::Invalid { field: Field::Kind, problem: InputError::ForbiddenByLaw });
    }
    ssr::save(&crate::state::pool()?, function, &kinds, caller.id, now()).await
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::{Perimeter, configurable};
    use crate::domain::dates::long_date_time;
    use crate::domain::role::Function;
    use crate::domain::sharing::Kind;
    use crate::error::AppError;
    use sqlx::AnyPool;

    pub async fn list(pool: &AnyPool) -> Result<Vec<Perimeter>, AppError> {
        let rows: Vec<(String, String)> = sqlx::query_as("SELECT function, kind FROM mission_perimeters").fetch_all(pool).await?;
        let changes: Vec<(String, String, i64)> = sqlx::query_as(
            "SELECT c.function, a.display_name, c.at FROM perimeter_changes c
             JOIN accounts a ON a.id = c.by_id ORDER BY c.id",
        )
        .fetch_all(pool)
        .await?;
        Ok(configurable()
            .map(|function| Perimeter {
                function,
                kinds: Kind::ALL
                    .into_iter()
                    .filter(|k| rows.iter().any(|(f, kind)| f == function.as_str() && kind == k.as_str()))
                    .collect(),
                last_change: changes
                    .iter()
                    .rev()
                    .find(|(f, _, _)| f == function.as_str())
                    .map(|(_, by, at)| format!("{by}, {}", long_date_time(*at))),
            })
            .collect())
    }

    pub async fn save(pool: &AnyPool, function: Function, kinds: &[Kind], by: i64, now: i64) -> Result<(), AppError> {
        let mut tx = crate::state::begin_write(pool).await?;
        sqlx::query("DELETE FROM mission_perimeters WHERE function = $1").bind(function.as_str()).execute(&mut *tx).await?;
        for kind in kinds {
            sqlx::query("INSERT INTO mission_perimeters (function, kind) VALUES ($1, $2)")
                .bind(function.as_str())
                .bind(kind.as_str())
                .execute(&mut *tx)
                .await?;
        }
        let listed: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
        sqlx::query("INSERT INTO perimeter_changes (function, kinds, by_id, at) VALUES ($1, $2, $3, $4)")
            .bind(function.as_str())
            .bind(listed.join(","))
            .bind(by)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        // The dossiers open on a page of someone of that function move on,
        // so those pages update now (live views follow the revision).
        let moved: Vec<(i64,)> = sqlx::query_as(
            "UPDATE dossiers SET revision = revision + 1 WHERE id IN (
                 SELECT m.dossier_id FROM dossier_members m JOIN accounts a ON a.id = m.staff_id
                 WHERE a.function = $1 AND m.until IS NULL)
             RETURNING id",
        )
        .bind(function.as_str())
        .fetch_all(&mut *tx)
        .await?;
        let moved: Vec<i64> = moved.into_iter().map(|(dossier,)| dossier).collect();
        crate::presence::notify_in(&mut tx, &moved).await?;
        tx.commit().await?;
        crate::dossier::ssr::announce(moved);
        Ok(())
    }
}
