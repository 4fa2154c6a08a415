//! Accounts, sign-in, sessions and role checks, through HTTP on the real
//! application, on SQLite and on PostgreSQL.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::Value;

on_both_databases!(
    a_person_signs_in_with_her_access_code_then_with_her_secret,
    an_access_code_works_once_and_a_new_sheet_cancels_the_old_one,
    a_wrong_secret_gets_the_same_answer_as_an_unknown_account,
    five_failures_lock_the_sign_in_for_fifteen_minutes,
    every_server_function_refuses_the_wrong_role,
    bad_input_is_refused_clearly_or_stored_intact,
    signing_out_everywhere_ends_every_session,
    a_session_works_on_every_server_instance,
    a_plain_form_post_without_javascript_redirects_with_the_error,
    a_cross_site_post_is_refused,
    pages_are_rendered_for_the_signed_in_role,
    an_administrator_opens_a_professional_account,
    an_account_is_opened_whole_or_not_at_all,
    a_database_error_is_mapped_by_its_kind,
    a_sheet_made_without_javascript_never_sits_in_clear_in_the_session,
);

async fn a_person_signs_in_with_her_access_code_then_with_her_secret(backend: Backend) {
    let app = TestApp::start(backend).await;
    let pro = app.sign_in_staff(PRO).await;
    let sheet = json(&app.call(Some(&pro), "create_person_account", &[("name", "Fatou Diallo")]).await.body);
    let login = sheet["login"].as_str().expect("login").to_owned();
    let code = sheet["code"].as_str().expect("code").to_owned();
    assert!(login.starts_with("fatoudiallo-"), "{login}");
    assert_eq!(code.len(), 14, "grouped code {code}");
    assert_eq!(sheet["site"], "http://livret.test");

    let first = app
        .call(
            None,
            "first_sign_in",
            &[
                ("identifier", &login),
                ("code", &code.to_lowercase()),
                ("secret", "soleil du matin"),
                ("secret_again", "soleil du matin"),
            ],
        )
        .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let cookie = first.cookie.expect("signed in after choosing her secret");
    let reply = app.call(Some(&cookie), "current_user", &[]).await;
    assert_eq!(reply.cache_control.as_deref(), Some("no-store"), "her information is never cached");
    let me = json(&reply.body);
    assert_eq!(me["role"], "Person");
    assert_eq!(me["display_name"], "Fatou Diallo");
    assert_eq!(me["created_by"], "Claire Martin, Assistante de service social");

    let out = app.call(Some(&cookie), "sign_out", &[]).await;
    assert_eq!(out.status, StatusCode::OK);
    assert_eq!(json(&app.call(Some(&cookie), "current_user", &[]).await.body), Value::Null);

    let again = app.sign_in_person(&login, "soleil du matin").await;
    assert_eq!(json(&app.call(Some(&again), "current_user", &[]).await.body)["display_name"], "Fatou Diallo");
}

async fn an_access_code_works_once_and_a_new_sheet_cancels_the_old_one(backend: Backend) {
    let app = TestApp::start(backend).await;
    let pro = app.sign_in_staff(PRO).await;
    let sheet = json(&app.call(Some(&pro), "create_person_account", &[("name", "Léa")]).await.body);
    let (login, code) = (sheet["login"].as_str().unwrap().to_owned(), sheet["code"].as_str().unwrap().to_owned());
    let persons = json(&app.call(Some(&pro), "list_my_persons", &[]).await.body);
    let id =
        persons.as_array().unwrap().iter().find(|p| p["identifier"] == login.as_str()).expect("listed")["id"].as_i64().unwrap();
    assert_eq!(persons.as_array().unwrap().iter().find(|p| p["id"] == id).unwrap()["has_secret"], false);

    let renewed = json(&app.call(Some(&pro), "reissue_access_code", &[("account_id", &id.to_string())]).await.body);
    let new_code = renewed["Ready"]["code"].as_str().unwrap().to_owned();
    assert_ne!(new_code, code);
    let form = |c: &str| {
        vec![
            ("identifier", login.clone()),
            ("code", c.to_owned()),
            ("secret", "724193".into()),
            ("secret_again", "724193".into()),
        ]
    };
    let call = |c: &str| {
        let f = form(c);
        let app = &app;
        async move {
            let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call(None, "first_sign_in", &pairs).await
        }
    };
    let old = call(&code).await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    assert_eq!(json(&old.body), "CodeRefused");
    assert_eq!(call(&new_code).await.status, StatusCode::OK);
    let reused = call(&new_code).await;
    assert_eq!(json(&reused.body), "CodeRefused", "a code works once");
    let persons = json(&app.call(Some(&pro), "list_my_persons", &[]).await.body);
    assert_eq!(persons.as_array().unwrap().iter().find(|p| p["id"] == id).unwrap()["has_secret"], true);
}

