//! Her livret de parcours (issue 15), on both databases: a version per
//! closed meeting, signed by her secret (a wrong one counted like a failed
//! sign-in) and then final; a copy only with her agreement and filtered by
//! the sharing rule, on the page and in the PDF, each in her journal;
//! actions moved only by her or the one responsible; the bilan before the
//! next version; a version altered behind the app's back shown as altered;
//! reminders that carry nothing of hers.

mod common;

use axum::http::StatusCode;
use common::meeting::*;
use common::*;
use serde_json::{Value, json as j};

on_both_databases!(
    a_closed_meeting_writes_a_version_she_signs_with_her_secret,
    a_signed_version_is_final_even_for_the_database,
    a_copy_needs_her_agreement_and_holds_only_what_the_rule_lets_through,
    an_action_moves_only_by_her_or_the_one_responsible,
    the_next_meeting_gives_a_bilan_and_writes_a_new_version,
    a_version_changed_behind_the_apps_back_is_shown_as_altered,
    reminders_come_once_and_carry_nothing_of_hers,
    an_objective_reached_at_the_next_meeting_is_no_longer_reminded,
    the_referent_changes_at_her_request_or_his_and_the_new_one_accepts,
    a_closed_accompaniment_keeps_her_livret_readable_and_stops_what_comes_next,
);

