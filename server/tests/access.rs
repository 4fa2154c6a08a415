//! The five ways around her choices found in the first wave, each closed
//! by the one access policy and its door (issue 13), on both databases.
//! Each scenario failed against the code before the door: the note of the
//! change that added them quotes how.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::Value;

on_both_databases!(
    a_removed_professional_cannot_take_over_her_account,
    the_head_reads_her_demande_only_while_it_waits_for_a_decision,
    an_administrator_cannot_make_herself_a_head,
    his_proposals_stop_reaching_him_when_she_says_no,
    exceptions_stay_within_the_law_and_end_with_membership,
    a_head_she_removed_makes_her_no_sheet_and_is_not_brought_back,
    a_sheet_used_by_someone_else_is_still_told_to_her,
);

const NURSE: &str = "nadia.lefevre@pmi.demo";
const CAF: &str = "karim.haddad@caf.demo";
const LANDLORD: &str = "paul.garnier@habitat.demo";

async fn id_of(app: &TestApp, email: &str) -> String {
    let (id,): (i64,) =
        sqlx::query_as("SELECT id FROM accounts WHERE email = $1").bind(email).fetch_one(&app.pool).await.unwrap();
    id.to_string()
}

async fn amina_id(app: &TestApp) -> String {
    let (id,): (i64,) =
        sqlx::query_as("SELECT id FROM accounts WHERE identifier = $1").bind(PERSON.0).fetch_one(&app.pool).await.unwrap();
    id.to_string()
}

async fn dossier(app: &TestApp, person: &str) -> String {
    json(&app.call(Some(person), "my_demande", &[]).await.body)["dossier_id"].to_string()
}

async fn write(app: &TestApp, person: &str, field: &str, value: &str) {
    let mine = json(&app.call(Some(person), "my_demande", &[]).await.body);
    let version =
        mine["answers"].as_array().unwrap().iter().find(|a| a["field"] == field).map_or(0, |a| a["version"].as_i64().unwrap());
    let r = app.call(Some(person), "save_answer", &[("field", field), ("value", value), ("version", &version.to_string())]).await;
    assert_eq!(r.status, StatusCode::OK, "{field}: {}", r.body);
}

fn consent_form<'a>(staff: &'a str, kinds: &[&'a str]) -> Vec<(&'a str, &'a str)> {
    let mut form = vec![("staff_id", staff)];
    form.extend(kinds.iter().map(|k| (*k, "on")));
    form
}

/// The lines of her journal, as (who, what, kinds).
async fn journal(app: &TestApp, person: &str) -> Vec<(String, String, Vec<String>)> {
    json(&app.call(Some(person), "my_journal", &[]).await.body)
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let kinds =
                e["kinds"].as_array().map(|k| k.iter().map(|k| k.as_str().unwrap().to_owned()).collect()).unwrap_or_default();
            (e["viewer"].as_str().unwrap().to_owned(), e["exit"].to_string(), kinds)
        })
        .collect()
}