async fn a_wrong_secret_gets_the_same_answer_as_an_unknown_account(backend: Backend) {
    let app = TestApp::start(backend).await;
    let wrong = app.call(None, "sign_in_person", &[("identifier", PERSON.0), ("secret", "999999x")]).await;
    let unknown = app.call(None, "sign_in_person", &[("identifier", "personne-0000"), ("secret", "999999x")]).await;
    assert_eq!((wrong.status, wrong.body.clone()), (unknown.status, unknown.body.clone()));
    assert_eq!(json(&wrong.body), "WrongCredentials");
    let pro = app.call(None, "sign_in_professional", &[("email", PRO), ("password", "pas le bon mot de passe")]).await;
    let nobody =
        app.call(None, "sign_in_professional", &[("email", "nobody@nowhere.fr"), ("password", "pas le bon mot de passe")]).await;
    assert_eq!((pro.status, pro.body), (nobody.status, nobody.body));
    // A person cannot use the professionals' door, nor the other way round.
    let crossed = app.call(None, "sign_in_person", &[("identifier", PRO), ("secret", "livret-demo-2026")]).await;
    assert_eq!(json(&crossed.body), "WrongCredentials");
}

async fn five_failures_lock_the_sign_in_for_fifteen_minutes(backend: Backend) {
    let app = TestApp::start(backend).await;
    for _ in 0..4 {
        let r = app.call(None, "sign_in_person", &[("identifier", PERSON.0), ("secret", "111112")]).await;
        assert_eq!(json(&r.body), "WrongCredentials");
    }
    let fifth = app.call(None, "sign_in_person", &[("identifier", PERSON.0), ("secret", "111112")]).await;
    assert_eq!(fifth.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(json(&fifth.body), serde_json::json!({"Locked": {"minutes": 15}}));
    let right = app.call(None, "sign_in_person", &[("identifier", PERSON.0), ("secret", PERSON.1)]).await;
    assert_eq!(right.status, StatusCode::TOO_MANY_REQUESTS, "locked even with the right secret");
    assert!(right.cookie.is_none());
    // Another person is not affected.
    app.sign_in_person("jean-7302", "mon chat roux").await;
    // While locked, the cleanup keeps the lock; once it is over, it goes.
    use livret_app::auth::ssr::throttle::{LOCK_SECS, delete_stale};
    assert_eq!(delete_stale(&app.pool, now()).await.unwrap(), 0);
    assert_eq!(delete_stale(&app.pool, now() + LOCK_SECS + 1).await.unwrap(), 1);
    app.sign_in_person(PERSON.0, PERSON.1).await;
}

async fn every_server_function_refuses_the_wrong_role(backend: Backend) {
    let app = TestApp::start(backend).await;
    let roles = [
        ("anonymous", None),
        ("person", Some(app.sign_in_person(PERSON.0, PERSON.1).await)),
        ("professional", Some(app.sign_in_staff(PRO).await)),
        ("head", Some(app.sign_in_staff(HEAD).await)),
        ("admin", Some(app.sign_in_staff(ADMIN).await)),
    ];
    let staff_form: &[(&str, &str)] = &[
        ("name", "Nouvelle Pro"),
        ("email", "nouvelle@pro.demo"),
        ("rank", "professional"),
        ("function", "ccas_worker"),
        ("institution", "CCAS (Centre communal d'action sociale)"),
        ("mission", "m'aide"),
        ("mds", "1"),
    ];
    // (server function, arguments, roles allowed)
    type Row<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a [&'a str]);
    let table: &[Row] = &[
        ("create_person_account", &[("name", "Test")], &["professional", "head"]),
        ("list_my_persons", &[], &["professional", "head"]),
        ("create_staff_account", staff_form, &["admin"]),
        ("list_staff", &[], &["admin"]),
        ("list_mds", &[], &["admin"]),
        ("list_perimeters", &[], &["admin"]),
        ("save_perimeter", &[("function", "pmi_nurse"), ("health", "on"), ("family", "on")], &["admin"]),
        ("my_demande", &[], &["person"]),
        ("my_step", &[("index", "0")], &["person"]),
        ("save_answer", &[("field", "situation"), ("value", "Ma vie."), ("version", "0")], &["person"]),
        (
            "save_step",
            &[("step", "1"), ("fields", "housing.hard,housing.wish,housing.strength,housing.block"), ("a0", "Mon logement.")],
            &["person"],
        ),
        ("send_demande", &[], &["person"]),
        ("review_queue", &[], &["head"]),
        ("review_demande", &[("dossier_id", "1")], &["head"]),
        ("decide_demande", &[("dossier_id", "1"), ("decision", "more_info"), ("message", "Qui vit avec vous ?")], &["head"]),
        ("my_sharing", &[], &["person"]),
        ("my_journal", &[], &["person"]),
        ("my_history", &[], &["person"]),
        ("my_dossiers", &[], &["professional", "head"]),
        ("list_animateurs", &[], &["head"]),
        ("sign_out_everywhere", &[], &["person", "professional", "head", "admin"]),
    ];
    for (endpoint, args, allowed) in table {
        for (role, cookie) in &roles {
            // sign_out_everywhere ends the session: test it on a fresh one.
            let fresh;
            let cookie = match (*endpoint, *role) {
                ("sign_out_everywhere", "person") => {
                    fresh = app.sign_in_person(PERSON.0, PERSON.1).await;
                    Some(&fresh)
                }
                ("sign_out_everywhere", "anonymous") => None,
                ("sign_out_everywhere", _) => {
                    let email = match *role {
                        "professional" => PRO,
                        "head" => HEAD,
                        _ => ADMIN,
                    };
                    fresh = app.sign_in_staff(email).await;
                    Some(&fresh)
                }
                _ => cookie.as_ref(),
            };
            let r = app.call(cookie.map(String::as_str), endpoint, args).await;
            let refused = matches!(r.status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN);
            if allowed.contains(role) {
                // save_step answers with a redirect to the next step.
                let ok = r.status.is_success() || r.status == StatusCode::FOUND;
                assert!(!refused && ok, "{role} may call {endpoint}: {} {}", r.status, r.body);
            } else {
                assert!(refused, "{role} must be refused {endpoint}: {} {}", r.status, r.body);
                let expected = if *role == "anonymous" { "NotSignedIn" } else { "Forbidden" };
                assert_eq!(json(&r.body), expected, "{role} calling {endpoint}");
            }
        }
    }
    // reissue_access_code: a professional renews only the sheets of the people she opened.
    let other = app.sign_in_staff(OTHER_PRO).await;
    let amina_id: (i64,) =
        sqlx::query_as("SELECT id FROM accounts WHERE identifier = 'amina-2841'").fetch_one(&app.pool).await.unwrap();
    let id = amina_id.0.to_string();
    let refused = app.call(Some(&other), "reissue_access_code", &[("account_id", &id)]).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND, "{}", refused.body);
    let person = app.sign_in_person(PERSON.0, PERSON.1).await;
    assert_eq!(json(&app.call(Some(&person), "reissue_access_code", &[("account_id", &id)]).await.body), "Forbidden");
    assert_eq!(json(&app.call(None, "reissue_access_code", &[("account_id", &id)]).await.body), "NotSignedIn");
    let pro = app.sign_in_staff(PRO).await;
    assert_eq!(app.call(Some(&pro), "reissue_access_code", &[("account_id", &id)]).await.status, StatusCode::OK);
    let head = app.sign_in_staff(HEAD).await;
    assert_eq!(app.call(Some(&head), "reissue_access_code", &[("account_id", &id)]).await.status, StatusCode::OK);
    let admin = app.sign_in_staff(ADMIN).await;
    assert_eq!(app.call(Some(&admin), "reissue_access_code", &[("account_id", &id)]).await.status, StatusCode::NOT_FOUND);
}

async fn bad_input_is_refused_clearly_or_stored_intact(backend: Backend) {
    let app = TestApp::start(backend).await;
    let pro = app.sign_in_staff(PRO).await;
    let kept = [
        "<script>alert('x')</script>",
        "Robert'); DROP TABLE accounts;--",
        "Aïcha 🌱👩‍👧",
        "مريم العلي",
        "\"quotes\" & <b>bold</b>",
    ];
    for name in kept {
        let r = app.call(Some(&pro), "create_person_account", &[("name", name)]).await;
        assert_eq!(r.status, StatusCode::OK, "{name}: {}", r.body);
        assert_eq!(json(&r.body)["display_name"], name);
    }
    let listed = json(&app.call(Some(&pro), "list_my_persons", &[]).await.body);
    for name in kept {
        assert!(listed.as_array().unwrap().iter().any(|p| p["display_name"] == name), "{name} stored intact");
    }
    // The page shows them escaped, never as markup.
    let page = app.get(Some(&pro), "/pro").await.body;
    assert!(
        page.contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;")
            || page.contains("&lt;script&gt;alert('x')&lt;/script&gt;"),
        "escaped in HTML"
    );
    assert!(!page.contains("<script>alert"));

    let refused = [
        ("", serde_json::json!({"Invalid": {"field": "Name", "problem": "Empty"}})),
        ("   ", serde_json::json!({"Invalid": {"field": "Name", "problem": "Empty"}})),
        (&"x".repeat(101), serde_json::json!({"Invalid": {"field": "Name", "problem": {"TooLong": {"max": 100}}}})),
        ("a\u{7}b", serde_json::json!({"Invalid": {"field": "Name", "problem": "ControlCharacter"}})),
    ];
    for (name, expected) in refused {
        let r = app.call(Some(&pro), "create_person_account", &[("name", name)]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{name:?}");
        assert_eq!(json(&r.body), expected, "{name:?}");
    }
    // 20 000 characters in a sign-in field: refused, no crash.
    let long = "é".repeat(20_000);
    let r = app.call(None, "sign_in_person", &[("identifier", &long), ("secret", "123457")]).await;
    assert_eq!(json(&r.body), serde_json::json!({"Invalid": {"field": "Identifier", "problem": {"TooLong": {"max": 40}}}}));
    // Bytes that are not UTF-8, and a missing field: a clear refusal, not a crash.
    let r = app.call_raw(Some(&pro), "create_person_account", b"name=%FF%FE%FD".to_vec()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(json(&r.body), serde_json::json!({"Invalid": {"field": "Name", "problem": "Unreadable"}}));
    let r = app.call_raw(Some(&pro), "create_person_account", b"nom=x".to_vec()).await;
    assert_eq!(json(&r.body), "BadRequest");
    // A malformed e-mail address.
    let r = app.call(None, "sign_in_professional", &[("email", "claire<at>mds"), ("password", "x")]).await;
    assert_eq!(json(&r.body), serde_json::json!({"Invalid": {"field": "Email", "problem": "NotAnEmail"}}));
    // Secrets that do not match, too short, too easy.
    let cases = [
        ("724193", "724194", serde_json::json!({"Invalid": {"field": "SecretAgain", "problem": "NotTheSame"}})),
        ("7241", "7241", serde_json::json!({"Invalid": {"field": "Secret", "problem": {"TooShort": {"min": 6}}}})),
        ("123456", "123456", serde_json::json!({"Invalid": {"field": "Secret", "problem": "TooEasy"}})),
    ];
    for (secret, again, expected) in cases {
        let r = app
            .call(
                None,
                "first_sign_in",
                &[("identifier", "amina-2841"), ("code", "ABCD-EFGH-JKMN"), ("secret", secret), ("secret_again", again)],
            )
            .await;
        assert_eq!(json(&r.body), expected, "{secret}/{again}");
    }
}

async fn signing_out_everywhere_ends_every_session(backend: Backend) {
    let app = TestApp::start(backend).await;
    let phone = app.sign_in_person(PERSON.0, PERSON.1).await;
    let kiosk = app.sign_in_person(PERSON.0, PERSON.1).await;
    assert_ne!(phone, kiosk);
    let pro = app.sign_in_staff(PRO).await;
    assert_eq!(app.call(Some(&phone), "sign_out_everywhere", &[]).await.status, StatusCode::OK);
    assert_eq!(json(&app.call(Some(&kiosk), "current_user", &[]).await.body), Value::Null);
    assert_eq!(json(&app.call(Some(&phone), "current_user", &[]).await.body), Value::Null);
    assert_eq!(json(&app.call(Some(&pro), "current_user", &[]).await.body)["role"], "Professional", "others stay signed in");
}

async fn a_session_works_on_every_server_instance(backend: Backend) {
    let app = TestApp::start(backend).await;
    let cookie = app.sign_in_person(PERSON.0, PERSON.1).await;
    let other = app.another_instance();
    let req = axum::http::Request::post("/api/current_user")
        .header("cookie", &cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(axum::body::Body::empty())
        .unwrap();
    let r = TestApp::send(&other, req).await;
    assert_eq!(json(&r.body)["display_name"], "Amina");
}

async fn a_plain_form_post_without_javascript_redirects_with_the_error(backend: Backend) {
    let app = TestApp::start(backend).await;
    // A form the browser posts itself, from the sign-in page.
    let plain_post = |endpoint: &str, body: String| plain_form_post(None, endpoint, "/connexion", body);
    let form = |secret: &str| plain_post("sign_in_person", format!("identifier=amina-2841&secret={secret}"));
    let wrong = TestApp::send(&app.router, form("000001")).await;
    assert_eq!(wrong.status, StatusCode::FOUND);
    let back = wrong.location.expect("back to the form");
    assert!(back.starts_with("http://livret.test/connexion?") && back.contains("__err="), "{back}");
    // The form page shows the error in plain French when it comes back,
    // with her identifier still typed (never her secret).
    let kept = wrong
        .set_cookies
        .iter()
        .find(|c| c.starts_with("livret_saisie="))
        .unwrap_or_else(|| panic!("what she typed is kept: {:?}", wrong.set_cookies));
    assert_eq!(kept, "livret_saisie=identifier=amina-2841");
    let path = back.trim_start_matches("http://livret.test");
    let shown = app.get(Some(kept), path).await;
    let page = &shown.body;
    assert!(
        page.contains("L&#x27;identifiant ou le code secret ne va pas")
            || page.contains("L'identifiant ou le code secret ne va pas"),
        "{page}"
    );
    assert!(page.contains(r#"value="amina-2841""#), "{page}");
    assert!(shown.set_cookies.contains(&"livret_saisie=".to_owned()), "kept for that page only: {:?}", shown.set_cookies);
    assert!(!app.get(None, path).await.body.contains("amina-2841"), "nothing is kept without the cookie");

    let right = TestApp::send(&app.router, form(PERSON.1)).await;
    assert_eq!(right.status, StatusCode::FOUND);
    assert_eq!(right.location.as_deref(), Some("/"));
    let home = app.get(right.cookie.as_deref(), "/").await.body;
    assert!(home.contains("Bonjour Amina."));

    // A professional goes straight to her work home, not through `/`.
    let staff = plain_post("sign_in_professional", format!("email={PRO}&password={}", livret_server::demo::STAFF_PASSWORD));
    let signed_in = TestApp::send(&app.router, staff).await;
    assert_eq!((signed_in.status, signed_in.location.as_deref()), (StatusCode::FOUND, Some("/pro")));
}

async fn a_cross_site_post_is_refused(backend: Backend) {
    let app = TestApp::start(backend).await;
    let pro = app.sign_in_staff(PRO).await;
    let req = axum::http::Request::post("/api/create_person_account")
        .header("cookie", &pro)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("origin", "https://evil.example")
        .header("host", "livret.test")
        .body(axum::body::Body::from("name=Mallory"))
        .unwrap();
    assert_eq!(TestApp::send(&app.router, req).await.status, StatusCode::FORBIDDEN);
    let (count,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM accounts WHERE display_name = 'Mallory'").fetch_one(&app.pool).await.unwrap();
    assert_eq!(count, 0);
}

async fn pages_are_rendered_for_the_signed_in_role(backend: Backend) {
    let app = TestApp::start(backend).await;
    let welcome = app.get(None, "/").await;
    assert_eq!(welcome.status, StatusCode::OK);
    assert!(welcome.body.contains("Bienvenue dans Livret"));
    assert!(welcome.body.contains("<html lang=\"fr\">"));
    let person = app.sign_in_person(PERSON.0, PERSON.1).await;
    let home = app.get(Some(&person), "/").await.body;
    assert!(home.contains("Bonjour Amina.") && home.contains("MDS de la Vallée"));
    let sent = app.get(Some(&person), "/pro").await;
    assert_eq!((sent.status, sent.location.as_deref()), (StatusCode::FOUND, Some("/")), "a person has no work home");
    let pro = app.sign_in_staff(PRO).await;
    // A professional's home has its own address (its code is loaded only
    // for professionals): "/" sends her there.
    let sent = app.get(Some(&pro), "/").await;
    assert_eq!((sent.status, sent.location.as_deref()), (StatusCode::FOUND, Some("/pro")));
    let home = app.get(Some(&pro), "/pro").await.body;
    assert!(home.contains("Les personnes que vous accompagnez") && home.contains("amina-2841"));
    let other = app.sign_in_staff(OTHER_PRO).await;
    let home = app.get(Some(&other), "/pro").await.body;
    assert!(home.contains("jean-7302") && !home.contains("amina-2841"), "a professional lists only her own people");
    let missing = app.get(None, "/nulle-part").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("Cette page n"));
}

async fn an_administrator_opens_a_professional_account(backend: Backend) {
    let app = TestApp::start(backend).await;
    let admin = app.sign_in_staff(ADMIN).await;
    let mds = json(&app.call(Some(&admin), "list_mds", &[]).await.body);
    let mds_id = mds[0]["id"].as_i64().unwrap().to_string();
    let form = |email: &'static str| {
        vec![
            ("name", "Inès Moreau"),
            ("email", email),
            ("rank", "professional"),
            ("function", "ccas_worker"),
            ("institution", "CCAS (Centre communal d'action sociale)"),
            ("mission", "m'aide pour les aides de la mairie"),
        ]
    };
    let mut args = form("Ines.Moreau@MDS.demo");
    args.push(("mds", &mds_id));
    let sheet = json(&app.call(Some(&admin), "create_staff_account", &args).await.body)["Ready"].clone();
    assert_eq!(sheet["login"], "ines.moreau@mds.demo");
    let again = app.call(Some(&admin), "create_staff_account", &args).await;
    assert_eq!(json(&again.body), serde_json::json!({"Invalid": {"field": "Email", "problem": "AlreadyUsed"}}));
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY, "the error decides its status (it was 500)");
    let code = sheet["code"].as_str().unwrap();
    let first = app
        .call(
            None,
            "first_sign_in",
            &[
                ("identifier", "ines.moreau@mds.demo"),
                ("code", code),
                ("secret", "une longue phrase secrète"),
                ("secret_again", "une longue phrase secrète"),
            ],
        )
        .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let me = json(&app.call(first.cookie.as_deref(), "current_user", &[]).await.body);
    assert_eq!(me["role"], "Professional");
    assert_eq!(me["function"], "CcasWorker");
    let mut bad = form("x@y.fr");
    bad.push(("mds", "999999"));
    assert_eq!(
        json(&app.call(Some(&admin), "create_staff_account", &bad).await.body),
        serde_json::json!({"Invalid": {"field": "Mds", "problem": "UnknownChoice"}})
    );
}

/// Starting a server instance (as a second instance behind a load balancer
/// does, or each test here) must never stall a page being rendered on
/// another: leptos suppresses every resource load in the whole process
/// while it lists the routes, and a page whose data began loading at that
/// moment waited forever (seen as rare hangs of this test suite).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn starting_an_instance_never_stalls_a_page_being_rendered() {
    let app = TestApp::start(Backend::Sqlite).await;
    let pro = app.sign_in_staff(PRO).await;
    let starting = {
        let app_pool = app.pool.clone();
        tokio::task::spawn_blocking(move || {
            for _ in 0..40 {
                let _ = TestApp::instance_on(app_pool.clone());
            }
        })
    };
    for _ in 0..40 {
        let page = app.get(Some(&pro), "/pro").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Les personnes que vous accompagnez"));
    }
    starting.await.expect("instances start");
}

async fn an_account_is_opened_whole_or_not_at_all(backend: Backend) {
    let on_sqlite = matches!(backend, Backend::Sqlite);
    let app = TestApp::start(backend).await;
    let pro = app.sign_in_staff(PRO).await;
    let count = |table: &'static str| {
        let pool = app.pool.clone();
        async move {
            let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&pool).await.unwrap();
            n
        }
    };
    let before = (count("accounts").await, count("dossiers").await, count("dossier_members").await);
    // The last step, storing the access code, fails on purpose.
    let breaker: &[&str] = if on_sqlite {
        &["CREATE TRIGGER no_codes BEFORE INSERT ON access_codes BEGIN SELECT RAISE(ABORT, 'test'); END"]
    } else {
        &[
            "CREATE FUNCTION no_codes() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'test'; END $$ LANGUAGE plpgsql",
            "CREATE TRIGGER no_codes BEFORE INSERT ON access_codes FOR EACH ROW EXECUTE FUNCTION no_codes()",
        ]
    };
    for sql in breaker {
        sqlx::query(sql).execute(&app.pool).await.unwrap();
    }
    let r = app.call(Some(&pro), "create_person_account", &[("name", "Nadia")]).await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR, "{}", r.body);
    let after = (count("accounts").await, count("dossiers").await, count("dossier_members").await);
    assert_eq!(after, before, "no account, dossier or équipe is left half made");

    let admin = app.sign_in_staff(ADMIN).await;
    let staff = [
        ("name", "Marc Petit"),
        ("email", "marc.petit@mds.demo"),
        ("rank", "professional"),
        ("function", "ccas_worker"),
        ("institution", "MDS"),
        ("mission", "m'aide"),
        ("mds", "1"),
    ];
    let r = app.call(Some(&admin), "create_staff_account", &staff).await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR, "{}", r.body);
    assert_eq!(count("accounts").await, before.0, "no professional account without its code");
}