/// Every text of the new pages follows the plain-language rules: hers
/// strictly, a professional's with the words of his trade.
#[tokio::test]
async fn the_livret_pages_follow_plain_language_rules() {
    use common::plain::{offences, rendered};
    let app = TestApp::start(Backend::Sqlite).await;
    let h = held(&app).await;
    let claire_id = id_of(&app, PRO).await.to_string();
    let r = app.call(Some(&h.amina), "set_livret_copy", &[("staff_id", &claire_id), ("give", "yes")]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    livret_app::livret::ssr::remind(&app.pool, now()).await.unwrap();
    let mut all = Vec::new();
    for (path, heading) in
        [("/", "Ce que je fais ensuite"), ("/mon-livret", "Mon livret de parcours"), ("/mon-livret?version=1", "Mon projet")]
    {
        let page = format!("{path} (person)");
        let reply = app.get(Some(&h.amina), path).await;
        all.extend(offences(&page, rendered(&page, &reply, heading), false));
    }
    let claire = app.sign_in_staff(PRO).await;
    for (path, heading) in [("/dossier/1/livret", "Copie partielle"), ("/pro", "Rappels")] {
        let page = format!("{path} (Claire)");
        let reply = app.get(Some(&claire), path).await;
        all.extend(offences(&page, rendered(&page, &reply, heading), true));
    }
    let reply = app.get(Some(&h.head), &format!("/reunion/{}", h.meeting)).await;
    all.extend(offences("/reunion (head)", &reply.body, true));
    // Her own words are hers: the markers of this test are not checked.
    all.retain(|o| !o.contains("ZQX"));
    assert!(all.is_empty(), "plain-language offences:\n{}", all.join("\n"));
}

/// Markers of her words: found only where the sharing rule lets them go.
const HOUSING: &str = "ZQXHOUSINGQHARDZQX je dors chez ma sœur.";
const HEALTH: &str = "ZQXHEALTHQHARDZQX j'ai mal au dos.";
const HEALTH_MARK: &str = "ZQXHEALTHQHARDZQX";
const HOUSING_GOAL: &str = "Trouver un logement.";
const HEALTH_GOAL: &str = "Soigner mon dos.";
const NEW_GOAL: &str = "Trouver une formation.";

fn livret_error(field: &str, problem: &str) -> Value {
    j!({"Invalid": {"field": field, "problem": {"Livret": problem}}})
}

struct Held {
    amina: String,
    head: String,
    dossier: String,
    meeting: String,
    /// Her action (housing), Claire's action (housing), her action (health).
    hers: i64,
    claires: i64,
    her_health: i64,
}

async fn objective(app: &TestApp, cookie: &str, meeting: &str, kind: &str, body: &str) -> i64 {
    let r = app.call(Some(cookie), "add_objective", &[("meeting_id", meeting), ("kind", kind), ("body", body)]).await;
    assert_eq!(r.status, StatusCode::OK, "{kind}: {}", r.body);
    let (id,): (i64,) = sqlx::query_as("SELECT MAX(id) FROM objectives").fetch_one(&app.pool).await.unwrap();
    id
}

async fn action(app: &TestApp, cookie: &str, meeting: &str, objective: i64, what: &str, who: i64, days: i64) -> i64 {
    let r = app
        .call(
            Some(cookie),
            "add_action",
            &[
                ("meeting_id", meeting),
                ("objective_id", &objective.to_string()),
                ("what", what),
                ("who", &who.to_string()),
                ("due", &day_in(days)),
                ("means", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{what}: {}", r.body);
    let (id,): (i64,) = sqlx::query_as("SELECT MAX(id) FROM actions").fetch_one(&app.pool).await.unwrap();
    id
}

/// Her first meeting, held and closed: housing and health discussed, an
/// objective in each, Claire her référent, a review date.
async fn held(app: &TestApp) -> Held {
    let amina = app.sign_in_person(PERSON.0, PERSON.1).await;
    write(app, &amina, "housing.hard", HOUSING).await;
    write(app, &amina, "health.hard", HEALTH).await;
    write(app, &amina, "work.hard", "Je cherche un travail.").await;
    let head = app.sign_in_staff(HEAD).await;
    let head_id = id_of(app, HEAD).await.to_string();
    let dossier = send_and_validate(app, &amina, &head, &head_id).await;
    let meeting = propose(app, &head, &dossier).await;
    for kind in ["housing", "health", "work"] {
        set_topic(app, &amina, &meeting, kind, "yes").await;
    }
    choose_and_start(app, &head, &meeting).await;
    let her = amina_id(app).await;
    let claire = id_of(app, PRO).await;
    let housing = objective(app, &amina, &meeting, "housing", HOUSING_GOAL).await;
    let hers = action(app, &amina, &meeting, housing, "Appeler le centre lundi.", her, 2).await;
    let claires = action(app, &amina, &meeting, housing, "Écrire au bailleur.", claire, 2).await;
    let health = objective(app, &amina, &meeting, "health", HEALTH_GOAL).await;
    let her_health = action(app, &amina, &meeting, health, "Prendre rendez-vous chez le médecin.", her, 20).await;
    let r = app.call(Some(&head), "propose_referent", &[("meeting_id", &meeting), ("staff_id", &claire.to_string())]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let (proposal,): (i64,) = sqlx::query_as("SELECT MAX(id) FROM referent_proposals").fetch_one(&app.pool).await.unwrap();
    let accept = [("meeting_id", meeting.as_str()), ("proposal_id", &proposal.to_string())];
    let claire_cookie = app.sign_in_staff(PRO).await;
    for cookie in [&amina, &claire_cookie] {
        let r = app.call(Some(cookie), "accept_referent", &accept).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    let r = app.call(Some(&head), "set_review_date", &[("meeting_id", &meeting), ("review", &in_days(60))]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app.call(Some(&head), "close_meeting", &[("meeting_id", &meeting)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    Held { amina, head, dossier, meeting, hers, claires, her_health }
}

async fn mine(app: &TestApp, amina: &str, number: Option<u32>) -> Value {
    let n = number.map(|n| n.to_string());
    let form: Vec<(&str, &str)> = n.iter().map(|n| ("number", n.as_str())).collect();
    let r = app.call(Some(amina), "my_livret", &form).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    json(&r.body)
}

async fn signed_at(app: &TestApp, number: i64) -> Option<i64> {
    let (at,): (Option<i64>,) = sqlx::query_as("SELECT signed_at FROM livret_versions WHERE number = $1")
        .bind(number)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    at
}

/// The text of a PDF, as `pdftotext` (Debian poppler-utils) reads it.
fn pdf_text(bytes: &[u8]) -> String {
    assert!(bytes.starts_with(b"%PDF"), "not a PDF: {:?}", String::from_utf8_lossy(&bytes[..bytes.len().min(200)]));
    let path = std::env::temp_dir().join(format!("livret-test-{}.pdf", rand_suffix()));
    std::fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (Debian poppler-utils, installed by scripts/setup --test)");
    let _ = std::fs::remove_file(&path);
    assert!(out.status.success(), "pdftotext: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn rand_suffix() -> u64 {
    use std::time::{SystemTime, UNIX_EPOCH};
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(0) ^ u64::from(std::process::id())
}

/// Scenario 1: The closed meeting wrote version 1 with what was decided; a
/// wrong secret signs nothing and counts as a failed sign-in; her secret
/// signs it, once.
async fn a_closed_meeting_writes_a_version_she_signs_with_her_secret(backend: Backend) {
    let app = TestApp::start(backend).await;
    let h = held(&app).await;
    let v = mine(&app, &h.amina, None).await;
    assert_eq!(v["number"], 1, "{v}");
    assert_eq!(v["signed_on"], Value::Null);
    let l = &v["content"];
    let goals: Vec<&str> = l["objectives"].as_array().unwrap().iter().map(|o| o["body"].as_str().unwrap()).collect();
    assert_eq!(goals, [HOUSING_GOAL, HEALTH_GOAL], "{l}");
    assert_eq!(l["referent"]["name"], "Claire Martin", "{l}");
    assert_eq!(l["referent"]["email"], PRO, "how to reach him");
    assert!(l["review_on"].is_string(), "{l}");
    assert!(l["team"].as_array().unwrap().iter().any(|m| m["name"] == "Karim Haddad"), "{l}");
    assert!(l.to_string().contains(HEALTH_MARK), "her copy is whole: {l}");
    assert_eq!(v["changes"], j!(["C'est la première version du livret."]));
    // Her home: what she does next, her référent, the version to sign.
    let home = json(&app.call(Some(&h.amina), "my_next_steps", &[]).await.body);
    assert_eq!(home["to_sign"], 1, "{home}");
    assert_eq!(home["actions"][0]["what"], "Appeler le centre lundi.", "nearest first: {home}");
    assert_eq!(home["referent"]["name"], "Claire Martin");

    // A wrong secret: refused, counted like a failed sign-in, nothing signed.
    let r = app.call(Some(&h.amina), "sign_livret", &[("number", "1"), ("secret", "000000")]).await;
    assert_eq!(json(&r.body), livret_error("Secret", "WrongSecret"), "beside her secret: {}", r.body);
    let (failures,): (i64,) = sqlx::query_as("SELECT failures FROM sign_in_failures WHERE key = $1")
        .bind(format!("person:{}", PERSON.0))
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(failures, 1);
    assert_eq!(signed_at(&app, 1).await, None);
    // An empty secret is a slip, not an attempt; a version that does not exist is not found.
    let r = app.call(Some(&h.amina), "sign_livret", &[("number", "1"), ("secret", "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r = app.call(Some(&h.amina), "sign_livret", &[("number", "7"), ("secret", PERSON.1)]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    // A refusal needs a reason.
    let r = app.call(Some(&h.amina), "refuse_livret", &[("number", "1"), ("reason", "  ")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    // Nobody else signs for her.
    let r = app.call(Some(&h.head), "sign_livret", &[("number", "1"), ("secret", PERSON.1)]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert_eq!(signed_at(&app, 1).await, None);

    let r = app.call(Some(&h.amina), "sign_livret", &[("number", "1"), ("secret", PERSON.1)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(signed_at(&app, 1).await.is_some());
    let v = mine(&app, &h.amina, Some(1)).await;
    assert!(v["signed_on"].is_string(), "{v}");
    assert_eq!(v["altered"], false);
    // The stored hash is the SHA-256 of the stored content.
    let (content, sha): (String, String) =
        sqlx::query_as("SELECT content, sha256 FROM livret_versions WHERE number = 1").fetch_one(&app.pool).await.unwrap();
    assert_eq!(sha, livret_app::livret::ssr::sha256_hex(&content));
    assert_eq!(sha.len(), 64);
    // Signed once.
    let r = app.call(Some(&h.amina), "sign_livret", &[("number", "1"), ("secret", PERSON.1)]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(json(&r.body), livret_error("Livret", "AlreadySigned"));
    let home = json(&app.call(Some(&h.amina), "my_next_steps", &[]).await.body);
    assert_eq!(home["to_sign"], Value::Null, "{home}");
}

/// Scenario 2: No UPDATE path in the app, and the database itself refuses to
/// change a signed version or to delete any.
async fn a_signed_version_is_final_even_for_the_database(backend: Backend) {
    let app = TestApp::start(backend).await;
    let h = held(&app).await;
    // Unsigned: its content cannot change either.
    let r = sqlx::query("UPDATE livret_versions SET content = 'x' WHERE number = 1").execute(&app.pool).await;
    assert!(r.is_err(), "content changed");
    let r = app.call(Some(&h.amina), "sign_livret", &[("number", "1"), ("secret", PERSON.1)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    for sql in [
        "UPDATE livret_versions SET signed_at = 1 WHERE number = 1",
        "UPDATE livret_versions SET refusal = 'non' WHERE number = 1",
        "UPDATE livret_versions SET sha256 = 'x' WHERE number = 1",
        "DELETE FROM livret_versions WHERE number = 1",
    ] {
        let r = sqlx::query(sql).execute(&app.pool).await;
        assert!(r.is_err(), "{sql} went through");
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM livret_versions").await, 1);
    assert!(mine(&app, &h.amina, Some(1)).await["signed_on"].is_string());
    // Nor does a version arrive already signed, or replace another.
    let forged = "INSERT INTO livret_versions (dossier_id, meeting_id, number, content, sha256, created_at, signed_at)
                  SELECT dossier_id, meeting_id, 2, content, sha256, created_at, 1 FROM livret_versions WHERE number = 1";
    assert!(sqlx::query(forged).execute(&app.pool).await.is_err(), "a signed version was inserted");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM livret_versions").await, 1);
}

/// Scenario 3: Without her agreement a professional has no copy; with it,
/// his copy (page and PDF) holds only the areas he may read, and each copy
/// goes to her journal. Her own PDF is whole.
async fn a_copy_needs_her_agreement_and_holds_only_what_the_rule_lets_through(backend: Backend) {
    let app = TestApp::start(backend).await;
    let h = held(&app).await;
    let claire = app.sign_in_staff(PRO).await;
    let karim = app.sign_in_staff(CAF).await;
    let outsider = app.sign_in_staff(OUTSIDER).await;
    let copy = |cookie: String| {
        let (app, dossier) = (&app, h.dossier.clone());
        async move { app.call(Some(&cookie), "livret_copy", &[("dossier_id", &dossier)]).await }
    };
    let pdf = |cookie: String| {
        let (app, dossier) = (&app, h.dossier.clone());
        async move { app.get(Some(&cookie), &format!("/pdf/livret/{dossier}/1")).await }
    };
    // No agreement yet: no copy, neither page nor PDF.
    let r = copy(claire.clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v = json(&r.body);
    assert_eq!((v["has_copy"].clone(), v["content"].clone()), (j!(false), Value::Null), "{v}");
    assert!(!r.body.contains(HOUSING_GOAL) || v["tracked"].to_string().contains(HOUSING_GOAL), "{v}");
    assert_eq!(pdf(claire.clone()).await.status, StatusCode::NOT_FOUND);
    // Someone outside her équipe: as if it did not exist.
    assert_eq!(copy(outsider.clone()).await.status, StatusCode::NOT_FOUND);
    assert_eq!(pdf(outsider.clone()).await.status, StatusCode::NOT_FOUND);
    // What he read of the follow-up of her actions is in her journal, housing only.
    let lines = journal(&app, &h.amina).await;
    assert!(!lines.iter().any(|(_, exit, _)| exit == "LivretPdf"), "{lines:?}");
    assert!(!lines.iter().any(|(_, exit, k)| exit == "Livret" && k.iter().any(|k| k != "Housing")), "{lines:?}");

    let claire_id = id_of(&app, PRO).await.to_string();
    let r = app.call(Some(&h.amina), "set_livret_copy", &[("staff_id", &claire_id), ("give", "yes")]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // Only a member of her équipe receives a copy.
    let lucas = id_of(&app, OUTSIDER).await.to_string();
    let r = app.call(Some(&h.amina), "set_livret_copy", &[("staff_id", &lucas), ("give", "yes")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);

    let r = copy(claire.clone()).await;
    let v = json(&r.body);
    assert_eq!(v["has_copy"], true, "{v}");
    assert!(r.body.contains(HOUSING_GOAL), "{}", r.body);
    assert!(r.body.contains("ZQXHOUSINGQHARDZQX"), "her housing words: {}", r.body);
    assert!(!r.body.contains(HEALTH_GOAL) && !r.body.contains(HEALTH_MARK), "health leaked: {}", r.body);
    assert!(v["hidden"].as_array().unwrap().contains(&j!("Health")), "{v}");
    // Her actions in health are not in his follow-up either.
    assert!(!v["tracked"].to_string().contains("médecin"), "{v}");
    let r = pdf(claire.clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.content_type.as_deref(), Some("application/pdf"));
    let text = pdf_text(&r.bytes);
    assert!(text.contains("Trouver un logement"), "{text}");
    assert!(text.contains("ZQXHOUSINGQHARDZQX"), "{text}");
    assert!(!text.contains("Soigner") && !text.contains(HEALTH_MARK), "health in his PDF: {text}");
    // Karim: no agreement, no copy.
    assert_eq!(json(&copy(karim.clone()).await.body)["has_copy"], false);
    assert_eq!(pdf(karim.clone()).await.status, StatusCode::NOT_FOUND);

    // Her journal: his page, and his PDF, each with what it held.
    let lines = journal(&app, &h.amina).await;
    let has = |exit: &str| {
        lines.iter().any(|(viewer, e, kinds)| viewer == "Claire Martin" && e == exit && kinds.contains(&"Housing".to_owned()))
    };
    assert!(has("Livret") && has("LivretPdf"), "{lines:?}");
    assert!(!lines.iter().any(|(v, e, _)| v == "Karim Haddad" && e.starts_with("Livret")), "{lines:?}");
    assert!(!lines.iter().any(|(_, e, k)| e.starts_with("Livret") && k.contains(&"Health".to_owned())), "{lines:?}");

    // Her own PDF is whole.
    let r = pdf(h.amina.clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let text = pdf_text(&r.bytes);
    assert!(text.contains("Soigner mon dos") && text.contains(HEALTH_MARK), "{text}");
    assert!(text.contains("Claire Martin"), "her référent: {text}");

    // Removed from her équipe and added again: he starts without her copy.
    let r = app.call(Some(&h.amina), "remove_member", &[("staff_id", &claire_id)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app.call(Some(&h.amina), "add_member", &[("staff_id", &claire_id)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(json(&copy(claire.clone()).await.body)["has_copy"], false);
    let r = app.call(Some(&h.amina), "set_livret_copy", &[("staff_id", &claire_id), ("give", "yes")]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(json(&copy(claire.clone()).await.body)["has_copy"], true);
    // She takes the copy back: gone at once.
    let r = app.call(Some(&h.amina), "set_livret_copy", &[("staff_id", &claire_id), ("give", "no")]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(json(&copy(claire.clone()).await.body)["has_copy"], false);
    assert_eq!(pdf(claire).await.status, StatusCode::NOT_FOUND);
}

async fn state_of(app: &TestApp, action: i64) -> (String, Option<String>) {
    sqlx::query_as("SELECT state, state_reason FROM actions WHERE id = $1").bind(action).fetch_one(&app.pool).await.unwrap()
}

/// Scenario 4: She moves any action of her livret; a professional only his
/// own; anyone else learns nothing. A dropped action says why.
async fn an_action_moves_only_by_her_or_the_one_responsible(backend: Backend) {
    let app = TestApp::start(backend).await;
    let h = held(&app).await;
    let claire = app.sign_in_staff(PRO).await;
    let karim = app.sign_in_staff(CAF).await;
    let outsider = app.sign_in_staff(OUTSIDER).await;
    let set = |cookie: String, action: i64, state: &'static str, reason: &'static str| {
        let app = &app;
        async move {
            app.call(
                Some(&cookie),
                "set_action_state",
                &[("action_id", &action.to_string()), ("state", state), ("reason", reason)],
            )
            .await
        }
    };
    // A professional changing an action that is not his: a clear refusal.
    let r = set(claire.clone(), h.hers, "done", "").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(json(&r.body), livret_error("State", "NotYourAction"));
    let r = set(karim.clone(), h.claires, "done", "").await;
    assert_eq!(json(&r.body), livret_error("State", "NotYourAction"), "{}", r.body);
    let r = set(outsider, h.claires, "done", "").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let r = set(claire.clone(), h.claires, "fini", "").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(state_of(&app, h.hers).await.0, "todo");
    assert_eq!(state_of(&app, h.claires).await.0, "todo");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM action_updates").await, 0, "nothing changed");

    let r = set(claire.clone(), h.claires, "doing", "").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = set(h.amina.clone(), h.hers, "done", "").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // Dropped: with a reason only.
    let r = set(h.amina.clone(), h.her_health, "dropped", "").await;
    assert_eq!(json(&r.body), livret_error("Reason", "ReasonNeeded"), "{}", r.body);
    assert_eq!(state_of(&app, h.her_health).await.0, "todo");
    let r = set(h.amina.clone(), h.her_health, "dropped", "Le médecin est trop loin.").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(state_of(&app, h.her_health).await, ("dropped".into(), Some("Le médecin est trop loin.".into())));
    assert_eq!(state_of(&app, h.claires).await.0, "doing");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM action_updates").await, 3);
    // Each member sees the states of what he may read: Claire housing, not health.
    let v = json(&app.call(Some(&claire), "livret_copy", &[("dossier_id", &h.dossier)]).await.body);
    let tracked = v["tracked"].as_array().unwrap();
    assert_eq!(tracked.len(), 2, "{v}");
    assert!(tracked.iter().any(|a| a["id"] == h.hers && a["state"] == "Done" && a["may_update"] == false), "{v}");
    assert!(tracked.iter().any(|a| a["id"] == h.claires && a["state"] == "Doing" && a["may_update"] == true), "{v}");
    let v = json(&app.call(Some(&karim), "livret_copy", &[("dossier_id", &h.dossier)]).await.body);
    assert_eq!(v["tracked"], j!([]), "Karim reads neither housing nor health: {v}");
    // Her home lists what is still to do.
    let home = json(&app.call(Some(&h.amina), "my_next_steps", &[]).await.body);
    assert_eq!(home["actions"], j!([]), "{home}");
}

/// Scenario 5: The next meeting cannot close before each objective of
/// before has its bilan; then version 2 says what changed, version 1 stays
/// as signed, and only the last version is signed.
async fn the_next_meeting_gives_a_bilan_and_writes_a_new_version(backend: Backend) {
    let app = TestApp::start(backend).await;
    let h = held(&app).await;
    let r = app.call(Some(&h.amina), "sign_livret", &[("number", "1"), ("secret", PERSON.1)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let (v1_content,): (String,) =
        sqlx::query_as("SELECT content FROM livret_versions WHERE number = 1").fetch_one(&app.pool).await.unwrap();
    let (housing,): (i64,) =
        sqlx::query_as("SELECT id FROM objectives WHERE kind = 'housing'").fetch_one(&app.pool).await.unwrap();
    let (health,): (i64,) = sqlx::query_as("SELECT id FROM objectives WHERE kind = 'health'").fetch_one(&app.pool).await.unwrap();

    let second = propose(&app, &h.head, &h.dossier).await;
    for kind in ["housing", "health", "work"] {
        set_topic(&app, &h.amina, &second, kind, "yes").await;
    }
    choose_and_start(&app, &h.head, &second).await;
    // The objectives of before are on the screen, to give their bilan.
    // (On her screen: the projected one shows only what everyone present may read.)
    let v = json(&view(&app, &h.amina, &second).await.body);
    assert!(v.to_string().contains(HOUSING_GOAL) && v.to_string().contains("\"carried\":true"), "{v}");
    // A bilan that is not one; an objective of this meeting: refused.
    let bilan = |objective: i64, b: &'static str, cookie: String| {
        let (app, second) = (&app, second.clone());
        async move {
            app.call(
                Some(&cookie),
                "set_bilan",
                &[("meeting_id", &second), ("objective_id", &objective.to_string()), ("bilan", b)],
            )
            .await
        }
    };
    let r = bilan(housing, "super", h.head.clone()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    // Not closed before every bilan.
    let r = app.call(Some(&h.head), "close_meeting", &[("meeting_id", &second)]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(json(&r.body), livret_error("Bilan", "BilanMissing"));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM meetings WHERE stage = 'running'").await, 1, "still running");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM livret_versions").await, 1, "no version 2 yet");
    let r = bilan(housing, "reached", h.amina.clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app.call(Some(&h.head), "close_meeting", &[("meeting_id", &second)]).await;
    assert_eq!(json(&r.body), livret_error("Bilan", "BilanMissing"), "health has none yet: {}", r.body);
    // The animateur may not read her santé: he cannot give its bilan; she can.
    let r = bilan(health, "ongoing", h.head.clone()).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let r = bilan(health, "ongoing", h.amina.clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    objective(&app, &h.amina, &second, "work", NEW_GOAL).await;
    let r = app.call(Some(&h.head), "close_meeting", &[("meeting_id", &second)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    let v2 = mine(&app, &h.amina, None).await;
    assert_eq!(v2["number"], 2, "{v2}");
    let changes: Vec<String> = v2["changes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_owned()).collect();
    assert_eq!(
        changes,
        [
            "Bilan de l'objectif « Trouver un logement » : Atteint.",
            "Bilan de l'objectif « Soigner mon dos » : En cours.",
            "Nouvel objectif : Trouver une formation.",
        ]
    );
    // Version 1 unchanged, still signed; the old one cannot be signed again, the new one can.
    let (after,): (String,) =
        sqlx::query_as("SELECT content FROM livret_versions WHERE number = 1").fetch_one(&app.pool).await.unwrap();
    assert_eq!(after, v1_content);
    let v1 = mine(&app, &h.amina, Some(1)).await;
    assert!(v1["signed_on"].is_string() && !v1.to_string().contains(NEW_GOAL), "{v1}");
    let r = app.call(Some(&h.amina), "sign_livret", &[("number", "1"), ("secret", PERSON.1)]).await;
    assert_eq!(json(&r.body), livret_error("Livret", "Old"), "{}", r.body);
    let r = app.call(Some(&h.amina), "refuse_livret", &[("number", "1"), ("reason", "Non.")]).await;
    assert_eq!(json(&r.body), livret_error("Livret", "Old"), "{}", r.body);
    let r = app.call(Some(&h.amina), "sign_livret", &[("number", "2"), ("secret", PERSON.1)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    // A third meeting: the objective reached is no longer carried; the one still going is.
    let third = propose(&app, &h.head, &h.dossier).await;
    for kind in ["housing", "health", "work"] {
        set_topic(&app, &h.amina, &third, kind, "yes").await;
    }
    choose_and_start(&app, &h.head, &third).await;
    let v = view(&app, &h.amina, &third).await.body;
    assert!(!v.contains(HOUSING_GOAL) && v.contains(HEALTH_GOAL) && v.contains(NEW_GOAL), "{v}");
}

/// Scenario 6: A version whose stored content was changed behind the app's
/// back (here, by this test) is shown as altered, never as signed; its PDF
/// is refused; an altered version cannot be signed.
async fn a_version_changed_behind_the_apps_back_is_shown_as_altered(backend: Backend) {
    let sqlite = matches!(backend, Backend::Sqlite);
    let app = TestApp::start(backend).await;
    let h = held(&app).await;
    // Someone with access to the database lifts the guard and edits.
    let (lift, restore) = match sqlite {
        true => ("DROP TRIGGER livret_versions_final", None),
        false => (
            "ALTER TABLE livret_versions DISABLE TRIGGER livret_versions_final",
            Some("ALTER TABLE livret_versions ENABLE TRIGGER livret_versions_final"),
        ),
    };
    sqlx::query(lift).execute(&app.pool).await.unwrap();
    let tamper =
        "UPDATE livret_versions SET content = REPLACE(content, 'Trouver un logement', 'Trouver un château') WHERE number = 1";
    sqlx::query(tamper).execute(&app.pool).await.unwrap();
    let r = app.call(Some(&h.amina), "sign_livret", &[("number", "1"), ("secret", PERSON.1)]).await;
    assert_eq!(json(&r.body), livret_error("Livret", "Altered"), "{}", r.body);
    assert_eq!(signed_at(&app, 1).await, None);
    // Signed, then altered: shown as altered, not as signed, not its content.
    sqlx::query(
        "UPDATE livret_versions SET content = REPLACE(content, 'Trouver un château', 'Trouver un logement') WHERE number = 1",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let r = app.call(Some(&h.amina), "sign_livret", &[("number", "1"), ("secret", PERSON.1)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    sqlx::query(tamper).execute(&app.pool).await.unwrap();
    if let Some(sql) = restore {
        sqlx::query(sql).execute(&app.pool).await.unwrap();
    }
    let v = mine(&app, &h.amina, Some(1)).await;
    assert_eq!(v["altered"], true, "{v}");
    assert_eq!(v["signed_on"], Value::Null, "never shown as signed: {v}");
    assert_eq!(v["content"], Value::Null, "{v}");
    assert!(!v.to_string().contains("château"), "{v}");
    assert_eq!(v["versions"][0]["signed_on"], Value::Null, "not listed as signed either: {v}");
    // Someone without a copy learns nothing, not even that it was altered.
    let karim = app.sign_in_staff(CAF).await;
    let r = app.get(Some(&karim), &format!("/pdf/livret/{}/1", h.dossier)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let r = app.get(Some(&h.amina), &format!("/pdf/livret/{}/1", h.dossier)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("changée"), "a plain message: {}", r.body);
    // Her page says so in words.
    let page = app.get(Some(&h.amina), "/mon-livret?version=1").await;
    assert!(page.body.contains("livret-altered"), "{}", page.body);
    assert!(!page.body.contains("livret-signed"), "{}", page.body);
    let home = json(&app.call(Some(&h.amina), "my_next_steps", &[]).await.body);
    assert_eq!(home["to_sign"], Value::Null, "{home}");
}

/// Scenario 7: A reminder is written once per action and per date, in the app
/// for her and by e-mail for the professional responsible; the e-mail
/// carries no name and no word of hers.
async fn reminders_come_once_and_carry_nothing_of_hers(backend: Backend) {
    let app = TestApp::start(backend).await;
    let h = held(&app).await;
    let claire_id = id_of(&app, PRO).await;
    // Sixty days to the review: only the actions due in 2 days are reminded.
    let mails = livret_app::livret::ssr::remind(&app.pool, now()).await.unwrap();
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert_eq!(mails[0].address, PRO);
    assert_eq!(mails[0].subject, "Livret : un rappel");
    for word in ["Amina", "Écrire au bailleur", "ZQX", "logement"] {
        assert!(!mails[0].body.contains(word), "{word} in the e-mail: {}", mails[0].body);
    }
    assert!(mails[0].body.contains(&format!("/dossier/{}/livret", h.dossier)), "{}", mails[0].body);
    let (stored,): (String,) = sqlx::query_as("SELECT body FROM mail_outbox WHERE recipient_id = $1 AND meeting_id IS NULL")
        .bind(claire_id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(stored, mails[0].body);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM reminders WHERE what = 'action'").await, 2, "hers and Claire's");
    // Once.
    assert!(livret_app::livret::ssr::remind(&app.pool, now()).await.unwrap().is_empty());
    // Done actions are not reminded; her home shows hers.
    let home = json(&app.call(Some(&h.amina), "my_next_steps", &[]).await.body);
    assert_eq!(home["reminders"].as_array().map(Vec::len), Some(1), "{home}");
    let claire = app.sign_in_staff(PRO).await;
    let list = json(&app.call(Some(&claire), "my_reminders", &[]).await.body);
    assert_eq!(list[0]["person_name"], "Amina", "{list}");
    // The review date, two weeks before: her, her référent and the animateur.
    let fifty_days = now() + 50 * 86_400;
    let mails = livret_app::livret::ssr::remind(&app.pool, fifty_days).await.unwrap();
    let mut to: Vec<&str> = mails.iter().map(|m| m.address.as_str()).collect();
    to.sort_unstable();
    assert_eq!(to, [PRO, HEAD], "{mails:?}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM reminders WHERE what = 'review'").await, 3);
    // Claire's action marked done: no longer on her list.
    let r = app
        .call(Some(&claire), "set_action_state", &[("action_id", &h.claires.to_string()), ("state", "done"), ("reason", "")])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let list = json(&app.call(Some(&claire), "my_reminders", &[]).await.body);
    assert!(!list.to_string().contains("responsable"), "{list}");
}

async fn referent_now(app: &TestApp) -> Option<i64> {
    let (r,): (Option<i64>,) =
        sqlx::query_as("SELECT referent_id FROM dossiers WHERE id = 1").fetch_one(&app.pool).await.unwrap();
    r
}

/// Scenario 8: She asks for another référent (her request is her yes), or her
/// référent asks (then she says yes too); the new one must accept; nobody
/// else asks or accepts; the history keeps each.
async fn the_referent_changes_at_her_request_or_his_and_the_new_one_accepts(backend: Backend) {
    let app = TestApp::start(backend).await;
    let h = held(&app).await;
    let (claire_id, karim_id, nadia_id) = (id_of(&app, PRO).await, id_of(&app, CAF).await, id_of(&app, NURSE).await);
    let claire = app.sign_in_staff(PRO).await;
    let karim = app.sign_in_staff(CAF).await;
    let nadia = app.sign_in_staff(NURSE).await;
    let outsider = app.sign_in_staff(OUTSIDER).await;
    assert_eq!(referent_now(&app).await, Some(claire_id));
    let ask = |cookie: String, to: i64| {
        let app = &app;
        async move { app.call(Some(&cookie), "ask_referent_change", &[("dossier_id", "1"), ("staff_id", &to.to_string())]).await }
    };
    let change_id = || async {
        let (id,): (i64,) = sqlx::query_as("SELECT MAX(id) FROM referent_changes").fetch_one(&app.pool).await.unwrap();
        id.to_string()
    };
    // Karim is not her référent: he cannot ask; an outsider learns nothing.
    assert_eq!(ask(karim.clone(), nadia_id).await.status, StatusCode::FORBIDDEN);
    assert_eq!(ask(outsider.clone(), nadia_id).await.status, StatusCode::NOT_FOUND);
    // Someone outside her équipe, or her référent himself: not a choice.
    let lucas = id_of(&app, OUTSIDER).await;
    assert_eq!(ask(h.amina.clone(), lucas).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(ask(h.amina.clone(), claire_id).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM referent_changes").await, 0);

    // Her request: Karim must accept; nobody accepts for him.
    let r = ask(h.amina.clone(), karim_id).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let id = change_id().await;
    for cookie in [&nadia, &claire, &h.head] {
        let r = app.call(Some(cookie), "answer_referent_change", &[("change_id", &id)]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    }
    assert_eq!(referent_now(&app).await, Some(claire_id), "not before his yes");
    let v = json(&app.call(Some(&karim), "livret_copy", &[("dossier_id", "1")]).await.body);
    assert_eq!(v["referent_change"]["for_me"], true, "{v}");
    let r = app.call(Some(&karim), "answer_referent_change", &[("change_id", &id)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(referent_now(&app).await, Some(karim_id));

    // His request: Nadia accepts, and it waits for her yes.
    let r = ask(karim.clone(), nadia_id).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let id = change_id().await;
    let r = app.call(Some(&nadia), "answer_referent_change", &[("change_id", &id)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(referent_now(&app).await, Some(karim_id), "not before her yes");
    let hers = mine(&app, &h.amina, None).await;
    assert_eq!((hers["referent_change"]["her_yes"].clone(), hers["referent_change"]["his_yes"].clone()), (j!(false), j!(true)));
    let r = app.call(Some(&h.amina), "answer_referent_change", &[("change_id", &id)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(referent_now(&app).await, Some(nadia_id));
    // Done: nothing more to answer; the history names each référent in order.
    let r = app.call(Some(&h.amina), "answer_referent_change", &[("change_id", &id)]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let hers = mine(&app, &h.amina, None).await;
    let names: Vec<&str> = hers["referents"].as_array().unwrap().iter().map(|r| r[1].as_str().unwrap()).collect();
    assert_eq!(names, ["Claire Martin", "Karim Haddad", "Nadia Lefèvre"], "{hers}");
    assert_eq!(json(&app.call(Some(&h.amina), "my_next_steps", &[]).await.body)["referent"]["name"], "Nadia Lefèvre");

    // Karim said yes to become her référent again; she removes him from her
    // équipe before she says yes: the change is withdrawn, not completed.
    let r = ask(nadia.clone(), karim_id).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let id = change_id().await;
    let r = app.call(Some(&karim), "answer_referent_change", &[("change_id", &id)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app.call(Some(&h.amina), "remove_member", &[("staff_id", &karim_id.to_string())]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app.call(Some(&h.amina), "answer_referent_change", &[("change_id", &id)]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    assert_eq!(referent_now(&app).await, Some(nadia_id));
}

/// Scenario 9: Only the animateur closes her accompaniment, with a reason;
/// she still reads her livret and the reason; no new meeting, no reminder.
async fn a_closed_accompaniment_keeps_her_livret_readable_and_stops_what_comes_next(backend: Backend) {
    let app = TestApp::start(backend).await;
    let h = held(&app).await;
    let claire = app.sign_in_staff(PRO).await;
    let r = app.call(Some(&claire), "close_accompaniment", &[("dossier_id", "1"), ("reason", "Fin.")]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "only the animateur: {}", r.body);
    let r = app.call(Some(&h.head), "close_accompaniment", &[("dossier_id", "1"), ("reason", "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a reason: {}", r.body);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM dossiers WHERE closed_at IS NOT NULL").await, 0);
    let r = app
        .call(
            Some(&h.head),
            "close_accompaniment",
            &[("dossier_id", "1"), ("reason", "Vous avez trouvé un logement et un travail.")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v = mine(&app, &h.amina, None).await;
    assert_eq!(v["closed"][1], "Vous avez trouvé un logement et un travail.", "{v}");
    assert_eq!(v["content"]["objectives"].as_array().map(Vec::len), Some(2), "still readable: {v}");
    let r = app.call(Some(&h.amina), "sign_livret", &[("number", "1"), ("secret", PERSON.1)]).await;
    assert_eq!(r.status, StatusCode::OK, "she may still sign what was decided: {}", r.body);
    assert!(livret_app::livret::ssr::remind(&app.pool, now()).await.unwrap().is_empty());
    assert_eq!(count(&app, "SELECT COUNT(*) FROM reminders").await, 0);
    let (a, b, c) = (in_days(20), in_days(21), in_days(22));
    let r = propose_with(&app, &h.head, &h.dossier, [&a, &b, &c]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "no new meeting: {}", r.body);
    let r = app.call(Some(&h.head), "close_accompaniment", &[("dossier_id", "1"), ("reason", "Encore.")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    // Nothing moves any more: actions, référent.
    let r = app
        .call(Some(&h.amina), "set_action_state", &[("action_id", &h.hers.to_string()), ("state", "done"), ("reason", "")])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    let karim = id_of(&app, CAF).await.to_string();
    let r = app.call(Some(&h.amina), "ask_referent_change", &[("dossier_id", "1"), ("staff_id", &karim)]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    // Another member reads that it ended, not why.
    let v = json(&app.call(Some(&claire), "livret_copy", &[("dossier_id", "1")]).await.body);
    assert_eq!(v["closed"][1], "", "{v}");
}

/// Scenario 10 (a bug found in review, this test failed before the fix):
/// an objective ended by its bilan ("atteint") at the next meeting took its
/// open actions out of her follow-up, but they were still reminded.
async fn an_objective_reached_at_the_next_meeting_is_no_longer_reminded(backend: Backend) {
    let app = TestApp::start(backend).await;
    let h = held(&app).await;
    let (housing,): (i64,) =
        sqlx::query_as("SELECT id FROM objectives WHERE kind = 'housing'").fetch_one(&app.pool).await.unwrap();
    let (health,): (i64,) = sqlx::query_as("SELECT id FROM objectives WHERE kind = 'health'").fetch_one(&app.pool).await.unwrap();
    let second = propose(&app, &h.head, &h.dossier).await;
    for kind in ["housing", "health"] {
        set_topic(&app, &h.amina, &second, kind, "yes").await;
    }
    choose_and_start(&app, &h.head, &second).await;
    for (objective, bilan) in [(housing, "reached"), (health, "ongoing")] {
        let r = app
            .call(
                Some(&h.amina),
                "set_bilan",
                &[("meeting_id", &second), ("objective_id", &objective.to_string()), ("bilan", bilan)],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    let r = app.call(Some(&h.head), "close_meeting", &[("meeting_id", &second)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // Housing reached: its two open actions (hers and Claire's, due in 2 days) are over.
    let v = mine(&app, &h.amina, None).await;
    assert!(!v["tracked"].to_string().contains("Appeler le centre"), "{v}");
    let mails = livret_app::livret::ssr::remind(&app.pool, now()).await.unwrap();
    assert!(mails.is_empty(), "{mails:?}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM reminders").await, 0);
    let home = json(&app.call(Some(&h.amina), "my_next_steps", &[]).await.body);
    assert_eq!(home["reminders"], j!([]), "{home}");
}

/// Signing with a wrong secret five times locks signing and signing in
/// alike: the same counter as sign-in.
#[tokio::test]
async fn wrong_secrets_at_signing_lock_like_failed_sign_ins() {
    let app = TestApp::start(Backend::Sqlite).await;
    let h = held(&app).await;
    let mut last = String::new();
    for _ in 0..5 {
        last = app.call(Some(&h.amina), "sign_livret", &[("number", "1"), ("secret", "000000")]).await.body;
    }
    assert!(json(&last).get("Locked").is_some(), "{last}");
    let r = app.call(Some(&h.amina), "sign_livret", &[("number", "1"), ("secret", PERSON.1)]).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "locked, even with her secret: {}", r.body);
    let r = app.call(None, "sign_in_person", &[("identifier", PERSON.0), ("secret", PERSON.1)]).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "sign-in is locked too: {}", r.body);
    assert_eq!(signed_at(&app, 1).await, None);
}
