//! Sharing and co-editing through the application, on both databases:
//! a professional receives only what the person shared with him, each
//! read is in her journal, a proposal never overwrites her words.

mod common;

use axum::http::StatusCode;
use common::*;

on_both_databases!(
    a_professional_receives_only_what_she_shared_with_him,
    a_kind_outside_the_mission_stays_hidden_even_when_ticked,
    a_proposal_waits_for_her_and_never_overwrites_her_words,
    a_removed_professional_sees_nothing_at_once,
    a_waiting_page_is_answered_as_soon_as_the_dossier_changes,
    presence_a_save_and_a_withdrawal_cross_from_one_instance_to_another,
    the_animateur_records_an_exception_that_she_reads_and_still_controls,
    she_adds_only_professionals_of_her_mds,
    the_same_choice_sent_many_times_at_once_is_recorded_once,
    an_administrator_narrows_a_mission_and_it_applies_at_once,
    the_stored_mission_perimeters_are_the_defaults_of_the_rule,
);

const NURSE: &str = "nadia.lefevre@pmi.demo";

async fn id_of(app: &TestApp, email: &str) -> String {
    let (id,): (i64,) =
        sqlx::query_as("SELECT id FROM accounts WHERE email = $1").bind(email).fetch_one(&app.pool).await.unwrap();
    id.to_string()
}

async fn dossier(app: &TestApp, person: &str) -> String {
    json(&app.call(Some(person), "my_demande", &[]).await.body)["dossier_id"].to_string()
}

/// Writes one answer per area with a marker naming its field.
async fn write_markers(app: &TestApp, person: &str) {
    for field in ["housing.hard", "health.hard", "money.hard", "family.hard", "refused_topics"] {
        let r = app
            .call(Some(person), "save_answer", &[("field", field), ("value", &format!("MARK-{field}")), ("version", "0")])
            .await;
        assert_eq!(r.status, StatusCode::OK, "{field}: {}", r.body);
    }
}

fn consent_form<'a>(staff: &'a str, kinds: &[&'a str]) -> Vec<(&'a str, &'a str)> {
    let mut form = vec![("staff_id", staff)];
    form.extend(kinds.iter().map(|k| (*k, "on")));
    form
}