/// Two writes racing for the same unique row: a conflict she may retry
/// (409), not "a problem on our side" (500).
async fn a_database_error_is_mapped_by_its_kind(backend: Backend) {
    use livret_app::error::AppError;
    let app = TestApp::start(backend).await;
    let twice = sqlx::query("INSERT INTO mds (name, created_at) VALUES ('MDS de la Vallée', 0)").execute(&app.pool).await;
    assert_eq!(AppError::from(twice.expect_err("the name is unique")), AppError::Conflict);
    let broken = sqlx::query("SELECT nope FROM nowhere").execute(&app.pool).await;
    assert_eq!(AppError::from(broken.expect_err("no such table")), AppError::Internal);
}

/// Without JavaScript the sheet waits in the session for the next page: its
/// code is masked there, and only this browser holds the mask.
async fn a_sheet_made_without_javascript_never_sits_in_clear_in_the_session(backend: Backend) {
    let app = TestApp::start(backend).await;
    let pro = app.sign_in_staff(PRO).await;
    let posted =
        TestApp::send(&app.router, plain_form_post(Some(&pro), "create_person_account", "/pro", "name=Fatou".into())).await;
    assert_eq!(posted.status, StatusCode::FOUND, "{}", posted.body);
    let mask =
        posted.set_cookies.iter().find(|c| c.starts_with("livret_masque=")).expect("the mask stays in the browser").clone();
    let page = app.get(Some(&format!("{pro}; {mask}")), "/pro").await.body;
    let code = grouped_code_after(&page, "sheet-code").unwrap_or_else(|| panic!("the sheet is shown: {page}"));
    assert_eq!(code.len(), 14, "{code}");
    let rows: Vec<(String,)> = sqlx::query_as("SELECT data FROM sessions").fetch_all(&app.pool).await.unwrap();
    assert!(rows.iter().any(|(d,)| d.contains("pending_sheet")), "the sheet waits in the session");
    for (data,) in &rows {
        assert!(!data.contains(&code) && !data.contains(&code.replace('-', "")), "code in clear in a session row: {data}");
    }
    // Without the mask, the session alone gives nothing.
    let (login,): (String,) =
        sqlx::query_as("SELECT identifier FROM accounts WHERE display_name = 'Fatou'").fetch_one(&app.pool).await.unwrap();
    assert!(!app.get(Some(&pro), "/pro").await.body.contains(&code));
    let first = app
        .call(None, "first_sign_in", &[("identifier", &login), ("code", &code), ("secret", "718293"), ("secret_again", "718293")])
        .await;
    assert_eq!(first.status, StatusCode::OK, "the code shown is the real one: {}", first.body);
}

/// The first code of the form ABCD-EFGH-JKMN after `marker` in a page.
fn grouped_code_after(page: &str, marker: &str) -> Option<String> {
    let rest = &page[page.find(marker)?..];
    let is_code = |w: &[u8]| {
        w.len() == 14
            && w.iter()
                .enumerate()
                .all(|(i, b)| if i == 4 || i == 9 { *b == b'-' } else { b.is_ascii_uppercase() || b.is_ascii_digit() })
    };
    rest.as_bytes().windows(14).find(|w| is_code(w)).map(|w| String::from_utf8_lossy(w).into_owned())
}
