//! Helpers of the scenarios that hold an équipe meeting (the meeting's
//! and the livret's tests): demo accounts, her answers, dates, a meeting
//! proposed and started.

use super::*;
use axum::http::StatusCode;
use livret_app::accounts::ssr::{NewStaff, insert_staff};
use livret_app::auth::ssr::set_secret;
use livret_app::domain::meeting::to_local;
use serde_json::{Value, json as j};

pub const CAF: &str = "karim.haddad@caf.demo";
pub const NURSE: &str = "nadia.lefevre@pmi.demo";
pub const OUTSIDER: &str = "lucas.petit@missionlocale.demo";

pub async fn id_of(app: &TestApp, email: &str) -> i64 {
    let (id,): (i64,) =
        sqlx::query_as("SELECT id FROM accounts WHERE email = $1").bind(email).fetch_one(&app.pool).await.unwrap();
    id
}

pub async fn amina_id(app: &TestApp) -> i64 {
    let (id,): (i64,) =
        sqlx::query_as("SELECT id FROM accounts WHERE identifier = $1").bind(PERSON.0).fetch_one(&app.pool).await.unwrap();
    id
}

pub async fn dossier(app: &TestApp, person: &str) -> String {
    json(&app.call(Some(person), "my_demande", &[]).await.body)["dossier_id"].to_string()
}

pub async fn write(app: &TestApp, person: &str, field: &str, value: &str) {
    let mine = json(&app.call(Some(person), "my_demande", &[]).await.body);
    let version =
        mine["answers"].as_array().unwrap().iter().find(|a| a["field"] == field).map_or(0, |a| a["version"].as_i64().unwrap());
    let r = app.call(Some(person), "save_answer", &[("field", field), ("value", value), ("version", &version.to_string())]).await;
    assert_eq!(r.status, StatusCode::OK, "{field}: {}", r.body);
}

pub async fn send_and_validate(app: &TestApp, person: &str, head: &str, animateur: &str) -> String {
    let id = dossier(app, person).await;
    assert_eq!(app.call(Some(person), "send_demande", &[]).await.status, StatusCode::OK);
    let r = validate(app, head, &id, Some(animateur)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    id
}

/// The lines of her journal, as (who, exit, kinds).
pub async fn journal(app: &TestApp, person: &str) -> Vec<(String, String, Vec<String>)> {
    let r = app.call(Some(person), "my_journal", &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    json(&r.body)
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let kinds =
                e["kinds"].as_array().map(|k| k.iter().map(|k| k.as_str().unwrap().to_owned()).collect()).unwrap_or_default();
            (e["viewer"].as_str().unwrap().to_owned(), e["exit"].as_str().unwrap_or_default().to_owned(), kinds)
        })
        .collect()
}

pub async fn count(app: &TestApp, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql).fetch_one(&app.pool).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
    n
}

/// Rows of every table a meeting writes to.
pub async fn meeting_rows(app: &TestApp) -> [i64; 5] {
    [
        count(app, "SELECT COUNT(*) FROM meetings").await,
        count(app, "SELECT COUNT(*) FROM meeting_slots").await,
        count(app, "SELECT COUNT(*) FROM meeting_invitees").await,
        count(app, "SELECT COUNT(*) FROM meeting_answers").await,
        count(app, "SELECT COUNT(*) FROM meeting_record").await,
    ]
}

/// A date the form would send, `days` from now (Paris time).
pub fn in_days(days: i64) -> String {
    to_local(now() + days * 86_400)
}

/// A day the form would send, `days` from now.
pub fn day_in(days: i64) -> String {
    in_days(days)[..10].to_owned()
}

pub async fn propose_with(app: &TestApp, head: &str, dossier: &str, dates: [&str; 3]) -> Reply {
    app.call(
        Some(head),
        "propose_dates",
        &[
            ("dossier_id", dossier),
            ("place", "MDS de la Vallée, salle 2"),
            ("date0", dates[0]),
            ("date1", dates[1]),
            ("date2", dates[2]),
        ],
    )
    .await
}

/// Three good dates: the meeting's id.
pub async fn propose(app: &TestApp, head: &str, dossier: &str) -> String {
    let (a, b, c) = (in_days(20), in_days(21), in_days(22));
    let r = propose_with(app, head, dossier, [&a, &b, &c]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    json(&r.body).as_i64().unwrap_or_else(|| panic!("a meeting id: {}", r.body)).to_string()
}

pub async fn choose_and_start(app: &TestApp, head: &str, meeting: &str) {
    let r = app.call(Some(head), "choose_date", &[("meeting_id", meeting), ("slot", "0")]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app.call(Some(head), "start_meeting", &[("meeting_id", meeting)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

pub async fn view(app: &TestApp, cookie: &str, meeting: &str) -> Reply {
    let r = app.call(Some(cookie), "meeting", &[("meeting_id", meeting)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r
}

pub async fn set_topic(app: &TestApp, amina: &str, meeting: &str, kind: &str, open: &str) {
    let r = app.call(Some(amina), "set_topic", &[("meeting_id", meeting), ("kind", kind), ("open", open)]).await;
    assert_eq!(r.status, StatusCode::OK, "{kind} {open}: {}", r.body);
}

pub fn meeting_error(field: &str, problem: &str) -> Value {
    j!({"Invalid": {"field": field, "problem": {"Meeting": problem}}})
}

/// Her, signed in, with her demande validated by the head who animates.
pub struct Ready {
    pub amina: String,
    pub head: String,
    pub dossier: String,
}

pub async fn validated(app: &TestApp) -> Ready {
    let amina = app.sign_in_person(PERSON.0, PERSON.1).await;
    let head = app.sign_in_staff(HEAD).await;
    let head_id = id_of(app, HEAD).await.to_string();
    let dossier = send_and_validate(app, &amina, &head, &head_id).await;
    Ready { amina, head, dossier }
}

pub async fn the_mds(app: &TestApp) -> i64 {
    let (id,): (i64,) = sqlx::query_as("SELECT id FROM mds WHERE name = 'MDS de la Vallée'").fetch_one(&app.pool).await.unwrap();
    id
}

/// A staff account, with the demo password.
pub async fn new_staff(app: &TestApp, s: NewStaff<'_>) -> i64 {
    let mut conn = app.pool.acquire().await.unwrap();
    let id = insert_staff(&mut conn, &s, None, now()).await.unwrap();
    drop(conn);
    set_secret(&app.pool, id, livret_server::demo::STAFF_PASSWORD).await.unwrap();
    id
}

/// Her choices for one professional, as the sharing page sends them.
pub async fn consents(app: &TestApp, amina: &str, staff: i64, kinds: &[&str]) {
    let staff = staff.to_string();
    let mut form = vec![("staff_id", staff.as_str())];
    form.extend(kinds.iter().map(|k| (*k, "on")));
    let r = app.call(Some(amina), "save_consents", &form).await;
    assert_eq!(r.status, StatusCode::OK, "{kinds:?}: {}", r.body);
}
