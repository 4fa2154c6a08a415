//! Every text a page shows follows the plain-language rules, not only the
//! catalogue: the rendered HTML of each page is checked, text node by text
//! node (templates, labels, data shown by the demo).

mod common;

use common::plain::*;
use common::*;

#[tokio::test]
async fn every_page_the_person_reads_follows_plain_language_rules() {
    let app = TestApp::start(Backend::Sqlite).await;
    let mut all = Vec::new();
    for (path, heading) in [
        ("/", "Bienvenue dans Livret"),
        ("/connexion", "Me connecter"),
        ("/premiere-connexion", "Première connexion"),
        ("/glossaire", "Les mots à connaître"),
    ] {
        let reply = app.get(None, path).await;
        all.extend(offences(path, rendered(path, &reply, heading), false));
    }
    all.extend(offences("/nulle-part", &app.get(None, "/nulle-part").await.body, false));
    let person = app.sign_in_person(PERSON.0, PERSON.1).await;
    // Something in her history, her journal and a proposal on her screen.
    app.call(Some(&person), "save_answer", &[("field", "housing.hard"), ("value", "Mon logement est petit."), ("version", "0")])
        .await;
    let claire = app.sign_in_staff(PRO).await;
    app.call(Some(&claire), "shared_demande", &[("dossier_id", "1")]).await;
    app.call(
        Some(&claire),
        "suggest",
        &[("dossier_id", "1"), ("field", "housing.hard"), ("value", "Le logement est trop petit.")],
    )
    .await;
    // A new sheet made for her, told on her home at her next sign-in.
    let head = app.sign_in_staff(HEAD).await;
    let (amina,): (i64,) =
        sqlx::query_as("SELECT id FROM accounts WHERE identifier = $1").bind(PERSON.0).fetch_one(&app.pool).await.unwrap();
    app.call(Some(&head), "reissue_access_code", &[("account_id", &amina.to_string())]).await;
    let person = app.sign_in_person(PERSON.0, PERSON.1).await;
    let (karim,): (i64,) =
        sqlx::query_as("SELECT id FROM accounts WHERE email = 'karim.haddad@caf.demo'").fetch_one(&app.pool).await.unwrap();
    let see_as = format!("/voir-comme/{karim}");
    let pages = [
        ("/", "vous a fait une nouvelle feuille de connexion"),
        ("/glossaire", "Les mots à connaître"),
        ("/demande/1", "Votre vie en ce moment"),
        ("/demande/2", "Logement"),
        ("/demande/11", "Violences et sécurité"),
        ("/demande/13", "Votre foyer"),
        ("/demande/14", "Les professionnels qui vous aident"),
        ("/demande/15", "Les sujets à ne pas aborder"),
        ("/demande/16", "Votre référent de parcours"),
        ("/demande/17", "Relire et envoyer"),
        ("/partage", "Qui voit mes informations"),
        ("/qui-voit-quoi", "Qui voit quoi"),
        ("/qui-a-regarde", "Qui a regardé mes informations"),
        ("/historique", "Historique de ma demande"),
        (see_as.as_str(), "Voici ce que voit Karim Haddad"),
    ];
    for (path, heading) in pages {
        let page = format!("{path} (person)");
        let reply = app.get(Some(&person), path).await;
        all.extend(offences(&page, rendered(&page, &reply, heading), false));
    }
    assert!(all.is_empty(), "plain-language offences:\n{}", all.join("\n"));
}

#[tokio::test]
async fn professional_pages_define_every_acronym() {
    let app = TestApp::start(Backend::Sqlite).await;
    let mut all = Vec::new();
    all.extend(offences("/pro/connexion", &app.get(None, "/pro/connexion").await.body, true));
    for (who, heading) in [
        (PRO, "Les personnes que vous accompagnez"),
        (HEAD, "Demandes à examiner"),
        (ADMIN, "Comptes de responsable à confirmer"),
    ] {
        let cookie = app.sign_in_staff(who).await;
        let page = format!("/pro ({who})");
        let reply = app.get(Some(&cookie), "/pro").await;
        all.extend(offences(&page, rendered(&page, &reply, heading), true));
    }
    let claire = app.sign_in_staff(PRO).await;
    let reply = app.get(Some(&claire), "/dossier/1").await;
    all.extend(offences("/dossier/1", rendered("/dossier/1", &reply, "Demande de Amina"), true));
    assert!(all.is_empty(), "plain-language offences:\n{}", all.join("\n"));
}

#[test]
fn text_nodes_skip_scripts_and_markup() {
    let nodes = text_nodes("<p>Bonjour <b>Amina</b>.</p><script>let x = 'NOPE';</script><p>L&#x27;aide</p>");
    assert_eq!(nodes, vec!["Bonjour", "Amina", ".", "L'aide"].into_iter().filter(|s| *s != ".").collect::<Vec<_>>());
}
