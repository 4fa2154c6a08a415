//! The équipe parcours et projet meeting (issue 14), on both databases:
//! what is refused (and leaves nothing behind), who may be suggested and
//! recorded as référent, what leaves through the meeting and its e-mails,
//! her journal, the meeting's stages, and plain French for her actions.

mod common;

use axum::http::StatusCode;
use common::meeting::*;
use common::*;
use livret_app::accounts::ssr::{NewStaff, insert_mds};
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
    a_member_she_removed_before_the_date_is_neither_mailed_nor_listed,
    the_projected_screen_shows_an_area_only_if_everyone_in_the_room_may_read_it,
    her_priorities_are_counted_among_what_each_may_read_and_go_with_a_closed_area,
);

const LANDLORD: &str = "paul.garnier@habitat.demo";

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
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    // Only "yes" or "no": anything else changes nothing (it once closed the area).
    set_topic(&app, &amina, &meeting, "housing", "yes").await;
    let r = app.call(Some(&amina), "set_topic", &[("meeting_id", &meeting), ("kind", "housing"), ("open", "oui")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM meeting_topics WHERE kind = 'housing' AND open = 1").await, 1);
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

async fn attendance(app: &TestApp, head: &str, meeting: &str, account: i64, value: &str) {
    let r = app
        .call(
            Some(head),
            "set_attendance",
            &[("meeting_id", meeting), ("account_id", &account.to_string()), ("attendance", value)],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{account} {value}: {}", r.body);
}

/// The kinds of the topics in a view, with the priority each is shown with.
fn topics(v: &Value) -> Vec<(String, Option<i64>)> {
    v["topics"]
        .as_array()
        .unwrap_or_else(|| panic!("topics: {v}"))
        .iter()
        .map(|t| (t["kind"].as_str().unwrap().to_owned(), t["priority"].as_i64()))
        .collect()
}

/// Scenario 9: She removes Karim from her équipe after the dates were proposed
/// and before the animateur chooses one: he gets no invitation e-mail (at
/// the choice, nor when newcomers are invited), no screen of the meeting
/// lists him, and the meeting is no longer his to open.
async fn a_member_she_removed_before_the_date_is_neither_mailed_nor_listed(backend: Backend) {
    let app = TestApp::start(backend).await;
    let Ready { amina, head, dossier: id } = validated(&app).await;
    let meeting = propose(&app, &head, &id).await;
    let karim = app.sign_in_staff(CAF).await;
    let karim_id = id_of(&app, CAF).await;
    // He was invited, and answered.
    let r = app.call(Some(&karim), "answer_dates", &[("meeting_id", &meeting), ("slot0", "yes")]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(count(&app, &format!("SELECT COUNT(*) FROM meeting_invitees WHERE account_id = {karim_id}")).await, 1);

    let r = app.call(Some(&amina), "remove_member", &[("staff_id", &karim_id.to_string())]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app.call(Some(&head), "choose_date", &[("meeting_id", &meeting), ("slot", "0")]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    // The invitations: the professionals still in her équipe, not him.
    let mails: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT recipient_id, address, body FROM mail_outbox ORDER BY id").fetch_all(&app.pool).await.unwrap();
    let mut addresses: Vec<&str> = mails.iter().map(|(_, a, _)| a.as_str()).collect();
    addresses.sort_unstable();
    assert_eq!(addresses, [PRO, HEAD, NURSE], "{mails:?}");
    assert!(mails.iter().all(|(to, _, _)| *to != karim_id), "{mails:?}");
    // Nor is his function among those the e-mail says are invited.
    let caf = livret_app::domain::role::Function::CafAdviser.label();
    for (_, address, body) in &mails {
        assert!(!body.contains(caf), "the e-mail to {address} names the CAF: {body}");
    }

    // Nobody's screen lists him; the meeting is not his to open any more.
    let claire = app.sign_in_staff(PRO).await;
    let nadia = app.sign_in_staff(NURSE).await;
    let screens = |when: &'static str| {
        let (app, meeting, karim) = (&app, meeting.clone(), karim.clone());
        let (amina, head, claire, nadia) = (amina.clone(), head.clone(), claire.clone(), nadia.clone());
        async move {
            for (who, cookie) in [("her", &amina), ("the animateur", &head), ("Claire", &claire), ("Nadia", &nadia)] {
                let body = view(app, cookie, &meeting).await.body;
                let v = json(&body);
                assert!(!v["guests"].as_array().unwrap().iter().any(|g| g["account_id"] == karim_id), "{when}, {who}: {v}");
                assert!(!body.contains("Karim") && !body.contains("Haddad"), "{when}, {who}: {body}");
            }
            let mine = app.call(Some(&amina), "my_meeting", &[]).await.body;
            assert!(!mine.contains("Karim"), "{when}, my_meeting: {mine}");
            let r = app.call(Some(&karim), "meeting", &[("meeting_id", &meeting)]).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{when}, his own call: {}", r.body);
            let lists = app.call(Some(&karim), "my_meetings", &[]).await.body;
            assert!(!lists.contains(&format!("\"meeting_id\":{meeting}")), "{when}, his lists: {lists}");
        }
    };
    screens("scheduled").await;

    // A newcomer she adds is invited and mailed; Karim still is not.
    let paul_id = id_of(&app, LANDLORD).await;
    let r = app.call(Some(&amina), "add_member", &[("staff_id", &paul_id.to_string())]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app.call(Some(&head), "invite_new_members", &[("meeting_id", &meeting)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(count(&app, &format!("SELECT COUNT(*) FROM mail_outbox WHERE recipient_id = {paul_id}")).await, 1);
    assert_eq!(count(&app, &format!("SELECT COUNT(*) FROM mail_outbox WHERE recipient_id = {karim_id}")).await, 0);
    let r = app.call(Some(&head), "start_meeting", &[("meeting_id", &meeting)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    screens("running").await;
    // Nor does he answer or write anything.
    let r = app.call(Some(&karim), "answer_dates", &[("meeting_id", &meeting), ("slot0", "no")]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
}

/// Scenario 10: The animateur's screen is the one projected in the room: it
/// shows a life area (her answers, the notes, the objectives) only if
/// every guest not marked absent or excused may read it, and the
/// animateur herself.
///
/// By the policy (`domain::access`), the head animating is a member of her
/// équipe from the validation, and reads as a member: only what she
/// shares with her (santé and violences never). Here she shares money with
/// the head, Claire (the demo) and Karim; housing with Claire (the demo),
/// and with the head only late in the meeting. Nadia (PMI) reads neither.
async fn the_projected_screen_shows_an_area_only_if_everyone_in_the_room_may_read_it(backend: Backend) {
    const HOUSING: &str = "MARK-ROOM-HOUSING-6021";
    const MONEY: &str = "MARK-ROOM-MONEY-6022";
    const NOTE: &str = "MARK-ROOM-NOTE-6023";
    const OBJECTIVE: &str = "MARK-ROOM-OBJECTIVE-6024";
    let app = TestApp::start(backend).await;
    let amina = app.sign_in_person(PERSON.0, PERSON.1).await;
    write(&app, &amina, "housing.hard", HOUSING).await;
    write(&app, &amina, "money.hard", MONEY).await;
    let head = app.sign_in_staff(HEAD).await;
    let head_id = id_of(&app, HEAD).await;
    let id = send_and_validate(&app, &amina, &head, &head_id.to_string()).await;
    let (karim_id, nadia_id) = (id_of(&app, CAF).await, id_of(&app, NURSE).await);
    consents(&app, &amina, karim_id, &["money"]).await;
    consents(&app, &amina, head_id, &["money"]).await;
    let meeting = propose(&app, &head, &id).await;
    set_topic(&app, &amina, &meeting, "housing", "yes").await;
    set_topic(&app, &amina, &meeting, "money", "yes").await;
    choose_and_start(&app, &head, &meeting).await;
    let (claire, karim, nadia) = (app.sign_in_staff(PRO).await, app.sign_in_staff(CAF).await, app.sign_in_staff(NURSE).await);
    let r = app
        .call(Some(&claire), "add_note", &[("meeting_id", &meeting), ("kind", "housing"), ("what", "need"), ("body", NOTE)])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app.call(Some(&karim), "add_objective", &[("meeting_id", &meeting), ("kind", "money"), ("body", OBJECTIVE)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    // What each reads on his own screen: what she lets him read.
    let shows = |body: &str| [HOUSING, MONEY, NOTE, OBJECTIVE].map(|m| body.contains(m));
    let body = view(&app, &claire, &meeting).await.body;
    assert_eq!(shows(&body), [true, true, true, true], "Claire: {body}");
    let body = view(&app, &karim, &meeting).await.body;
    assert_eq!(shows(&body), [false, true, false, true], "Karim: {body}");
    let body = view(&app, &nadia, &meeting).await.body;
    assert_eq!(shows(&body), [false, false, false, false], "Nadia: {body}");
    let mine = app.call(Some(&amina), "my_meeting", &[]).await.body;
    assert_eq!(shows(&mine), [true, true, true, true], "her: {mine}");

    // The room: everyone present. Nadia may not read money, Karim and
    // Nadia may not read housing (nor may the head): nothing shown.
    let projected = || async { view(&app, &head, &meeting).await.body };
    let body = projected().await;
    assert_eq!(json(&body)["i_animate"], true);
    assert_eq!(shows(&body), [false, false, false, false], "everyone there: {body}");
    assert!(topics(&json(&body)).is_empty(), "{body}");

    // Nadia excused: money is read by all who are there.
    attendance(&app, &head, &meeting, nadia_id, "excused").await;
    let body = projected().await;
    assert_eq!(shows(&body), [false, true, false, true], "Nadia excused: {body}");
    assert_eq!(topics(&json(&body)), vec![("Money".to_owned(), None)], "{body}");
    // Present again: money leaves the screen.
    attendance(&app, &head, &meeting, nadia_id, "present").await;
    assert_eq!(shows(&projected().await), [false, false, false, false], "Nadia back");
    attendance(&app, &head, &meeting, nadia_id, "absent").await;

    // Karim absent too: housing is read by all who are there but the head
    // herself, who may not read it (she has not shared it with her): it
    // stays off the screen.
    attendance(&app, &head, &meeting, karim_id, "absent").await;
    let body = projected().await;
    assert_eq!(shows(&body), [false, true, false, true], "Karim absent, the head without housing: {body}");
    let read_housing = |lines: &[(String, String, Vec<String>)]| {
        lines.iter().any(|(who, exit, kinds)| who == "Hélène Roux" && exit == "Meeting" && kinds.contains(&"Housing".to_owned()))
    };
    assert!(!read_housing(&journal(&app, &amina).await), "the animateur read no housing");

    // She shares housing with the head: with Karim and Nadia away, the room
    // sees housing, and her journal says the head read it at the meeting.
    consents(&app, &amina, head_id, &["money", "housing"]).await;
    let body = projected().await;
    assert_eq!(shows(&body), [true, true, true, true], "Karim and Nadia away, housing shared with the head: {body}");
    assert!(read_housing(&journal(&app, &amina).await), "{:?}", journal(&app, &amina).await);

    // Karim comes in: housing leaves the screen again, money stays.
    attendance(&app, &head, &meeting, karim_id, "present").await;
    let body = projected().await;
    assert_eq!(shows(&body), [false, true, false, true], "Karim present: {body}");
    assert_eq!(topics(&json(&body)), vec![("Money".to_owned(), None)], "{body}");
    // Excused counts as away, like absent.
    attendance(&app, &head, &meeting, karim_id, "excused").await;
    assert_eq!(shows(&projected().await), [true, true, true, true], "Karim excused");
    // Her own screen, and Claire's, never depended on who is in the room.
    attendance(&app, &head, &meeting, karim_id, "present").await;
    assert_eq!(shows(&view(&app, &claire, &meeting).await.body), [true, true, true, true], "Claire");
    assert_eq!(shows(&app.call(Some(&amina), "my_meeting", &[]).await.body), [true, true, true, true], "her");
}

/// Scenario 11: Her priorities, as each receives them, are counted among the
/// areas he may read (a gap would tell him a higher one exists); an area
/// she closes leaves her ranking.
async fn her_priorities_are_counted_among_what_each_may_read_and_go_with_a_closed_area(backend: Backend) {
    let app = TestApp::start(backend).await;
    let amina = app.sign_in_person(PERSON.0, PERSON.1).await;
    write(&app, &amina, "health.hard", "J'ai mal au dos.").await;
    write(&app, &amina, "money.hard", "Les dettes.").await;
    let head = app.sign_in_staff(HEAD).await;
    let head_id = id_of(&app, HEAD).await.to_string();
    let id = send_and_validate(&app, &amina, &head, &head_id).await;
    consents(&app, &amina, id_of(&app, NURSE).await, &["health"]).await;
    let meeting = propose(&app, &head, &id).await;
    set_topic(&app, &amina, &meeting, "health", "yes").await;
    set_topic(&app, &amina, &meeting, "money", "yes").await;
    for kind in ["health", "money"] {
        let r = app.call(Some(&amina), "tap_priority", &[("meeting_id", &meeting), ("kind", kind)]).await;
        assert_eq!(r.status, StatusCode::OK, "{kind}: {}", r.body);
    }
    let (claire, nadia) = (app.sign_in_staff(PRO).await, app.sign_in_staff(NURSE).await);
    let mine = || async { json(&app.call(Some(&amina), "my_meeting", &[]).await.body) };
    let seen_by = |cookie: String| {
        let (app, meeting) = (&app, meeting.clone());
        async move { topics(&json(&view(app, &cookie, &meeting).await.body)) }
    };

    // Hers: santé 1, money 2.
    assert_eq!(topics(&mine().await), vec![("Health".to_owned(), Some(1)), ("Money".to_owned(), Some(2))]);
    // Claire may not read santé (outside a social worker's mission): money is her first.
    assert_eq!(seen_by(claire.clone()).await, vec![("Money".to_owned(), Some(1))], "Claire");
    // Nadia reads santé only.
    assert_eq!(seen_by(nadia.clone()).await, vec![("Health".to_owned(), Some(1))], "Nadia");
    // The same while the meeting runs.
    choose_and_start(&app, &head, &meeting).await;
    assert_eq!(seen_by(claire.clone()).await, vec![("Money".to_owned(), Some(1))], "Claire, running");

    // She closes santé: its priority goes, money is now her first.
    set_topic(&app, &amina, &meeting, "health", "no").await;
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM meeting_topics WHERE kind = 'health' AND priority IS NOT NULL").await,
        0,
        "a closed area keeps no priority"
    );
    assert_eq!(topics(&mine().await), vec![("Money".to_owned(), Some(1)), ("Health".to_owned(), None)]);
    assert_eq!(seen_by(claire.clone()).await, vec![("Money".to_owned(), Some(1))], "Claire");
    assert!(seen_by(nadia.clone()).await.is_empty(), "Nadia: santé closed");
    // Opened again, it comes back unranked, until she ranks it again (last).
    set_topic(&app, &amina, &meeting, "health", "yes").await;
    assert_eq!(topics(&mine().await), vec![("Money".to_owned(), Some(1)), ("Health".to_owned(), None)]);
    assert_eq!(seen_by(nadia.clone()).await, vec![("Health".to_owned(), None)], "Nadia: santé open, unranked");
    let r = app.call(Some(&amina), "tap_priority", &[("meeting_id", &meeting), ("kind", "health")]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(topics(&mine().await), vec![("Money".to_owned(), Some(1)), ("Health".to_owned(), Some(2))]);
    assert_eq!(seen_by(nadia).await, vec![("Health".to_owned(), Some(1))], "Nadia: her second, his first");
    assert_eq!(seen_by(claire).await, vec![("Money".to_owned(), Some(1))], "Claire");
}
