//! The équipe parcours et projet meeting (issue 14), on both databases:
//! what is refused (and leaves nothing behind), who may be suggested and
//! recorded as référent, what leaves through the meeting and its e-mails,
//! her journal, the meeting's stages, and plain French for her actions.

mod common;

use axum::http::StatusCode;
use common::*;
use livret_app::accounts::ssr::{NewStaff, insert_mds, insert_staff};
use livret_app::auth::ssr::set_secret;
use livret_app::domain::meeting::to_local;
use livret_app::domain::role::{Function, HeadRank, Role};
use serde_json::{Value, json as j};

on_both_databases!(
    bad_input_is_refused_and_nothing_is_stored,
    a_mandataire_is_never_suggested_as_referent,
    the_referent_needs_her_yes_and_his_own,
    nothing_of_hers_leaks_through_the_meeting_or_the_mail,
    a_read_at_the_meeting_is_in_her_journal,
    the_meeting_moves_through_its_stages_only,
    her_actions_are_in_plain_french,
    an_animateur_she_removed_runs_the_meeting_reading_nothing_of_hers,
);

const CAF: &str = "karim.haddad@caf.demo";
const NURSE: &str = "nadia.lefevre@pmi.demo";
const OUTSIDER: &str = "lucas.petit@missionlocale.demo";

async fn id_of(app: &TestApp, email: &str) -> i64 {
    let (id,): (i64,) =
        sqlx::query_as("SELECT id FROM accounts WHERE email = $1").bind(email).fetch_one(&app.pool).await.unwrap();
    id
}