async fn send_and_validate(app: &TestApp, person: &str, head: &str, animateur: &str) -> String {
    let id = dossier(app, person).await;
    assert_eq!(app.call(Some(person), "send_demande", &[]).await.status, StatusCode::OK);
    let r = validate(app, head, &id, Some(animateur)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    id
}

/// Way 1: a professional she removed reissued her code, redeemed it with a
/// secret of his choice and was signed in as her.
async fn a_removed_professional_cannot_take_over_her_account(backend: Backend) {
    let app = TestApp::start(backend).await;
    let amina = app.sign_in_person(PERSON.0, PERSON.1).await;
    let account = amina_id(&app).await;
    let claire = app.sign_in_staff(PRO).await;
    let claire_id = id_of(&app, PRO).await;
    // Claire opened her account; Amina removes her from her équipe.
    assert!(app.call(Some(&amina), "remove_member", &[("staff_id", &claire_id)]).await.status.is_success());
    let r = app.call(Some(&claire), "reissue_access_code", &[("account_id", &account)]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "a removed professional makes no sheet: {}", r.body);
    assert!(!r.body.contains("code"), "{}", r.body);
    // Nor a professional who never was in her équipe, nor an administrator.
    for email in [OTHER_PRO, ADMIN] {
        let cookie = app.sign_in_staff(email).await;
        let r = app.call(Some(&cookie), "reissue_access_code", &[("account_id", &account)]).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{email}: {}", r.body);
    }
    // A current member may (Karim), and the head of her MDS.
    let karim = app.sign_in_staff(CAF).await;
    let r = app.call(Some(&karim), "reissue_access_code", &[("account_id", &account)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let head = app.sign_in_staff(HEAD).await;
    let r = app.call(Some(&head), "reissue_access_code", &[("account_id", &account)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let sheet = json(&r.body);
    let code = sheet["Ready"]["code"].as_str().unwrap_or_else(|| panic!("a sheet: {sheet}")).to_owned();
    // Each new sheet is in her journal.
    let lines = journal(&app, &amina).await;
    let sheets: Vec<&str> = lines.iter().filter(|l| l.1.contains("NewSheet")).map(|l| l.0.as_str()).collect();
    assert_eq!(sheets, ["Hélène Roux", "Karim Haddad"], "{lines:?}");
    // Using it closes every other session of hers.
    let r = app
        .call(
            None,
            "first_sign_in",
            &[("identifier", PERSON.0), ("code", &code), ("secret", "718293"), ("secret_again", "718293")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let now_signed_in = r.cookie.expect("signed in");
    assert_eq!(json(&app.call(Some(&amina), "current_user", &[]).await.body), Value::Null, "her other session is closed");
    // Her home tells her who made a new sheet, and when.
    let home = app.get(Some(&now_signed_in), "/").await.body;
    assert!(home.contains("Hélène Roux vous a fait une nouvelle feuille de connexion"), "{home}");
    assert!(home.contains("Karim Haddad vous a fait une nouvelle feuille de connexion"), "{home}");
    // Told again at her first sign-in with her secret (had someone else
    // used the sheet, she would learn it there), then no more.
    let first = app.sign_in_person(PERSON.0, "718293").await;
    assert!(app.get(Some(&first), "/").await.body.contains("Hélène Roux vous a fait une nouvelle feuille de connexion"));
    let again = app.sign_in_person(PERSON.0, "718293").await;
    assert!(!app.get(Some(&again), "/").await.body.contains("vous a fait une nouvelle feuille de connexion"));
}

/// Way 2: any head of her MDS read the whole demande in any state after
/// draft, for ever, and nothing reached her journal.
async fn the_head_reads_her_demande_only_while_it_waits_for_a_decision(backend: Backend) {
    let app = TestApp::start(backend).await;
    let amina = app.sign_in_person(PERSON.0, PERSON.1).await;
    for (field, value) in [("housing.hard", "SENT-HOUSING"), ("health.hard", "SENT-HEALTH"), ("refused_topics", "SECRET-TOPIC")] {
        write(&app, &amina, field, value).await;
    }
    let id = dossier(&app, &amina).await;
    let head = app.sign_in_staff(HEAD).await;
    let review = |cookie: String| {
        let (app, id) = (&app, id.clone());
        async move { app.call(Some(&cookie), "review_demande", &[("dossier_id", &id)]).await }
    };
    assert_eq!(review(head.clone()).await.status, StatusCode::NOT_FOUND, "a draft is hers");
    assert_eq!(app.call(Some(&amina), "send_demande", &[]).await.status, StatusCode::OK);
    let r = review(head.clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("SENT-HOUSING") && r.body.contains("SENT-HEALTH") && !r.body.contains("SECRET-TOPIC"), "{}", r.body);
    // The read is in her journal, with what was read.
    let lines = journal(&app, &amina).await;
    assert!(
        lines
            .iter()
            .any(|(who, exit, kinds)| who == "Hélène Roux" && exit.contains("Review") && kinds.contains(&"Health".to_owned())),
        "{lines:?}"
    );
    // She is asked for more: the head does not read what she writes now.
    let r = app
        .call(
            Some(&head),
            "decide_demande",
            &[("dossier_id", &id), ("decision", "more_info"), ("message", "Qui vit avec vous ?")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    write(&app, &amina, "housing.hard", "DRAFT-AGAIN").await;
    let r = review(head.clone()).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    assert!(!r.body.contains("DRAFT-AGAIN"));
    // Sent again: the head reads the version she sent.
    assert_eq!(app.call(Some(&amina), "send_demande", &[]).await.status, StatusCode::OK);
    write_refused_after_send(&app, &amina).await;
    assert!(review(head.clone()).await.body.contains("DRAFT-AGAIN"));
    // After the decision, no head reads it for review any more.
    let head_id = id_of(&app, HEAD).await;
    let r = validate(&app, &head, &id, Some(&head_id)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(review(head.clone()).await.status, StatusCode::NOT_FOUND, "decided: no more review");
    // The animateur reads what Amina shares with her, like any member.
    let r = app.call(Some(&head), "shared_demande", &[("dossier_id", &id)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(!r.body.contains("DRAFT-AGAIN") && !r.body.contains("SENT-HEALTH"), "nothing shared with her yet: {}", r.body);
    let r = app.call(Some(&amina), "save_consents", &consent_form(&head_id, &["housing"])).await;
    assert!(r.status.is_success(), "{}", r.body);
    let r = app.call(Some(&head), "shared_demande", &[("dossier_id", &id)]).await;
    assert!(r.body.contains("DRAFT-AGAIN") && !r.body.contains("SENT-HEALTH"), "{}", r.body);
    // Another head of the MDS reads nothing.
    let adjoint = another_head(&app).await;
    assert_eq!(review(adjoint.clone()).await.status, StatusCode::NOT_FOUND);
    let r = app.call(Some(&adjoint), "shared_demande", &[("dossier_id", &id)]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
}

/// A sent demande cannot change under the head's eyes.
async fn write_refused_after_send(app: &TestApp, person: &str) {
    let r = app.call(Some(person), "save_answer", &[("field", "housing.hard"), ("value", "LATE"), ("version", "99")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
}

/// An adjoint of the same MDS, signed in.
async fn another_head(app: &TestApp) -> String {
    let hash = livret_app::auth::ssr::hash_secret(livret_server::demo::STAFF_PASSWORD.to_owned()).await.unwrap();
    sqlx::query(
        "INSERT INTO accounts (role, display_name, email, secret_hash, head_rank, function, institution, mission, mds_id, created_at)
         VALUES ('head', 'Inès Moreau', 'ines.moreau@mds.demo', $1, 'adjoint', 'mds_head', 'Département', 'adjointe', 1, 0)",
    )
    .bind(hash)
    .execute(&app.pool)
    .await
    .unwrap();
    app.sign_in_staff("ines.moreau@mds.demo").await
}

/// Way 3: an administrator opened a head account in any MDS, received its
/// code, signed in and read every demande there; she could take over any
/// staff account by reissuing its code.
async fn an_administrator_cannot_make_herself_a_head(backend: Backend) {
    let app = TestApp::start(backend).await;
    let admin = app.sign_in_staff(ADMIN).await;
    let form = [
        ("name", "Inès Moreau"),
        ("email", "ines.moreau@mds.demo"),
        ("rank", "adjoint"),
        ("function", "mds_head"),
        ("institution", "Département"),
        ("mission", "anime l'équipe parcours et projet"),
        ("mds", "1"),
    ];
    let r = app.call(Some(&admin), "create_staff_account", &form).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(!r.body.contains("code"), "no code for a head without a second person: {}", r.body);
    assert_eq!(json(&r.body), "AwaitingConfirmation");
    let (accounts,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM accounts WHERE email = 'ines.moreau@mds.demo'").fetch_one(&app.pool).await.unwrap();
    assert_eq!(accounts, 0, "no head account exists before it is confirmed");
    // She cannot confirm her own request.
    let requests = json(&app.call(Some(&admin), "list_head_requests", &[]).await.body);
    let request = requests[0]["id"].to_string();
    assert_eq!(requests[0]["mine"], true, "{requests}");
    let r = app.call(Some(&admin), "confirm_head_request", &[("id", &request)]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    // A professional cannot either; the head of that MDS can, and hands the sheet over.
    let claire = app.sign_in_staff(PRO).await;
    assert_eq!(app.call(Some(&claire), "confirm_head_request", &[("id", &request)]).await.status, StatusCode::FORBIDDEN);
    let head = app.sign_in_staff(HEAD).await;
    let listed = json(&app.call(Some(&head), "list_head_requests", &[]).await.body);
    assert_eq!(listed[0]["name"], "Inès Moreau", "{listed}");
    let r = app.call(Some(&head), "confirm_head_request", &[("id", &request)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let code = json(&r.body)["code"].as_str().unwrap().to_owned();
    let first = app
        .call(
            None,
            "first_sign_in",
            &[
                ("identifier", "ines.moreau@mds.demo"),
                ("code", &code),
                ("secret", "une longue phrase secrète"),
                ("secret_again", "une longue phrase secrète"),
            ],
        )
        .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert_eq!(app.call(Some(&head), "confirm_head_request", &[("id", &request)]).await.status, StatusCode::NOT_FOUND, "once");
    // A new sheet for a head account needs a second person too.
    let helene = id_of(&app, HEAD).await;
    let r = app.call(Some(&admin), "reissue_access_code", &[("account_id", &helene)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(json(&r.body), "AwaitingConfirmation", "{}", r.body);
    // A professional's new sheet is made, and recorded.
    let claire_id = id_of(&app, PRO).await;
    let r = app.call(Some(&admin), "reissue_access_code", &[("account_id", &claire_id)]).await;
    assert!(json(&r.body)["Ready"]["code"].is_string(), "{}", r.body);
    let audit: Vec<(String,)> = sqlx::query_as("SELECT action FROM staff_audit ORDER BY id").fetch_all(&app.pool).await.unwrap();
    let audit: Vec<&str> = audit.iter().map(|(a,)| a.as_str()).collect();
    assert_eq!(
        audit,
        ["request_head", "confirm_head", "request_head_sheet", "new_sheet"],
        "every power over staff accounts is recorded"
    );
}

/// Way 4: after she withdrew santé, his rewording of her santé answer still
/// came back to him.
async fn his_proposals_stop_reaching_him_when_she_says_no(backend: Backend) {
    let app = TestApp::start(backend).await;
    let amina = app.sign_in_person(PERSON.0, PERSON.1).await;
    write(&app, &amina, "health.hard", "MON-DOS").await;
    let id = dossier(&app, &amina).await;
    let nurse_id = id_of(&app, NURSE).await;
    app.call(Some(&amina), "save_consents", &consent_form(&nurse_id, &["health"])).await;
    let nurse = app.sign_in_staff(NURSE).await;
    let r =
        app.call(Some(&nurse), "suggest", &[("dossier_id", &id), ("field", "health.hard"), ("value", "PROPOSAL-HEALTH")]).await;
    assert!(r.status.is_success(), "{}", r.body);
    assert!(app.call(Some(&nurse), "shared_demande", &[("dossier_id", &id)]).await.body.contains("PROPOSAL-HEALTH"));
    app.call(Some(&amina), "save_consents", &consent_form(&nurse_id, &[])).await;
    let r = app.call(Some(&nurse), "shared_demande", &[("dossier_id", &id)]).await;
    assert!(!r.body.contains("PROPOSAL-HEALTH") && !r.body.contains("MON-DOS"), "{}", r.body);
    // She still reads it: it is about her.
    assert!(app.call(Some(&amina), "my_demande", &[]).await.body.contains("PROPOSAL-HEALTH"));
}

/// Way 5: the animateur could open santé to a social landlord, and the
/// exceptions of a removed professional came back with him.
async fn exceptions_stay_within_the_law_and_end_with_membership(backend: Backend) {
    let app = TestApp::start(backend).await;
    let amina = app.sign_in_person(PERSON.0, PERSON.1).await;
    write(&app, &amina, "housing.hard", "MARK-HOUSING").await;
    let landlord_id = id_of(&app, LANDLORD).await;
    let nurse_id = id_of(&app, NURSE).await;
    assert!(app.call(Some(&amina), "add_member", &[("staff_id", &landlord_id)]).await.status.is_success());
    let head = app.sign_in_staff(HEAD).await;
    let head_id = id_of(&app, HEAD).await;
    let id = send_and_validate(&app, &amina, &head, &head_id).await;
    let exception = |staff: &str, kind: &str| {
        let form = [
            ("dossier_id", id.clone()),
            ("staff_id", staff.to_owned()),
            ("kind", kind.to_owned()),
            ("reason", "Pour la réunion.".to_owned()),
        ];
        let (app, head) = (&app, head.clone());
        async move {
            let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call(Some(&head), "record_exception", &pairs).await
        }
    };
    for kind in ["health", "violence"] {
        let r = exception(&landlord_id, kind).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{kind} for a social landlord: {}", r.body);
        assert_eq!(json(&r.body), serde_json::json!({"Invalid": {"field": "Kind", "problem": "ForbiddenByLaw"}}));
    }
    // Nor by the administrator's form.
    let admin = app.sign_in_staff(ADMIN).await;
    let r =
        app.call(Some(&admin), "save_perimeter", &[("function", "social_landlord"), ("housing", "on"), ("health", "on")]).await;
    assert_eq!(json(&r.body), serde_json::json!({"Invalid": {"field": "Kind", "problem": "ForbiddenByLaw"}}), "{}", r.body);
    // An exception within the law, then the nurse leaves her équipe.
    assert_eq!(exception(&nurse_id, "housing").await.status, StatusCode::OK);
    app.call(Some(&amina), "save_consents", &consent_form(&nurse_id, &["housing"])).await;
    let nurse = app.sign_in_staff(NURSE).await;
    assert!(app.call(Some(&nurse), "shared_demande", &[("dossier_id", &id)]).await.body.contains("MARK-HOUSING"));
    assert!(app.call(Some(&amina), "remove_member", &[("staff_id", &nurse_id)]).await.status.is_success());
    assert!(app.call(Some(&amina), "add_member", &[("staff_id", &nurse_id)]).await.status.is_success());
    app.call(Some(&amina), "save_consents", &consent_form(&nurse_id, &["housing"])).await;
    let r = app.call(Some(&nurse), "shared_demande", &[("dossier_id", &id)]).await;
    assert!(!r.body.contains("MARK-HOUSING"), "her exception ended with her membership: {}", r.body);
    let listed = json(&app.call(Some(&head), "list_exceptions", &[("dossier_id", &id)]).await.body);
    assert_eq!(listed["exceptions"], serde_json::json!([]), "{listed}");
}

/// The head of her MDS opened her account (first of her équipe); she
/// removed him: he makes her no sheet, and naming him animateur does not
/// bring him back into her équipe.
async fn a_head_she_removed_makes_her_no_sheet_and_is_not_brought_back(backend: Backend) {
    let app = TestApp::start(backend).await;
    let head = app.sign_in_staff(HEAD).await;
    let head_id = id_of(&app, HEAD).await;
    let sheet = json(&app.call(Some(&head), "create_person_account", &[("name", "Fatou")]).await.body);
    let (login, code) = (sheet["login"].as_str().unwrap().to_owned(), sheet["code"].as_str().unwrap().to_owned());
    let r = app
        .call(None, "first_sign_in", &[("identifier", &login), ("code", &code), ("secret", "718293"), ("secret_again", "718293")])
        .await;
    let fatou = r.cookie.expect("signed in");
    assert!(app.call(Some(&fatou), "remove_member", &[("staff_id", &head_id)]).await.status.is_success());
    let (account,): (i64,) =
        sqlx::query_as("SELECT id FROM accounts WHERE identifier = $1").bind(&login).fetch_one(&app.pool).await.unwrap();
    let r = app.call(Some(&head), "reissue_access_code", &[("account_id", &account.to_string())]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "never by someone she removed: {}", r.body);
    let id = send_and_validate(&app, &fatou, &head, &head_id).await;
    assert_eq!(
        app.call(Some(&head), "shared_demande", &[("dossier_id", &id)]).await.status,
        StatusCode::NOT_FOUND,
        "her removal stands"
    );
}

/// Someone else used a sheet made for her (and read its notice): when she
/// gets back in with a new sheet, she is told of both.
async fn a_sheet_used_by_someone_else_is_still_told_to_her(backend: Backend) {
    let app = TestApp::start(backend).await;
    let account = amina_id(&app).await;
    let karim = app.sign_in_staff(CAF).await;
    let redeem = |code: String, secret: &'static str| {
        let app = &app;
        async move {
            let r = app
                .call(
                    None,
                    "first_sign_in",
                    &[("identifier", PERSON.0), ("code", &code), ("secret", secret), ("secret_again", secret)],
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            r.cookie.expect("signed in")
        }
    };
    let code = |r: Reply| json(&r.body)["Ready"]["code"].as_str().unwrap().to_owned();
    let first = code(app.call(Some(&karim), "reissue_access_code", &[("account_id", &account)]).await);
    let intruder = redeem(first, "918273").await;
    assert!(app.get(Some(&intruder), "/").await.body.contains("Karim Haddad vous a fait une nouvelle feuille"));
    let head = app.sign_in_staff(HEAD).await;
    let second = code(app.call(Some(&head), "reissue_access_code", &[("account_id", &account)]).await);
    let amina = redeem(second, "817263").await;
    let home = app.get(Some(&amina), "/").await.body;
    assert!(
        home.contains("Karim Haddad vous a fait une nouvelle feuille")
            && home.contains("Hélène Roux vous a fait une nouvelle feuille"),
        "{home}"
    );
    assert_eq!(json(&app.call(Some(&intruder), "current_user", &[]).await.body), Value::Null, "his session is closed");
}
