//! No request holds a database connection while it waits for another.

mod common;

use common::*;

/// Under load every connection of the pool can be taken at once: a request
/// that holds one while it waits for a second then waits until the pool's
/// timeout, and so do all the others (her home: 62 requests a second and
/// timeouts at 200 clients on the seeded département, 1 000 for persons
/// without a meeting). On a pool of one connection such a request cannot
/// finish: every hot path of every kind of person, professional and head of
/// a small seeded département must answer here.
#[tokio::test]
async fn no_request_holds_a_connection_while_it_waits_for_another() {
    use livret_server::departement::{self, Fate, Size};
    let url = fresh_database(&Backend::Sqlite).await;
    let seeding = departement::connect_for_seeding(&url, 4).await.expect("database opens");
    departement::seed(&seeding, Size { mds: 1, pros: 8, persons: 20 }, 1, |_| {}).await.expect("the seed runs");
    seeding.close().await;
    let one = livret_server::db::connect_with(&url, 1, std::time::Duration::from_secs(3)).await.expect("a pool of one");
    let app = TestApp { router: TestApp::instance_on(one.clone()), pool: one.clone(), url };
    let head = app.sign_in_staff(&departement::head_email(1)).await;
    let mut stuck = Vec::new();
    // One person of each fate, her pages, and the first member of her équipe's.
    for fate in [Fate::Draft, Fate::Sent, Fate::MoreInfo, Fate::Refused, Fate::Validated, Fate::Livret] {
        let n = (1..=20).find(|n| Fate::of(*n) == fate).expect("each fate among 20 persons");
        let person = app.sign_in_person(&departement::person_identifier(n), departement::PERSON_SECRET).await;
        let (dossier, staff): (i64, String) = sqlx::query_as(
            "SELECT d.id, s.email FROM dossiers d JOIN accounts a ON a.id = d.person_id
             JOIN dossier_members m ON m.dossier_id = d.id JOIN accounts s ON s.id = m.staff_id
             WHERE a.identifier = $1 ORDER BY m.since, s.id LIMIT 1",
        )
        .bind(departement::person_identifier(n))
        .fetch_one(&one)
        .await
        .expect("her dossier and équipe");
        let pro = app.sign_in_staff(&staff).await;
        let mut pages = vec![(&person, "/".to_owned()), (&person, "/demande/2".to_owned()), (&person, "/partage".to_owned())];
        pages.extend([(&person, "/qui-voit-quoi".to_owned()), (&person, "/qui-a-regarde".to_owned())]);
        pages.extend([(&person, "/ma-reunion".to_owned()), (&person, "/mon-livret".to_owned()), (&pro, "/pro".to_owned())]);
        pages.extend([(&pro, format!("/dossier/{dossier}")), (&pro, format!("/dossier/{dossier}/livret"))]);
        pages.extend([(&head, "/pro".to_owned()), (&head, format!("/revue/{dossier}"))]);
        for (who, path) in pages {
            let started = std::time::Instant::now();
            let req = axum::http::Request::get(path.as_str()).header(axum::http::header::COOKIE, who.as_str());
            let r = TestApp::send(&app.router, req.body(axum::body::Body::empty()).expect("request")).await;
            let took = started.elapsed();
            // A page shows a database error in its body, with status 200.
            if took >= std::time::Duration::from_secs(3) || r.body.contains("ne marche pas pour le moment") {
                stuck.push(format!("{fate:?} {path}: {took:?}"));
            }
        }
    }
    assert!(stuck.is_empty(), "requests that waited for a second connection: {stuck:#?}");
}