async fn amina_id(app: &TestApp) -> i64 {
    let (id,): (i64,) =
        sqlx::query_as("SELECT id FROM accounts WHERE identifier = $1").bind(PERSON.0).fetch_one(&app.pool).await.unwrap();
    id
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

async fn send_and_validate(app: &TestApp, person: &str, head: &str, animateur: &str) -> String {
    let id = dossier(app, person).await;
    assert_eq!(app.call(Some(person), "send_demande", &[]).await.status, StatusCode::OK);
    let r = validate(app, head, &id, Some(animateur)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    id
}

/// The lines of her journal, as (who, exit, kinds).
async fn journal(app: &TestApp, person: &str) -> Vec<(String, String, Vec<String>)> {
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

async fn count(app: &TestApp, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql).fetch_one(&app.pool).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
    n
}

/// Rows of every table a meeting writes to.
async fn meeting_rows(app: &TestApp) -> [i64; 5] {
    [
        count(app, "SELECT COUNT(*) FROM meetings").await,
        count(app, "SELECT COUNT(*) FROM meeting_slots").await,
        count(app, "SELECT COUNT(*) FROM meeting_invitees").await,
        count(app, "SELECT COUNT(*) FROM meeting_answers").await,
        count(app, "SELECT COUNT(*) FROM meeting_record").await,
    ]
}

/// A date the form would send, `days` from now (Paris time).
fn in_days(days: i64) -> String {
    to_local(now() + days * 86_400)
}

/// A day the form would send, `days` from now.
fn day_in(days: i64) -> String {
    in_days(days)[..10].to_owned()
}

async fn propose_with(app: &TestApp, head: &str, dossier: &str, dates: [&str; 3]) -> Reply {
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
async fn propose(app: &TestApp, head: &str, dossier: &str) -> String {
    let (a, b, c) = (in_days(20), in_days(21), in_days(22));
    let r = propose_with(app, head, dossier, [&a, &b, &c]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    json(&r.body).as_i64().unwrap_or_else(|| panic!("a meeting id: {}", r.body)).to_string()
}

async fn choose_and_start(app: &TestApp, head: &str, meeting: &str) {
    let r = app.call(Some(head), "choose_date", &[("meeting_id", meeting), ("slot", "0")]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app.call(Some(head), "start_meeting", &[("meeting_id", meeting)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

async fn view(app: &TestApp, cookie: &str, meeting: &str) -> Reply {
    let r = app.call(Some(cookie), "meeting", &[("meeting_id", meeting)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r
}

async fn set_topic(app: &TestApp, amina: &str, meeting: &str, kind: &str, open: &str) {
    let r = app.call(Some(amina), "set_topic", &[("meeting_id", meeting), ("kind", kind), ("open", open)]).await;
    assert_eq!(r.status, StatusCode::OK, "{kind} {open}: {}", r.body);
}

fn meeting_error(field: &str, problem: &str) -> Value {
    j!({"Invalid": {"field": field, "problem": {"Meeting": problem}}})
}

/// Her, signed in, with her demande validated by the head who animates.
struct Ready {
    amina: String,
    head: String,
    dossier: String,
}

async fn validated(app: &TestApp) -> Ready {
    let amina = app.sign_in_person(PERSON.0, PERSON.1).await;
    let head = app.sign_in_staff(HEAD).await;
    let head_id = id_of(app, HEAD).await.to_string();
    let dossier = send_and_validate(app, &amina, &head, &head_id).await;
    Ready { amina, head, dossier }
}

async fn the_mds(app: &TestApp) -> i64 {
    let (id,): (i64,) = sqlx::query_as("SELECT id FROM mds WHERE name = 'MDS de la Vallée'").fetch_one(&app.pool).await.unwrap();
    id
}

/// A staff account, with the demo password.
async fn new_staff(app: &TestApp, s: NewStaff<'_>) -> i64 {
    let mut conn = app.pool.acquire().await.unwrap();
    let id = insert_staff(&mut conn, &s, None, now()).await.unwrap();
    drop(conn);
    set_secret(&app.pool, id, livret_server::demo::STAFF_PASSWORD).await.unwrap();
    id
}

/// Scenario 1: Dates in the past, the same date three times, what is not a date,
/// a demande not validated, a professional not invited, a head of another
/// MDS: each refused, and no row written.
async fn bad_input_is_refused_and_nothing_is_stored(backend: Backend) {
    let app = TestApp::start(backend).await;
    let amina = app.sign_in_person(PERSON.0, PERSON.1).await;
    let head = app.sign_in_staff(HEAD).await;
    let head_id = id_of(&app, HEAD).await.to_string();
    let id = dossier(&app, &amina).await;
    let empty = meeting_rows(&app).await;
    assert_eq!(empty, [0; 5]);
    let (a, b, c) = (in_days(20), in_days(21), in_days(22));
    let good = [a.as_str(), b.as_str(), c.as_str()];

    // Not validated: a draft, then sent and waiting for the decision.
    let r = propose_with(&app, &head, &id, good).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "a draft: {}", r.body);
    assert_eq!(meeting_rows(&app).await, empty);
    assert_eq!(app.call(Some(&amina), "send_demande", &[]).await.status, StatusCode::OK);
    let r = propose_with(&app, &head, &id, good).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "sent, not validated: {}", r.body);
    assert_eq!(meeting_rows(&app).await, empty);
    let r = validate(&app, &head, &id, Some(&head_id)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    // Dates in the past.
    let (p0, p1) = (in_days(-1), in_days(-2));
    let r = propose_with(&app, &head, &id, [&p0, &p1, &c]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(json(&r.body), meeting_error("Date0", "InThePast"));
    assert_eq!(meeting_rows(&app).await, empty);
    let r = propose_with(&app, &head, &id, [&a, &b, &p0]).await;
    assert_eq!(json(&r.body), meeting_error("Date2", "InThePast"), "{}", r.body);
    assert_eq!(meeting_rows(&app).await, empty);
    // The same date three times.
    let r = propose_with(&app, &head, &id, [&a, &a, &a]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(json(&r.body), meeting_error("Date1", "SameDateTwice"));
    assert_eq!(meeting_rows(&app).await, empty);
    // Not a date.
    for bad in ["demain", "2027-02-31T10:00", ""] {
        let r = propose_with(&app, &head, &id, [&a, bad, &c]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}: {}", r.body);
        assert_eq!(json(&r.body), meeting_error("Date1", "NotADate"), "{bad:?}");
        assert_eq!(meeting_rows(&app).await, empty);
    }

    // A head of another MDS: as if her dossier did not exist.
    let other_mds = insert_mds(&app.pool, "MDS des Collines", now()).await.unwrap();
    new_staff(
        &app,
        NewStaff {
            display_name: "Bruno Lambert",
            email: "bruno.lambert@collines.demo",
            role: Role::Head,
            head_rank: Some(HeadRank::Responsable),
            function: Function::MdsHead,
            institution: "Département, MDS des Collines",
            mission: "valide les demandes et anime l'équipe parcours et projet",
            mds_id: other_mds,
        },
    )
    .await;
    let stranger = app.sign_in_staff("bruno.lambert@collines.demo").await;
    let r = propose_with(&app, &stranger, &id, good).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    assert!(!r.body.contains("Amina"), "{}", r.body);
    assert_eq!(meeting_rows(&app).await, empty);
    let r = app.call(Some(&stranger), "meeting_of", &[("dossier_id", &id)]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);

    // A date more than a year away, a place left empty.
    let far = in_days(400);
    let r = propose_with(&app, &head, &id, [&a, &b, &far]).await;
    assert_eq!(json(&r.body), meeting_error("Date2", "TooFar"), "{}", r.body);
    assert_eq!(meeting_rows(&app).await, empty);
    let r = app
        .call(Some(&head), "propose_dates", &[("dossier_id", &id), ("place", "  "), ("date0", &a), ("date1", &b), ("date2", &c)])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(json(&r.body)["Invalid"]["field"], "Place", "{}", r.body);
    assert_eq!(meeting_rows(&app).await, empty);

    // Good dates: the meeting exists.
    let meeting = propose(&app, &head, &id).await;
    let proposed = meeting_rows(&app).await;
    assert_eq!(proposed[..2], [1, 3], "one meeting, three dates");
    // One meeting at a time.
    let r = propose_with(&app, &head, &id, good).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(json(&r.body), meeting_error("Meeting", "WrongStage"));
    assert_eq!(meeting_rows(&app).await, proposed);
    // The head of another MDS still proposes nothing, nor sees the meeting.
    let r = propose_with(&app, &stranger, &id, good).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let r = app.call(Some(&stranger), "meeting", &[("meeting_id", &meeting)]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    assert_eq!(meeting_rows(&app).await, proposed);

    // A professional not in her équipe, never invited, answers nothing.
    let lucas = app.sign_in_staff(OUTSIDER).await;
    let answers = [("meeting_id", meeting.as_str()), ("slot0", "yes"), ("slot1", "maybe"), ("slot2", "no")];
    let r = app.call(Some(&lucas), "answer_dates", &answers).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let r = app.call(Some(&lucas), "meeting", &[("meeting_id", &meeting)]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    assert_eq!(meeting_rows(&app).await, proposed);
    // Nor the head of another MDS.
    let r = app.call(Some(&stranger), "answer_dates", &answers).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    assert_eq!(meeting_rows(&app).await, proposed);
    // An answer that is not yes, maybe or no, from someone invited.
    let claire = app.sign_in_staff(PRO).await;
    let r = app.call(Some(&claire), "answer_dates", &[("meeting_id", &meeting), ("slot0", "peut-être")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(meeting_rows(&app).await, proposed);
    // Someone invited does answer: three rows.
    let r = app.call(Some(&claire), "answer_dates", &answers).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM meeting_answers").await, proposed[3] + 3);
}

/// Scenario 2: A mandataire judiciaire in her équipe is a candidate, never suggested.
async fn a_mandataire_is_never_suggested_as_referent(backend: Backend) {
    let app = TestApp::start(backend).await;
    let amina = app.sign_in_person(PERSON.0, PERSON.1).await;
    let mds = the_mds(&app).await;
    let guardian = new_staff(
        &app,
        NewStaff {
            display_name: "Marc Dubois",
            email: "marc.dubois@tutelle.demo",
            role: Role::Professional,
            head_rank: None,
            function: Function::Guardian,
            institution: "Association tutélaire de la Vallée",
            mission: "exerce ma mesure de protection",
            mds_id: mds,
        },
    )
    .await;
    let id = dossier(&app, &amina).await;
    livret_app::sharing::ssr::join(&app.pool, id.parse().unwrap(), guardian, amina_id(&app).await).await.unwrap();
    let head = app.sign_in_staff(HEAD).await;
    let head_id = id_of(&app, HEAD).await.to_string();
    send_and_validate(&app, &amina, &head, &head_id).await;
    let meeting = propose(&app, &head, &id).await;
    choose_and_start(&app, &head, &meeting).await;
    let claire_id = id_of(&app, PRO).await;
    let head_id = id_of(&app, HEAD).await;
    for cookie in [&head, &amina] {
        let v = json(&view(&app, cookie, &meeting).await.body);
        let candidates = v["candidates"].as_array().unwrap_or_else(|| panic!("candidates: {v}"));
        let of = |staff: i64| {
            candidates.iter().find(|c| c["staff_id"] == staff).unwrap_or_else(|| panic!("{staff} is a candidate: {candidates:?}"))
        };
        assert_eq!(of(guardian)["suggested"], false, "the mandataire: {candidates:?}");
        assert_eq!(of(guardian)["function"], "Guardian");
        assert_eq!(of(claire_id)["suggested"], true, "Claire: {candidates:?}");
        assert_eq!(of(head_id)["suggested"], false, "the animateur: {candidates:?}");
        // He was invited like every member of her équipe.
        assert!(v["guests"].as_array().unwrap().iter().any(|g| g["account_id"] == guardian), "{v}");
    }
}

/// Scenario 3: The référent is recorded only once she said yes and he accepted,
/// each for themselves.
async fn the_referent_needs_her_yes_and_his_own(backend: Backend) {
    let app = TestApp::start(backend).await;
    let Ready { amina, head, dossier: id } = validated(&app).await;
    let meeting = propose(&app, &head, &id).await;
    choose_and_start(&app, &head, &meeting).await;
    let claire_id = id_of(&app, PRO).await;
    let r = app.call(Some(&head), "propose_referent", &[("meeting_id", &meeting), ("staff_id", &claire_id.to_string())]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v = json(&view(&app, &head, &meeting).await.body);
    let proposal = &v["proposals"][0];
    assert_eq!(proposal["staff_id"], claire_id, "{v}");
    assert_eq!((proposal["her_yes"].clone(), proposal["his_yes"].clone()), (j!(false), j!(false)));
    let proposal = proposal["id"].to_string();
    let referent = || async {
        let (r,): (Option<i64>,) = sqlx::query_as("SELECT referent_id FROM dossiers WHERE id = $1")
            .bind(id.parse::<i64>().unwrap())
            .fetch_one(&app.pool)
            .await
            .unwrap();
        r
    };
    let yeses = || async {
        let (her, his): (Option<i64>, Option<i64>) =
            sqlx::query_as("SELECT her_yes_at, his_yes_at FROM referent_proposals WHERE id = $1")
                .bind(proposal.parse::<i64>().unwrap())
                .fetch_one(&app.pool)
                .await
                .unwrap();
        (her.is_some(), his.is_some())
    };
    let accept = [("meeting_id", meeting.as_str()), ("proposal_id", proposal.as_str())];

    // Nobody says yes for another: not Karim, not the animateur.
    let karim = app.sign_in_staff(CAF).await;
    let record_before = count(&app, "SELECT COUNT(*) FROM meeting_record").await;
    for (who, cookie) in [("Karim", &karim), ("the animateur", &head)] {
        let r = app.call(Some(cookie), "accept_referent", &accept).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}: {}", r.body);
        assert_eq!(yeses().await, (false, false), "{who}");
        assert_eq!(referent().await, None, "{who}");
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM meeting_record").await, record_before);

    // Her yes alone: not recorded.
    let r = app.call(Some(&amina), "accept_referent", &accept).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(yeses().await, (true, false));
    assert_eq!(referent().await, None, "her yes alone records no référent");
    let mine = json(&app.call(Some(&amina), "my_meeting", &[]).await.body);
    assert_eq!(mine["referent"], Value::Null, "{mine}");
    // Karim still cannot say it for Claire.
    let r = app.call(Some(&karim), "accept_referent", &accept).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert_eq!(referent().await, None);

    // His own acceptance: recorded.
    let claire = app.sign_in_staff(PRO).await;
    let r = app.call(Some(&claire), "accept_referent", &accept).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(yeses().await, (true, true));
    assert_eq!(referent().await, Some(claire_id));
    let mine = json(&app.call(Some(&amina), "my_meeting", &[]).await.body);
    assert_eq!(mine["referent"], "Claire Martin", "{mine}");
    let his = json(&view(&app, &karim, &meeting).await.body);
    assert_eq!(his["referent"], "Claire Martin", "{his}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM meeting_record WHERE what = 'referent'").await, 1);
}

/// Scenario 4: Her santé and logement answers reach only whom she lets read them,
/// the e-mails carry nothing of hers, and a subject she closes during the
/// meeting leaves every screen and the record.
async fn nothing_of_hers_leaks_through_the_meeting_or_the_mail(backend: Backend) {
    let app = TestApp::start(backend).await;
    let amina = app.sign_in_person(PERSON.0, PERSON.1).await;
    write(&app, &amina, "health.hard", "MARK-HEALTH-7731").await;
    write(&app, &amina, "housing.hard", "MARK-HOUSING-5512").await;
    let head = app.sign_in_staff(HEAD).await;
    let head_id = id_of(&app, HEAD).await.to_string();
    let id = send_and_validate(&app, &amina, &head, &head_id).await;
    let meeting = propose(&app, &head, &id).await;
    let (claire, karim, nadia) = (app.sign_in_staff(PRO).await, app.sign_in_staff(CAF).await, app.sign_in_staff(NURSE).await);

    // Shared with Claire only (one of four): closed until she opens it.
    let r = view(&app, &claire, &meeting).await;
    assert!(!r.body.contains("MARK-HOUSING-5512"), "not opened for the meeting yet: {}", r.body);
    set_topic(&app, &amina, &meeting, "housing", "yes").await;
    let answers = [("meeting_id", meeting.as_str()), ("slot0", "yes"), ("slot1", "no"), ("slot2", "maybe")];
    for cookie in [&amina, &claire, &karim] {
        let r = app.call(Some(cookie), "answer_dates", &answers).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    choose_and_start(&app, &head, &meeting).await;

    let claire_view = view(&app, &claire, &meeting).await.body;
    assert!(claire_view.contains("MARK-HOUSING-5512"), "housing is open and shared with her: {claire_view}");
    assert!(!claire_view.contains("MARK-HEALTH-7731"), "{claire_view}");
    for (who, cookie) in [("Karim", &karim), ("Nadia", &nadia), ("the animateur", &head)] {
        let body = view(&app, cookie, &meeting).await.body;
        assert!(!body.contains("MARK-HOUSING-5512") && !body.contains("MARK-HEALTH-7731"), "{who}: {body}");
        let r = app.call(Some(cookie), "meeting_of", &[("dossier_id", &id)]).await;
        assert_eq!(r.status, StatusCode::OK, "{who}: {}", r.body);
        assert!(!r.body.contains("MARK-HOUSING-5512") && !r.body.contains("MARK-HEALTH-7731"), "{who}: {}", r.body);
    }

    // The invitations: one per professional invited, nothing of hers.
    let mails: Vec<(String, String, String)> =
        sqlx::query_as("SELECT address, subject, body FROM mail_outbox ORDER BY id").fetch_all(&app.pool).await.unwrap();
    let mut addresses: Vec<&str> = mails.iter().map(|(a, _, _)| a.as_str()).collect();
    addresses.sort_unstable();
    assert_eq!(addresses, [PRO, HEAD, CAF, NURSE], "{mails:?}");
    for (address, subject, body) in &mails {
        for secret in ["MARK-HEALTH-7731", "MARK-HOUSING-5512", "Amina", "amina", PERSON.0] {
            assert!(
                !subject.contains(secret) && !body.contains(secret),
                "{secret} in the e-mail to {address}: {subject}\n{body}"
            );
        }
    }

    // A note on housing, then she closes housing during the meeting.
    let r = app
        .call(
            Some(&claire),
            "add_note",
            &[("meeting_id", &meeting), ("kind", "housing"), ("what", "need"), ("body", "MARK2-NOTE-9043 loyer en retard")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(view(&app, &claire, &meeting).await.body.contains("MARK2-NOTE-9043"));
    assert!(app.call(Some(&amina), "my_meeting", &[]).await.body.contains("MARK2-NOTE-9043"));
    assert!(!view(&app, &karim, &meeting).await.body.contains("MARK2-NOTE-9043"), "housing is not shared with Karim");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM meeting_record WHERE detail LIKE '%MARK2-NOTE-9043%'").await, 1);

    set_topic(&app, &amina, &meeting, "housing", "no").await;
    for (who, body) in [
        ("Claire", view(&app, &claire, &meeting).await.body),
        ("Karim", view(&app, &karim, &meeting).await.body),
        ("her", app.call(Some(&amina), "my_meeting", &[]).await.body),
    ] {
        assert!(!body.contains("MARK2-NOTE-9043"), "{who}: {body}");
        if who != "her" {
            assert!(!body.contains("MARK-HOUSING-5512"), "{who}: {body}");
        }
    }
    let details: Vec<(String, String)> =
        sqlx::query_as("SELECT what, detail FROM meeting_record ORDER BY id").fetch_all(&app.pool).await.unwrap();
    assert!(details.iter().all(|(_, d)| !d.contains("MARK2-NOTE-9043") && !d.contains("MARK-HOUSING")), "{details:?}");
    assert!(details.iter().any(|(w, _)| w == "topic_closed"), "the record keeps that she closed a subject: {details:?}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM meeting_notes").await, 0);
}

/// Scenario 5: Claire reads her logement at the meeting: her journal says so.
async fn a_read_at_the_meeting_is_in_her_journal(backend: Backend) {
    let app = TestApp::start(backend).await;
    let amina = app.sign_in_person(PERSON.0, PERSON.1).await;
    write(&app, &amina, "housing.hard", "Je dors chez ma sœur.").await;
    let head = app.sign_in_staff(HEAD).await;
    let head_id = id_of(&app, HEAD).await.to_string();
    let id = send_and_validate(&app, &amina, &head, &head_id).await;
    let meeting = propose(&app, &head, &id).await;
    set_topic(&app, &amina, &meeting, "housing", "yes").await;
    let at_meeting = |lines: &[(String, String, Vec<String>)], who: &str| {
        lines.iter().any(|(viewer, exit, _)| viewer == who && exit == "Meeting")
    };
    let before = journal(&app, &amina).await;
    assert!(!at_meeting(&before, "Claire Martin"), "{before:?}");
    // Karim reads nothing of hers there: nothing to tell her.
    let karim = app.sign_in_staff(CAF).await;
    view(&app, &karim, &meeting).await;
    let claire = app.sign_in_staff(PRO).await;
    let body = view(&app, &claire, &meeting).await.body;
    assert!(body.contains("Je dors chez ma sœur."), "{body}");
    let lines = journal(&app, &amina).await;
    assert!(
        lines
            .iter()
            .any(|(viewer, exit, kinds)| viewer == "Claire Martin" && exit == "Meeting" && kinds.contains(&"Housing".to_owned())),
        "{lines:?}"
    );
    assert!(!at_meeting(&lines, "Karim Haddad"), "{lines:?}");
}

/// Scenario 6: Each move at its stage only.
async fn the_meeting_moves_through_its_stages_only(backend: Backend) {
    let app = TestApp::start(backend).await;
    let amina = app.sign_in_person(PERSON.0, PERSON.1).await;
    write(&app, &amina, "housing.hard", "Le loyer est trop cher.").await;
    write(&app, &amina, "health.hard", "J'ai mal au dos.").await;
    let head = app.sign_in_staff(HEAD).await;
    let head_id = id_of(&app, HEAD).await.to_string();
    let id = send_and_validate(&app, &amina, &head, &head_id).await;
    let meeting = propose(&app, &head, &id).await;
    set_topic(&app, &amina, &meeting, "housing", "yes").await;
    let objective = |cookie: String, kind: &'static str| {
        let (app, meeting) = (&app, meeting.clone());
        async move {
            app.call(
                Some(&cookie),
                "add_objective",
                &[("meeting_id", &meeting), ("kind", kind), ("body", "Trouver un logement.")],
            )
            .await
        }
    };
    // Nothing is written before the meeting starts.
    let r = objective(amina.clone(), "housing").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(json(&r.body), meeting_error("Meeting", "WrongStage"));
    let r = app.call(Some(&head), "start_meeting", &[("meeting_id", &meeting)]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "no date chosen yet: {}", r.body);
    // A date is chosen once.
    let r = app.call(Some(&head), "choose_date", &[("meeting_id", &meeting), ("slot", "3")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r = app.call(Some(&head), "choose_date", &[("meeting_id", &meeting), ("slot", "0")]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app.call(Some(&head), "choose_date", &[("meeting_id", &meeting), ("slot", "1")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(json(&r.body), meeting_error("Meeting", "WrongStage"));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM meetings WHERE chosen_slot = 0 AND stage = 'scheduled'").await, 1);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM meeting_record WHERE what = 'chosen'").await, 1);
    // Still nothing written before it starts, nor answered after the choice.
    let r = objective(amina.clone(), "housing").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let claire = app.sign_in_staff(PRO).await;
    let r = app.call(Some(&claire), "answer_dates", &[("meeting_id", &meeting), ("slot0", "yes")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM objectives").await, 0);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM meeting_answers").await, 0);

    let r = app.call(Some(&head), "start_meeting", &[("meeting_id", &meeting)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // Running: an objective on an open subject is written.
    let r = objective(amina.clone(), "housing").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = objective(claire.clone(), "housing").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM objectives").await, 2);
    // A subject she did not open, then one she closed: refused.
    let r = objective(amina.clone(), "health").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(json(&r.body), meeting_error("Kind", "TopicClosed"));
    set_topic(&app, &amina, &meeting, "housing", "no").await;
    for cookie in [&amina, &claire] {
        let r = objective(cookie.clone(), "housing").await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert_eq!(json(&r.body), meeting_error("Kind", "TopicClosed"));
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM objectives").await, 0, "closing housing took its objectives away");
    // Only she opens or closes a subject.
    let r = app.call(Some(&claire), "set_topic", &[("meeting_id", &meeting), ("kind", "housing"), ("open", "yes")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    // Closed: the record no longer changes.
    let r = app.call(Some(&head), "close_meeting", &[("meeting_id", &meeting)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app.call(Some(&amina), "set_topic", &[("meeting_id", &meeting), ("kind", "housing"), ("open", "yes")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r = objective(amina.clone(), "housing").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r = app.call(Some(&head), "start_meeting", &[("meeting_id", &meeting)]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
}

/// Scenario 7: What she is to do is written in plain French, and an action goes
/// only to someone who may read what it is about.
async fn her_actions_are_in_plain_french(backend: Backend) {
    let app = TestApp::start(backend).await;
    let amina = app.sign_in_person(PERSON.0, PERSON.1).await;
    write(&app, &amina, "housing.hard", "Je dors chez ma sœur.").await;
    write(&app, &amina, "health.hard", "J'ai mal au dos.").await;
    let head = app.sign_in_staff(HEAD).await;
    let head_id = id_of(&app, HEAD).await.to_string();
    let id = send_and_validate(&app, &amina, &head, &head_id).await;
    let meeting = propose(&app, &head, &id).await;
    set_topic(&app, &amina, &meeting, "housing", "yes").await;
    set_topic(&app, &amina, &meeting, "health", "yes").await;
    choose_and_start(&app, &head, &meeting).await;
    for kind in ["housing", "health"] {
        let r =
            app.call(Some(&amina), "add_objective", &[("meeting_id", &meeting), ("kind", kind), ("body", "Aller mieux.")]).await;
        assert_eq!(r.status, StatusCode::OK, "{kind}: {}", r.body);
    }
    let objective_on = |kind: &'static str| {
        let pool = app.pool.clone();
        async move {
            let (id,): (i64,) =
                sqlx::query_as("SELECT id FROM objectives WHERE kind = $1").bind(kind).fetch_one(&pool).await.unwrap();
            id.to_string()
        }
    };
    let (housing, health) = (objective_on("housing").await, objective_on("health").await);
    let her = amina_id(&app).await.to_string();
    let due = day_in(30);
    let action = |objective: String, what: &'static str, who: String, means: &'static str| {
        let (app, meeting, due, amina) = (&app, meeting.clone(), due.clone(), amina.clone());
        async move {
            app.call(
                Some(&amina),
                "add_action",
                &[
                    ("meeting_id", &meeting),
                    ("objective_id", &objective),
                    ("what", what),
                    ("who", &who),
                    ("due", &due),
                    ("means", means),
                ],
            )
            .await
        }
    };
    let actions = || count(&app, "SELECT COUNT(*) FROM actions");

    let jargon = "Contacter le SIAO pour l'hébergement d'urgence dans le cadre du dispositif";
    let r = action(housing.clone(), jargon, her.clone(), "Avec Claire.").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(json(&r.body), meeting_error("What", "NotPlain"));
    assert_eq!(actions().await, 0, "nothing stored");
    // The means she reads too.
    let r = action(housing.clone(), "Appeler le centre d'hébergement lundi.", her.clone(), "Le SIAO.").await;
    assert_eq!(json(&r.body), meeting_error("Means", "NotPlain"), "{}", r.body);
    assert_eq!(actions().await, 0, "nothing stored");
    let r = action(housing.clone(), "Appeler le centre d'hébergement lundi.", her.clone(), "Avec le téléphone de Claire.").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(actions().await, 1);
    let mine = app.call(Some(&amina), "my_meeting", &[]).await.body;
    assert!(mine.contains("Appeler le centre d'hébergement lundi."), "{mine}");

    // Karim may not read her santé: no action on it for him.
    let karim = id_of(&app, CAF).await.to_string();
    let r = action(health.clone(), "Envoyer le certificat.", karim.clone(), "Par courrier.").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(json(&r.body), meeting_error("Who", "WhoCannotSee"));
    assert_eq!(actions().await, 1, "nothing stored");
    // Nor on logement, which she shares with Claire only.
    let r = action(housing.clone(), "Envoyer le certificat.", karim.clone(), "Par courrier.").await;
    assert_eq!(json(&r.body), meeting_error("Who", "WhoCannotSee"), "{}", r.body);
    // Nor for someone outside her équipe.
    let lucas = id_of(&app, OUTSIDER).await.to_string();
    let r = action(housing.clone(), "Envoyer le certificat.", lucas, "Par courrier.").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(actions().await, 1, "nothing stored");
    // Claire reads logement: an action for her is written (her own words may be a professional's).
    let claire = id_of(&app, PRO).await.to_string();
    let r = action(housing.clone(), "Faire la demande au SIAO.", claire, "Le dispositif du SIAO.").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(actions().await, 2);
}

/// Scenario 8: She removed the head from her équipe after the validation: the head
/// still animates (access policy: "the animateur runs the meeting even if
/// she left the équipe: she then reads nothing of hers there"), so she
/// opens the meeting she proposed, with nothing of hers in it.
async fn an_animateur_she_removed_runs_the_meeting_reading_nothing_of_hers(backend: Backend) {
    let app = TestApp::start(backend).await;
    let amina = app.sign_in_person(PERSON.0, PERSON.1).await;
    write(&app, &amina, "housing.hard", "MARK-HOUSING-3318").await;
    let head = app.sign_in_staff(HEAD).await;
    let head_id = id_of(&app, HEAD).await.to_string();
    let id = send_and_validate(&app, &amina, &head, &head_id).await;
    let r = app.call(Some(&amina), "remove_member", &[("staff_id", &head_id)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // She still proposes the dates, and the meeting is in her list.
    let meeting = propose(&app, &head, &id).await;
    let lists = json(&app.call(Some(&head), "my_meetings", &[]).await.body);
    assert!(lists.to_string().contains(&format!("\"meeting_id\":{meeting}")), "{lists}");
    // ...but opening it must work too.
    let r = app.call(Some(&head), "meeting", &[("meeting_id", &meeting)]).await;
    assert_eq!(r.status, StatusCode::OK, "the animateur opens the meeting she runs: {}", r.body);
    let v = json(&r.body);
    assert_eq!(v["i_animate"], true, "{v}");
    assert!(!r.body.contains("MARK-HOUSING-3318"), "{}", r.body);
    let r = app.call(Some(&head), "meeting_of", &[("dossier_id", &id)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(!r.body.contains("MARK-HOUSING-3318"), "{}", r.body);
}
