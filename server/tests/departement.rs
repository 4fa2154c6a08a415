//! A small département, seeded by the seed command's own code on a fresh
//! database: the counts are those asked for, and a seeded person, a
//! professional and a head sign in through the router and find their
//! dossiers.

mod common;

use axum::http::StatusCode;
use common::*;
use livret_server::db;
use livret_server::departement::{self, Fate, Size};

const SMALL: Size = Size { mds: 2, pros: 10, persons: 30 };

async fn seeded_departement(backend: Backend) {
    let url = fresh_database(&backend).await;
    let seeding = departement::connect_for_seeding(&url, 4).await.expect("database opens");
    assert!(!departement::accounts_exist(&seeding).await.unwrap());
    let report = departement::seed(&seeding, SMALL, departement::workers_for(&url), |_| {}).await.expect("the seed runs");
    assert!(departement::accounts_exist(&seeding).await.unwrap(), "a second seed would be refused");
    seeding.close().await;

    let fates: Vec<Fate> = (1..=SMALL.persons).map(Fate::of).collect();
    let n = |f: Fate| fates.iter().filter(|x| **x == f).count() as i64;
    let state = |s: &str| report.states.iter().find(|(x, _)| x == s).map_or(0, |(_, n)| *n);
    assert_eq!((report.mds, report.heads, report.professionals, report.persons), (2, 2, 10, 30), "{report}");
    assert_eq!(report.dossiers, 30, "{report}");
    assert_eq!(state("draft"), n(Fate::Draft), "{report}");
    assert_eq!(state("sent"), n(Fate::Sent), "{report}");
    assert_eq!(state("more_info_asked"), n(Fate::MoreInfo), "{report}");
    assert_eq!(state("not_validated"), n(Fate::Refused), "{report}");
    assert_eq!(state("validated"), n(Fate::Validated) + n(Fate::Livret), "{report}");
    assert!(n(Fate::Livret) > 0 && n(Fate::Refused) > 0, "30 persons meet every fate");
    // Her équipe: 2 to 5 professionals of her MDS (5 each here), and the
    // head who animates once validated.
    let animated = n(Fate::Validated) + n(Fate::Livret);
    assert!((60 + animated..=150 + animated).contains(&report.members), "{report}");
    assert!(report.answers >= 60 && report.history == report.answers, "{report}");
    assert!(report.consent_events > 30 && report.journal > 30, "{report}");
    assert_eq!((report.meetings, report.livret_versions), (n(Fate::Livret), n(Fate::Livret)), "{report}");

    let pool = db::connect(&url).await.expect("database opens");
    let app = App { router: TestApp::instance_on(pool) };

    // A person whose demande is validated, with a livret.
    let her_n = (1..=SMALL.persons).find(|n| Fate::of(*n) == Fate::Livret).unwrap();
    let her = app.sign_in_person(&departement::person_identifier(her_n), departement::PERSON_SECRET).await;
    let mine = json(&app.call(Some(&her), "my_demande", &[]).await.body);
    assert_eq!(mine["state"], "Validated", "{mine}");
    assert!(mine["answers"].as_array().unwrap().iter().any(|a| a["field"] == "housing.hard"), "{mine}");
    let livret = app.call(Some(&her), "my_livret", &[]).await;
    assert_eq!(livret.status, StatusCode::OK, "{}", livret.body);
    let home = app.get(Some(&her), "/").await;
    assert_eq!(home.status, StatusCode::OK);

    // A professional follows some of them; the head has her queue.
    let pro = app.sign_in_staff(&departement::pro_email(1)).await;
    let followed = json(&app.call(Some(&pro), "my_dossiers", &[]).await.body);
    let first = followed.as_array().expect("a list").first().unwrap_or_else(|| panic!("pro-0001 follows someone: {followed}"));
    let page = app.get(Some(&pro), &format!("/dossier/{}", first["dossier_id"])).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let head = app.sign_in_staff(&departement::head_email(1)).await;
    let queue = json(&app.call(Some(&head), "review_queue", &[]).await.body);
    assert!(!queue.as_array().unwrap().is_empty(), "sent demandes wait in MDS 1: {queue}");
    let r = app.call(None, "sign_in_person", &[("identifier", &departement::person_identifier(1)), ("secret", "000000")]).await;
    assert_ne!(r.status, StatusCode::OK, "a wrong secret is refused");
}

/// The application on the seeded database (`TestApp` starts on the demo
/// data): the same requests as its helpers.
struct App {
    router: axum::Router,
}

impl App {
    async fn call(&self, cookie: Option<&str>, endpoint: &str, form: &[(&str, &str)]) -> Reply {
        let body = serde_urlencoded::to_string(form).expect("form encodes");
        TestApp::send(&self.router, call_request(cookie, endpoint, body.into_bytes())).await
    }

    async fn get(&self, cookie: Option<&str>, path: &str) -> Reply {
        let mut req = axum::http::Request::get(path).header(axum::http::header::ACCEPT, "text/html");
        if let Some(c) = cookie {
            req = req.header(axum::http::header::COOKIE, c);
        }
        TestApp::send(&self.router, req.body(axum::body::Body::empty()).expect("request")).await
    }

    async fn sign_in(&self, endpoint: &str, form: &[(&str, &str)]) -> String {
        let r = self.call(None, endpoint, form).await;
        assert_eq!(r.status, StatusCode::OK, "{form:?} signs in: {}", r.body);
        r.cookie.expect("a session cookie")
    }

    async fn sign_in_person(&self, identifier: &str, secret: &str) -> String {
        self.sign_in("sign_in_person", &[("identifier", identifier), ("secret", secret)]).await
    }

    async fn sign_in_staff(&self, email: &str) -> String {
        self.sign_in("sign_in_professional", &[("email", email), ("password", departement::STAFF_PASSWORD)]).await
    }
}

on_both_databases!(seeded_departement);
