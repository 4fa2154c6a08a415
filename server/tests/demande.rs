//! The demande's data layer through the application, on both databases:
//! versions refuse stale writes, every change is kept, many writers at
//! once never fail.

mod common;

use axum::http::StatusCode;
use common::*;
use livret_app::accounts::ssr::insert_person_with_identifier;
use livret_app::auth::ssr::set_secret;

on_both_databases!(
    a_stale_version_is_refused_and_nothing_is_overwritten,
    a_save_sent_again_after_its_answer_was_lost_is_acknowledged_once,
    every_change_is_kept_in_the_history,
    many_people_writing_at_once_never_meet_a_locked_database,
    a_sent_demande_cannot_be_changed_until_more_is_asked,
    a_step_form_from_before_the_steps_changed_files_nothing,
    a_step_posted_by_the_browser_is_the_same_text_as_its_autosave,
    her_step_page_rereads_only_its_own_step,
);

async fn save(app: &TestApp, cookie: &str, field: &str, value: &str, version: i64) -> (StatusCode, String) {
    let r = app.call(Some(cookie), "save_answer", &[("field", field), ("value", value), ("version", &version.to_string())]).await;
    (r.status, r.body)
}

async fn a_stale_version_is_refused_and_nothing_is_overwritten(backend: Backend) {
    let app = TestApp::start(backend).await;
    let phone = app.sign_in_person(PERSON.0, PERSON.1).await;
    let kiosk = app.sign_in_person(PERSON.0, PERSON.1).await;
    assert_eq!(save(&app, &phone, "situation", "Écrit sur le téléphone.", 0).await, (StatusCode::OK, "1".into()));
    // The kiosk still had version 0.
    let (status, body) = save(&app, &kiosk, "situation", "Écrit sur la borne.", 0).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(json(&body), "Conflict");
    let mine = json(&app.call(Some(&kiosk), "my_demande", &[]).await.body);
    assert_eq!(mine["answers"][0]["value"], "Écrit sur le téléphone.");
    assert_eq!(save(&app, &kiosk, "situation", "Écrit sur la borne.", 1).await, (StatusCode::OK, "2".into()));
    // An unknown field is refused.
    assert_eq!(save(&app, &phone, "password", "x", 0).await.0, StatusCode::NOT_FOUND);
}

/// Her page sends the same text again when a save failed. If that save had
/// committed and only its answer was lost (the connection cut after the
/// commit), the second try is acknowledged with the version it made,
/// not refused as based on an old one, and nothing is written twice.
async fn a_save_sent_again_after_its_answer_was_lost_is_acknowledged_once(backend: Backend) {
    let app = TestApp::start(backend).await;
    let me = app.sign_in_person(PERSON.0, PERSON.1).await;
    assert_eq!(save(&app, &me, "situation", "Ma vie.", 0).await, (StatusCode::OK, "1".into()));
    assert_eq!(save(&app, &me, "situation", "Ma vie.", 0).await, (StatusCode::OK, "1".into()));
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM demande_history WHERE field = 'situation'").fetch_one(&app.pool).await.unwrap();
    assert_eq!(n, 1, "one line in the history");
    // Another text on that old base is still refused.
    assert_eq!(save(&app, &me, "situation", "Autre chose.", 0).await.0, StatusCode::CONFLICT);
}

async fn every_change_is_kept_in_the_history(backend: Backend) {
    let app = TestApp::start(backend).await;
    let me = app.sign_in_person(PERSON.0, PERSON.1).await;
    let long = "é🌱<b>".repeat(4_000); // 20 000 characters
    for (v, text) in ["Un.", "Deux.", long.as_str()].into_iter().enumerate() {
        assert_eq!(save(&app, &me, "housing.hard", text, v as i64).await.0, StatusCode::OK);
    }
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT value, version FROM demande_history WHERE field = 'housing.hard' ORDER BY version")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[2], (long.clone(), 3), "20 000 characters kept intact");
    let too_long = "a".repeat(20_001);
    let (status, body) = save(&app, &me, "housing.hard", &too_long, 3).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json(&body), serde_json::json!({"Invalid": {"field": "Answer", "problem": {"TooLong": {"max": 20000}}}}));
}

