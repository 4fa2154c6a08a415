//! Every text a page shows follows the plain-language rules, not only the
//! catalogue: the rendered HTML of each page is checked, text node by text
//! node (templates, labels, data shown by the demo).

mod common;

use common::*;
use livret_app::domain::falc;

/// The visible text pieces of an HTML page (between tags, outside scripts).
fn text_nodes(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    // Drop scripts and styles whole.
    let mut cleaned = String::new();
    while let Some(start) = rest.find("<script") {
        cleaned.push_str(&rest[..start]);
        rest = rest[start..].find("</script>").map_or("", |end| &rest[start + end + 9..]);
    }
    cleaned.push_str(rest);
    for piece in cleaned.split('<') {
        let text = piece.split_once('>').map_or(piece, |(_, t)| t);
        let text = text.replace("&#x27;", "'").replace("&amp;", "&").replace("&quot;", "\"");
        let text = text.trim();
        if !text.is_empty() && text.chars().any(char::is_alphabetic) {
            out.push(text.to_owned());
        }
    }
    out
}

fn offences(page: &str, html: &str, allow_terms: bool) -> Vec<String> {
    text_nodes(html)
        .into_iter()
        .flat_map(|t| falc::check(&t, allow_terms).into_iter().map(move |o| format!("{page}: {o:?} in {t:?}")))
        .collect()
}

#[tokio::test]
async fn every_page_the_person_reads_follows_plain_language_rules() {
    let app = TestApp::start(Backend::Sqlite).await;
    let mut all = Vec::new();
    for path in ["/", "/connexion", "/premiere-connexion", "/glossaire", "/nulle-part"] {
        all.extend(offences(path, &app.get(None, path).await.body, false));
    }
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
    for path in [
        "/",
        "/glossaire",
        "/demande/1",
        "/demande/2",
        "/demande/12",
        "/demande/13",
        "/demande/14",
        "/demande/15",
        "/demande/16",
        "/partage",
        "/qui-voit-quoi",
        "/qui-a-regarde",
        "/historique",
    ] {
        all.extend(offences(&format!("{path} (person)"), &app.get(Some(&person), path).await.body, false));
    }
    assert!(all.is_empty(), "plain-language offences:\n{}", all.join("\n"));
}

#[tokio::test]
async fn professional_pages_define_every_acronym() {
    let app = TestApp::start(Backend::Sqlite).await;
    let mut all = Vec::new();
    all.extend(offences("/pro/connexion", &app.get(None, "/pro/connexion").await.body, true));
    for who in [PRO, HEAD, ADMIN] {
        let cookie = app.sign_in_staff(who).await;
        all.extend(offences(&format!("/pro ({who})"), &app.get(Some(&cookie), "/pro").await.body, true));
    }
    let claire = app.sign_in_staff(PRO).await;
    all.extend(offences("/dossier/1", &app.get(Some(&claire), "/dossier/1").await.body, true));
    assert!(all.is_empty(), "plain-language offences:\n{}", all.join("\n"));
}

#[test]
fn text_nodes_skip_scripts_and_markup() {
    let nodes = text_nodes("<p>Bonjour <b>Amina</b>.</p><script>let x = 'NOPE';</script><p>L&#x27;aide</p>");
    assert_eq!(nodes, vec!["Bonjour", "Amina", ".", "L'aide"].into_iter().filter(|s| *s != ".").collect::<Vec<_>>());
}