async fn a_professional_receives_only_what_she_shared_with_him(backend: Backend) {
    let app = TestApp::start(backend).await;
    let person = app.sign_in_person(PERSON.0, PERSON.1).await;
    write_markers(&app, &person).await;
    let id = dossier(&app, &person).await;
    // The demo: she shares housing, money and family with Claire.
    let claire = app.sign_in_staff(PRO).await;
    let r = app.call(Some(&claire), "shared_demande", &[("dossier_id", &id)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    for (marker, shown) in
        [("housing.hard", true), ("money.hard", true), ("family.hard", true), ("health.hard", false), ("refused_topics", false)]
    {
        assert_eq!(r.body.contains(&format!("MARK-{marker}")), shown, "{marker} for Claire: {}", r.body);
    }
    // Health is not a social worker's mission: hidden for that reason first.
    let hidden = json(&r.body)["hidden"].clone();
    // Read again (a page left open): still one line in her journal.
    assert_eq!(app.call(Some(&claire), "shared_demande", &[("dossier_id", &id)]).await.status, StatusCode::OK);
    assert!(hidden.as_array().unwrap().iter().any(|h| h["kind"] == "Health" && h["reason"] == "OutsideMission"), "{hidden}");

    // The nurse is in her équipe but sees nothing until she says yes.
    let nurse = app.sign_in_staff(NURSE).await;
    let nurse_id = id_of(&app, NURSE).await;
    assert!(!app.call(Some(&nurse), "shared_demande", &[("dossier_id", &id)]).await.body.contains("MARK-"));
    let r = app.call(Some(&person), "save_consents", &consent_form(&nurse_id, &["health"])).await;
    assert!(r.status.is_success(), "{}", r.body);
    let body = app.call(Some(&nurse), "shared_demande", &[("dossier_id", &id)]).await.body;
    assert!(body.contains("MARK-health.hard") && !body.contains("MARK-housing.hard"), "{body}");
    // She withdraws: the very next read is refused that item.
    app.call(Some(&person), "save_consents", &consent_form(&nurse_id, &[])).await;
    let r = app.call(Some(&nurse), "shared_demande", &[("dossier_id", &id)]).await;
    assert!(!r.body.contains("MARK-"), "{}", r.body);
    assert!(
        json(&r.body)["hidden"].as_array().unwrap().iter().any(|h| h["kind"] == "Health" && h["reason"] == "ConsentWithdrawn")
    );
    // Both events kept, with the version of the notice she read.
    let events: Vec<(String, i64, i64)> =
        sqlx::query_as("SELECT kind, granted, notice_version FROM consent_events WHERE staff_id = $1 ORDER BY id")
            .bind(nurse_id.parse::<i64>().unwrap())
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(events, vec![("health".to_owned(), 1, 1), ("health".to_owned(), 0, 1)]);

    // Not in her équipe: the same answer as a dossier that does not exist.
    let sophie = app.sign_in_staff(OTHER_PRO).await;
    let r = app.call(Some(&sophie), "shared_demande", &[("dossier_id", &id)]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(!r.body.contains("MARK-"));
    assert_eq!(app.call(Some(&sophie), "shared_demande", &[("dossier_id", "999999")]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.call(Some(&sophie), "pulse", &[("dossier_id", &id), ("since", "-1")]).await.status, StatusCode::NOT_FOUND);

    // Her journal: Claire's read (3 kinds) then the nurse's (health), and nothing else.
    let journal = json(&app.call(Some(&person), "my_journal", &[]).await.body);
    let lines: Vec<(String, Vec<String>)> = journal
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["viewer"].as_str().unwrap().to_owned(),
                e["kinds"].as_array().unwrap().iter().map(|k| k.as_str().unwrap().to_owned()).collect(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        vec![
            ("Nadia Lefèvre".to_owned(), vec!["Health".to_owned()]),
            ("Claire Martin".to_owned(), vec!["Housing".to_owned(), "Money".to_owned(), "Family".to_owned()]),
        ]
    );
}

async fn a_kind_outside_the_mission_stays_hidden_even_when_ticked(backend: Backend) {
    let app = TestApp::start(backend).await;
    let person = app.sign_in_person(PERSON.0, PERSON.1).await;
    write_markers(&app, &person).await;
    let id = dossier(&app, &person).await;
    let nurse_id = id_of(&app, NURSE).await;
    // Housing is not the PMI nurse's mission.
    app.call(Some(&person), "save_consents", &consent_form(&nurse_id, &["housing", "family"])).await;
    let sharing = json(&app.call(Some(&person), "my_sharing", &[]).await.body);
    let nurse = sharing["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["member"]["staff_id"].as_i64() == nurse_id.parse().ok())
        .unwrap()
        .clone();
    let housing = nurse["choices"].as_array().unwrap().iter().find(|c| c["kind"] == "Housing").unwrap().clone();
    assert_eq!(housing["granted"], true);
    assert_eq!(housing["in_mission"], false);
    assert_eq!(housing["allowed"], false);
    assert_eq!(housing["reason"], "OutsideMission");
    let cookie = app.sign_in_staff(NURSE).await;
    let body = app.call(Some(&cookie), "shared_demande", &[("dossier_id", &id)]).await.body;
    assert!(body.contains("MARK-family.hard") && !body.contains("MARK-housing.hard"), "{body}");
}

async fn a_proposal_waits_for_her_and_never_overwrites_her_words(backend: Backend) {
    let app = TestApp::start(backend).await;
    let person = app.sign_in_person(PERSON.0, PERSON.1).await;
    write_markers(&app, &person).await;
    let id = dossier(&app, &person).await;
    let claire = app.sign_in_staff(PRO).await;
    let before =
        json(&app.call(Some(&claire), "pulse", &[("dossier_id", &id), ("since", "-1")]).await.body)["revision"].as_i64().unwrap();
    let r = app
        .call(
            Some(&claire),
            "suggest",
            &[("dossier_id", &id), ("field", "housing.hard"), ("value", "Le logement est trop petit.")],
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);
    // Every open page sees the change (and who is there).
    let pulse = json(&app.call(Some(&person), "pulse", &[("dossier_id", &id), ("since", "-1")]).await.body);
    assert!(pulse["revision"].as_i64().unwrap() > before);
    assert_eq!(pulse["present"], serde_json::json!(["Claire Martin"]));
    let mine = json(&app.call(Some(&person), "my_demande", &[]).await.body);
    let housing = mine["answers"].as_array().unwrap().iter().find(|a| a["field"] == "housing.hard").unwrap().clone();
    assert_eq!(housing["value"], "MARK-housing.hard", "her words stay until she decides");
    assert_eq!(housing["by_owner"], true);
    let proposal = mine["suggestions"][0].clone();
    assert_eq!(proposal["value"], "Le logement est trop petit.");
    assert_eq!(proposal["author"], "Claire Martin");
    // One may only reword what one may read.
    let r = app.call(Some(&claire), "suggest", &[("dossier_id", &id), ("field", "health.hard"), ("value", "Autre.")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app.call(Some(&claire), "suggest", &[("dossier_id", &id), ("field", "refused_topics"), ("value", "Autre.")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // She takes it: it becomes the answer, marked as Claire's words.
    let sid = proposal["id"].to_string();
    let r = app.call(Some(&person), "answer_suggestion", &[("id", &sid), ("accept", "yes")]).await;
    assert!(r.status.is_success(), "{}", r.body);
    let mine = json(&app.call(Some(&person), "my_demande", &[]).await.body);
    let housing = mine["answers"].as_array().unwrap().iter().find(|a| a["field"] == "housing.hard").unwrap().clone();
    assert_eq!(housing["value"], "Le logement est trop petit.");
    assert_eq!(housing["by_owner"], false);
    assert_eq!(housing["author"], "Claire Martin");
    assert_eq!(mine["suggestions"], serde_json::json!([]));
    // A proposal is answered once.
    assert_eq!(
        app.call(Some(&person), "answer_suggestion", &[("id", &sid), ("accept", "no")]).await.status,
        StatusCode::NOT_FOUND
    );
    // Her history shows both versions, with who wrote them.
    let history = json(&app.call(Some(&person), "my_history", &[]).await.body);
    let housing: Vec<(bool, String)> = history
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["field"] == "housing.hard")
        .map(|h| (h["by_owner"].as_bool().unwrap(), h["value"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(housing, vec![(false, "Le logement est trop petit.".to_owned()), (true, "MARK-housing.hard".to_owned())]);
    // Another person's proposal ids mean nothing to her.
    let jean = app.sign_in_person("jean-7302", "mon chat roux").await;
    assert_eq!(
        app.call(Some(&jean), "answer_suggestion", &[("id", &sid), ("accept", "yes")]).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.call(Some(&jean), "pulse", &[("dossier_id", &id), ("since", "-1")]).await.status, StatusCode::NOT_FOUND);
}

async fn a_removed_professional_sees_nothing_at_once(backend: Backend) {
    let app = TestApp::start(backend).await;
    let person = app.sign_in_person(PERSON.0, PERSON.1).await;
    write_markers(&app, &person).await;
    let id = dossier(&app, &person).await;
    let claire = app.sign_in_staff(PRO).await;
    let listed = json(&app.call(Some(&claire), "my_dossiers", &[]).await.body);
    assert_eq!(listed[0]["person_name"], "Amina");
    let claire_id = id_of(&app, PRO).await;
    let r = app.call(Some(&person), "remove_member", &[("staff_id", &claire_id)]).await;
    assert!(r.status.is_success(), "{}", r.body);
    assert_eq!(app.call(Some(&claire), "shared_demande", &[("dossier_id", &id)]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(json(&app.call(Some(&claire), "my_dossiers", &[]).await.body), serde_json::json!([]));
    // Added again, she starts from nothing: her earlier yes were withdrawn
    // (and kept as events for proof).
    app.call(Some(&person), "add_member", &[("staff_id", &claire_id)]).await;
    let body = app.call(Some(&claire), "shared_demande", &[("dossier_id", &id)]).await.body;
    assert!(!body.contains("MARK-"), "{body}");
    let (withdrawn,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM consent_events WHERE staff_id = $1 AND granted = 0")
        .bind(claire_id.parse::<i64>().unwrap())
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(withdrawn, 3, "housing, money and family withdrawn when she was removed");
}

async fn she_adds_only_professionals_of_her_mds(backend: Backend) {
    let app = TestApp::start(backend).await;
    let person = app.sign_in_person(PERSON.0, PERSON.1).await;
    let sharing = json(&app.call(Some(&person), "my_sharing", &[]).await.body);
    let team: Vec<&str> = sharing["members"].as_array().unwrap().iter().map(|m| m["member"]["name"].as_str().unwrap()).collect();
    assert_eq!(team, ["Claire Martin", "Karim Haddad", "Nadia Lefèvre"]);
    let directory: Vec<&str> = sharing["directory"].as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap()).collect();
    assert!(!directory.contains(&"Claire Martin") && directory.contains(&"Sophie Bernard"), "{directory:?}");
    for email in [HEAD, ADMIN] {
        let id = id_of(&app, email).await;
        assert_eq!(app.call(Some(&person), "add_member", &[("staff_id", &id)]).await.status, StatusCode::NOT_FOUND, "{email}");
    }
    let (jean,): (i64,) =
        sqlx::query_as("SELECT id FROM accounts WHERE identifier = 'jean-7302'").fetch_one(&app.pool).await.unwrap();
    assert_eq!(app.call(Some(&person), "add_member", &[("staff_id", &jean.to_string())]).await.status, StatusCode::NOT_FOUND);
    let sophie = id_of(&app, OTHER_PRO).await;
    assert!(app.call(Some(&person), "add_member", &[("staff_id", &sophie)]).await.status.is_success());
    let cookie = app.sign_in_staff(OTHER_PRO).await;
    let listed = json(&app.call(Some(&cookie), "my_dossiers", &[]).await.body);
    assert_eq!(listed.as_array().unwrap().len(), 2, "Jean's and Amina's: {listed}");
}

async fn a_waiting_page_is_answered_as_soon_as_the_dossier_changes(backend: Backend) {
    let app = TestApp::start(backend).await;
    let person = app.sign_in_person(PERSON.0, PERSON.1).await;
    let id = dossier(&app, &person).await;
    let claire = app.sign_in_staff(PRO).await;
    let first = app.call(Some(&claire), "pulse", &[("dossier_id", &id), ("since", "-1")]).await;
    let now = json(&first.body)["revision"].to_string();
    // Nothing changes: the answer comes after the hold, same revision.
    let same = json(&app.call(Some(&claire), "pulse", &[("dossier_id", &id), ("since", &now)]).await.body);
    assert_eq!(same["revision"].to_string(), now);
    // A change while Claire's page waits: her answer carries it, long before
    // the hold ends. On an instance that holds a minute, an answer within
    // 10 s can only come from the wake-up at commit (the re-read after the
    // hold would pass with the wake-up broken).
    let patient = TestApp::instance_with_hold(app.pool.clone(), std::time::Duration::from_secs(60));
    let wait = call_request(Some(&claire), "pulse", format!("dossier_id={id}&since={now}").into_bytes());
    let save = call_request(Some(&person), "save_answer", b"field=situation&value=Nouveau.&version=0".to_vec());
    let started = std::time::Instant::now();
    let (waited, saved) = tokio::join!(TestApp::send(&patient, wait), async {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        TestApp::send(&patient, save).await
    });
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert!(json(&waited.body)["revision"].as_i64().unwrap() > now.parse::<i64>().unwrap(), "{}", waited.body);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "woken at commit, not at the end of the hold: {:?}",
        started.elapsed()
    );
}

/// Two server instances on one database, as behind a load balancer: she
/// on one, Claire on the other. On PostgreSQL each instance holds a page's
/// question a whole minute, so an answer within 10 s can only come from the
/// other instance's notification at commit. On SQLite (one instance in
/// production) the revision read after a one-second hold carries it.
async fn presence_a_save_and_a_withdrawal_cross_from_one_instance_to_another(backend: Backend) {
    use std::time::{Duration, Instant};
    let app = TestApp::start(backend.clone()).await;
    let hold = match backend {
        Backend::Postgres(_) => Duration::from_secs(60),
        Backend::Sqlite => Duration::from_secs(1),
    };
    let hers = app.instance_listening(hold).await;
    let his = app.instance_listening(hold).await;
    let person = app.sign_in_person(PERSON.0, PERSON.1).await;
    write_markers(&app, &person).await;
    let id = dossier(&app, &person).await;
    let claire = app.sign_in_staff(PRO).await;
    let pulse = |on: &axum::Router, cookie: &str, since: i64| {
        let req = call_request(Some(cookie), "pulse", format!("dossier_id={id}&since={since}").into_bytes());
        let on = on.clone();
        async move {
            let r = TestApp::send(&on, req).await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            json(&r.body)
        }
    };
    // Asks again after an answer that brings nothing new, as a page does.
    // Such an answer comes from a wake-up for an earlier change: Claire's
    // own arrival reaches her instance through PostgreSQL, and may do so
    // after her next question has started waiting (seen once, under load).
    let pulse_until = |on: &axum::Router, cookie: &str, since: i64, done: Box<dyn Fn(&serde_json::Value) -> bool>| {
        let (on, cookie) = (on.clone(), cookie.to_owned());
        async move {
            loop {
                let state = pulse(&on, &cookie, since).await;
                if done(&state) {
                    return state;
                }
            }
        }
    };
    // Claire's page once the dossier's revision is no longer `since`.
    let moved_from = |since: i64| Box::new(move |s: &serde_json::Value| s["revision"].as_i64() != Some(since));
    let shared = |cookie: String| {
        let on = his.clone();
        let form = format!("dossier_id={id}").into_bytes();
        async move { TestApp::send(&on, call_request(Some(&cookie), "shared_demande", form)).await.body }
    };
    let within = |started: Instant, what: &str| {
        assert!(started.elapsed() < Duration::from_secs(10), "{what} took {:?}", started.elapsed());
    };

    // Claire opens her dossier on her instance; nobody else is there yet.
    let first = pulse(&his, &claire, -1).await;
    assert_eq!(first["present"], serde_json::json!([]));
    let revision = first["revision"].as_i64().unwrap();
    // While Claire's page waits, she opens her demande on the other one.
    let started = Instant::now();
    let (claire_sees, she_sees) = tokio::join!(
        pulse_until(&his, &claire, revision, Box::new(|s| s["present"] != serde_json::json!([]))),
        after_a_moment(pulse(&hers, &person, -1))
    );
    within(started, "her arrival on Claire's page");
    assert_eq!(she_sees["present"], serde_json::json!(["Claire Martin"]));
    assert_eq!(claire_sees["present"], serde_json::json!(["Amina"]));

    // She saves an answer on her instance: Claire's waiting page hears it.
    let started = Instant::now();
    let save = call_request(Some(&person), "save_answer", b"field=housing.wish&value=AUTRE-INSTANCE&version=0".to_vec());
    let (moved, saved) =
        tokio::join!(pulse_until(&his, &claire, revision, moved_from(revision)), after_a_moment(TestApp::send(&hers, save)));
    within(started, "her save on Claire's page");
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let revision = moved["revision"].as_i64().unwrap();
    assert!(revision > first["revision"].as_i64().unwrap(), "{moved}");
    assert!(shared(claire.clone()).await.contains("AUTRE-INSTANCE"));

    // She withdraws housing from Claire on her instance: Claire's page
    // hears it, and her instance no longer gives it.
    let claire_id = id_of(&app, PRO).await;
    let withdraw = serde_urlencoded::to_string(consent_form(&claire_id, &["money", "family"])).unwrap();
    let started = Instant::now();
    let (moved, withdrawn) = tokio::join!(
        pulse_until(&his, &claire, revision, moved_from(revision)),
        after_a_moment(TestApp::send(&hers, call_request(Some(&person), "save_consents", withdraw.into_bytes())))
    );
    within(started, "her withdrawal on Claire's page");
    assert!(withdrawn.status.is_success(), "{}", withdrawn.body);
    assert!(moved["revision"].as_i64().unwrap() > revision, "{moved}");
    let now_shared = shared(claire).await;
    assert!(!now_shared.contains("AUTRE-INSTANCE") && now_shared.contains("MARK-money.hard"), "{now_shared}");
}

/// Starts `f` once the other side of a `join!` is surely waiting.
async fn after_a_moment<T>(f: impl std::future::Future<Output = T>) -> T {
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    f.await
}

async fn the_animateur_records_an_exception_that_she_reads_and_still_controls(backend: Backend) {
    let app = TestApp::start(backend).await;
    let person = app.sign_in_person(PERSON.0, PERSON.1).await;
    write_markers(&app, &person).await;
    let id = dossier(&app, &person).await;
    let nurse_id = id_of(&app, NURSE).await;
    // She ticks housing for the nurse: outside her mission, so inactive.
    app.call(Some(&person), "save_consents", &consent_form(&nurse_id, &["housing"])).await;
    let head = app.sign_in_staff(HEAD).await;
    let head_id = id_of(&app, HEAD).await;
    let exception = [
        ("dossier_id", id.as_str()),
        ("staff_id", nurse_id.as_str()),
        ("kind", "housing"),
        ("reason", "Le bébé dort dans un logement humide."),
    ];
    // Only the animateur of a validated demande may record one, or follow it live.
    assert_eq!(app.call(Some(&head), "record_exception", &exception).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.call(Some(&head), "pulse", &[("dossier_id", &id), ("since", "-1")]).await.status, StatusCode::NOT_FOUND);
    app.call(Some(&person), "send_demande", &[]).await;
    let r = validate(&app, &head, &id, Some(&head_id)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let claire = app.sign_in_staff(PRO).await;
    assert_eq!(json(&app.call(Some(&claire), "record_exception", &exception).await.body), "Forbidden");
    // No reason, no exception; nor for a kind already in the mission.
    let mut no_reason = exception;
    no_reason[3].1 = "";
    assert_eq!(app.call(Some(&head), "record_exception", &no_reason).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut in_mission = exception;
    in_mission[2].1 = "health";
    assert_eq!(app.call(Some(&head), "record_exception", &in_mission).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app.call(Some(&head), "record_exception", &exception).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(app.call(Some(&head), "pulse", &[("dossier_id", &id), ("since", "-1")]).await.status, StatusCode::OK);
    // The nurse now receives housing, and the person reads why.
    let nurse = app.sign_in_staff(NURSE).await;
    assert!(app.call(Some(&nurse), "shared_demande", &[("dossier_id", &id)]).await.body.contains("MARK-housing.hard"));
    let sharing = json(&app.call(Some(&person), "my_sharing", &[]).await.body);
    let choice = sharing["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["member"]["staff_id"].as_i64() == nurse_id.parse().ok())
        .unwrap()["choices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "Housing")
        .unwrap()
        .clone();
    assert_eq!(choice["reason"], "ConsentedWithException");
    assert_eq!(choice["exception"], "Le bébé dort dans un logement humide.");
    // Her no still wins over the exception.
    app.call(Some(&person), "save_consents", &consent_form(&nurse_id, &[])).await;
    assert!(!app.call(Some(&nurse), "shared_demande", &[("dossier_id", &id)]).await.body.contains("MARK-housing.hard"));
}

/// The table a département may edit starts as the defaults of the rule.
async fn the_stored_mission_perimeters_are_the_defaults_of_the_rule(backend: Backend) {
    use livret_app::domain::role::Function;
    use livret_app::domain::sharing::default_perimeter;
    let app = TestApp::start(backend).await;
    for function in Function::ALL {
        let rows: Vec<(String,)> = sqlx::query_as("SELECT kind FROM mission_perimeters WHERE function = $1 ORDER BY kind")
            .bind(function.as_str())
            .fetch_all(&app.pool)
            .await
            .unwrap();
        let mut stored: Vec<&str> = rows.iter().map(|(k,)| k.as_str()).collect();
        let mut expected: Vec<&str> = default_perimeter(function).iter().map(|k| k.as_str()).collect();
        stored.sort_unstable();
        expected.sort_unstable();
        assert_eq!(stored, expected, "{function:?}");
    }
}

/// A double tap, or two open tabs: each save reads her earlier choices and
/// writes only what changed. Read outside the write, every one of them saw
/// "not shared yet" and wrote its own event.
async fn the_same_choice_sent_many_times_at_once_is_recorded_once(backend: Backend) {
    let app = TestApp::start(backend).await;
    let person = app.sign_in_person(PERSON.0, PERSON.1).await;
    let nurse_id = id_of(&app, NURSE).await;
    let form = serde_urlencoded::to_string(consent_form(&nurse_id, &["health"])).unwrap();
    let mut saves = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let (router, person, form) = (app.router.clone(), person.clone(), form.clone());
        saves.spawn(async move { TestApp::send(&router, call_request(Some(&person), "save_consents", form.into_bytes())).await });
    }
    while let Some(reply) = saves.join_next().await {
        let reply = reply.unwrap();
        assert!(reply.status.is_success(), "{}", reply.body);
    }
    let (events,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM consent_events WHERE staff_id = $1 AND kind = 'health'")
        .bind(nurse_id.parse::<i64>().unwrap())
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(events, 1, "one yes, one event");
}

async fn an_administrator_narrows_a_mission_and_it_applies_at_once(backend: Backend) {
    let app = TestApp::start(backend).await;
    let person = app.sign_in_person(PERSON.0, PERSON.1).await;
    write_markers(&app, &person).await;
    let id = dossier(&app, &person).await;
    let nurse = app.sign_in_staff(NURSE).await;
    let nurse_id = id_of(&app, NURSE).await;
    app.call(Some(&person), "save_consents", &consent_form(&nurse_id, &["health", "family"])).await;
    assert!(app.call(Some(&nurse), "shared_demande", &[("dossier_id", &id)]).await.body.contains("MARK-health.hard"));

    let admin = app.sign_in_staff(ADMIN).await;
    let listed = json(&app.call(Some(&admin), "list_perimeters", &[]).await.body);
    let nurse_row =
        |list: &serde_json::Value| list.as_array().unwrap().iter().find(|p| p["function"] == "PmiNurse").cloned().unwrap();
    assert_eq!(nurse_row(&listed)["kinds"], serde_json::json!(["Health", "Family", "Violence"]));
    assert_eq!(nurse_row(&listed)["last_change"], serde_json::Value::Null);
    assert!(!listed.to_string().contains("MdsHead"), "a head sees by the demande sent to her, never by function");

    // Health leaves the nurse's mission: the very next read hides it.
    let r = app.call(Some(&admin), "save_perimeter", &[("function", "pmi_nurse"), ("family", "on")]).await;
    assert!(r.status.is_success(), "{}", r.body);
    let r = app.call(Some(&nurse), "shared_demande", &[("dossier_id", &id)]).await;
    assert!(!r.body.contains("MARK-health.hard") && r.body.contains("MARK-family.hard"), "{}", r.body);
    assert!(json(&r.body)["hidden"].as_array().unwrap().iter().any(|h| h["kind"] == "Health" && h["reason"] == "OutsideMission"));
    // Her yes is kept: it counts again if the mission is widened back.
    app.call(Some(&admin), "save_perimeter", &[("function", "pmi_nurse"), ("health", "on"), ("family", "on")]).await;
    assert!(app.call(Some(&nurse), "shared_demande", &[("dossier_id", &id)]).await.body.contains("MARK-health.hard"));

    // Every change is kept, with who made it.
    let listed = json(&app.call(Some(&admin), "list_perimeters", &[]).await.body);
    assert!(nurse_row(&listed)["last_change"].as_str().unwrap().starts_with("Administration Livret, "), "{listed}");
    let changes: Vec<(String, String)> =
        sqlx::query_as("SELECT function, kinds FROM perimeter_changes ORDER BY id").fetch_all(&app.pool).await.unwrap();
    assert_eq!(changes, [("pmi_nurse".to_owned(), "family".to_owned()), ("pmi_nurse".to_owned(), "health,family".to_owned())]);

    for function in ["mds_head", "nope"] {
        let r = app.call(Some(&admin), "save_perimeter", &[("function", function), ("health", "on")]).await;
        assert_eq!(
            json(&r.body),
            serde_json::json!({"Invalid": {"field": "Function", "problem": "UnknownChoice"}}),
            "{function}"
        );
    }
}