async fn many_people_writing_at_once_never_meet_a_locked_database(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut cookies = Vec::new();
    for i in 0..20 {
        let identifier = format!("writer-{i:02}");
        let id = insert_person_with_identifier(&app.pool, "Writer", &identifier, Some(1), 1, now()).await.unwrap();
        set_secret(&app.pool, id, "482913").await.unwrap();
        cookies.push(app.sign_in_person(&identifier, "482913").await);
    }
    let app = std::sync::Arc::new(app);
    let tasks: Vec<_> = cookies
        .into_iter()
        .map(|cookie| {
            let app = app.clone();
            tokio::spawn(async move {
                for v in 0..5i64 {
                    let (status, body) = save(&app, &cookie, "situation", &format!("version {v}"), v).await;
                    assert_eq!(status, StatusCode::OK, "{body}");
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.expect("every writer succeeds");
    }
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM demande_history").fetch_one(&app.pool).await.unwrap();
    assert_eq!(n, 100);
}

async fn a_sent_demande_cannot_be_changed_until_more_is_asked(backend: Backend) {
    let app = TestApp::start(backend).await;
    let me = app.sign_in_person(PERSON.0, PERSON.1).await;
    assert_eq!(save(&app, &me, "situation", "Ma vie.", 0).await.0, StatusCode::OK);
    assert_eq!(app.call(Some(&me), "send_demande", &[]).await.status, StatusCode::OK);
    assert_eq!(save(&app, &me, "situation", "Changée.", 1).await.0, StatusCode::CONFLICT, "read-only once sent");
    assert_eq!(app.call(Some(&me), "send_demande", &[]).await.status, StatusCode::CONFLICT, "sent once");
    let head = app.sign_in_staff(HEAD).await;
    let queue = json(&app.call(Some(&head), "review_queue", &[]).await.body);
    let id = queue[0]["dossier_id"].as_i64().unwrap().to_string();
    assert_eq!(queue[0]["person_name"], "Amina");
    let bad = app.call(Some(&head), "decide_demande", &[("dossier_id", &id), ("decision", "peut-être"), ("message", "x")]).await;
    assert_eq!(json(&bad.body), serde_json::json!({"Invalid": {"field": "Decision", "problem": "UnknownChoice"}}));
    let ask = app
        .call(
            Some(&head),
            "decide_demande",
            // A message in two paragraphs (it was refused as "an invisible sign").
            &[
                ("dossier_id", &id),
                ("decision", "more_info"),
                ("message", "Merci pour votre demande.\r\n\r\nQui vit avec vous ?"),
            ],
        )
        .await;
    assert_eq!(ask.status, StatusCode::OK, "{}", ask.body);
    assert_eq!(save(&app, &me, "household", "Ma fille.", 0).await.0, StatusCode::OK, "editable again");
    let mine = json(&app.call(Some(&me), "my_demande", &[]).await.body);
    assert_eq!(mine["state"], "MoreInfoAsked");
    assert_eq!(mine["messages"][0]["body"], "Merci pour votre demande.\n\nQui vit avec vous ?");
    // The head cannot decide again before she sends it back.
    let (head_id,): (i64,) =
        sqlx::query_as("SELECT id FROM accounts WHERE email = $1").bind(HEAD).fetch_one(&app.pool).await.unwrap();
    let head_id = head_id.to_string();
    assert_eq!(validate(&app, &head, &id, Some(&head_id)).await.status, StatusCode::CONFLICT);
    assert_eq!(app.call(Some(&me), "send_demande", &[]).await.status, StatusCode::OK);
    // Validation names who animates the équipe: a head of this MDS.
    let r = validate(&app, &head, &id, None).await;
    assert_eq!(json(&r.body), serde_json::json!({"Invalid": {"field": "Animateur", "problem": "Empty"}}));
    let (person_id,): (i64,) =
        sqlx::query_as("SELECT id FROM accounts WHERE identifier = 'amina-2841'").fetch_one(&app.pool).await.unwrap();
    let r = validate(&app, &head, &id, Some(&person_id.to_string())).await;
    assert_eq!(json(&r.body), serde_json::json!({"Invalid": {"field": "Animateur", "problem": "UnknownChoice"}}));
    assert_eq!(validate(&app, &head, &id, Some(&head_id)).await.status, StatusCode::OK);
    let mine = json(&app.call(Some(&me), "my_demande", &[]).await.body);
    assert_eq!(mine["state"], "Validated");
    assert_eq!(mine["animateur"], "Hélène Roux");
}

/// A step form names its fields: posted from a page built before a step was
/// added (an update while her page was open), it is refused, instead of
/// filing her refused topics under "the professionals who help her".
async fn a_step_form_from_before_the_steps_changed_files_nothing(backend: Backend) {
    let app = TestApp::start(backend).await;
    let me = app.sign_in_person(PERSON.0, PERSON.1).await;
    // Step 14 was "refused topics" before violences had its own step.
    let old = app.call(Some(&me), "save_step", &[("step", "13"), ("fields", "refused_topics"), ("a0", "MON-SECRET")]).await;
    assert_eq!(old.status, StatusCode::CONFLICT, "{}", old.body);
    assert!(!app.call(Some(&me), "my_demande", &[]).await.body.contains("MON-SECRET"));
    let now = app.call(Some(&me), "save_step", &[("step", "14"), ("fields", "refused_topics"), ("a0", "MON-SECRET")]).await;
    assert!(now.status.is_success() || now.status == StatusCode::FOUND, "{}", now.body);
    let (field,): (String,) =
        sqlx::query_as("SELECT field FROM demande_answers WHERE value = 'MON-SECRET'").fetch_one(&app.pool).await.unwrap();
    assert_eq!(field, "refused_topics");
}

/// The browser posts a form's line breaks as `\r\n`, her page's autosave as
/// `\n`: "Suivant" after the autosave is no change (no new version, no
/// line in the history).
async fn a_step_posted_by_the_browser_is_the_same_text_as_its_autosave(backend: Backend) {
    let app = TestApp::start(backend).await;
    let me = app.sign_in_person(PERSON.0, PERSON.1).await;
    assert_eq!(save(&app, &me, "housing.hard", "Le loyer.\nLa CAF.", 0).await, (StatusCode::OK, "1".into()));
    let fields = "housing.hard,housing.wish,housing.strength,housing.block";
    let posted = app.call(Some(&me), "save_step", &[("step", "1"), ("fields", fields), ("a0", "Le loyer.\r\nLa CAF.")]).await;
    assert!(posted.status.is_success() || posted.status == StatusCode::FOUND, "{}", posted.body);
    let (version, value): (i64, String) =
        sqlx::query_as("SELECT version, value FROM demande_answers WHERE field = 'housing.hard'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!((version, value.as_str()), (1, "Le loyer.\nLa CAF."));
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM demande_history WHERE field = 'housing.hard'").fetch_one(&app.pool).await.unwrap();
    assert_eq!(n, 1, "one line in the history");
}

/// Her step's page re-reads only that step (a smaller bundle on her phone):
/// the answers to its questions, at the dossier's revision.
async fn her_step_page_rereads_only_its_own_step(backend: Backend) {
    let app = TestApp::start(backend).await;
    let me = app.sign_in_person(PERSON.0, PERSON.1).await;
    assert_eq!(save(&app, &me, "situation", "MA-SITUATION", 0).await.0, StatusCode::OK);
    assert_eq!(save(&app, &me, "housing.hard", "MON-LOYER", 0).await.0, StatusCode::OK);
    let whole = json(&app.call(Some(&me), "my_demande", &[]).await.body);
    let r = app.call(Some(&me), "my_step", &[("index", "1")]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let step = json(&r.body);
    assert_eq!(step["dossier_id"], whole["dossier_id"]);
    assert_eq!(step["revision"], whole["revision"]);
    assert_eq!(step["answers"].as_array().map(Vec::len), Some(1), "{step}");
    assert_eq!(step["answers"][0]["field"], "housing.hard");
    assert_eq!(step["answers"][0]["value"], "MON-LOYER");
    assert!(!r.body.contains("MA-SITUATION"), "another step's answer: {}", r.body);
    // A step that does not exist.
    assert_eq!(app.call(Some(&me), "my_step", &[("index", "99")]).await.status, StatusCode::UNPROCESSABLE_ENTITY);
}
