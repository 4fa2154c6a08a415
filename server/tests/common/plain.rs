//! Reading a rendered page as the plain-language checker does: its text
//! nodes, each checked against the rules (`domain::falc`).

use super::Reply;
use livret_app::domain::falc;

/// The visible text pieces of an HTML page (between tags, outside scripts).
pub fn text_nodes(html: &str) -> Vec<String> {
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

/// The page really rendered (an error page would pass the checks with its
/// few plain sentences): status 200, its own heading, no error message.
pub fn rendered<'a>(page: &str, reply: &'a Reply, expected: &str) -> &'a str {
    assert_eq!(reply.status, axum::http::StatusCode::OK, "{page}: {}", reply.body);
    let body = reply.body.replace("&#x27;", "'");
    assert!(body.contains(expected), "{page} should show {expected:?}: {}", reply.body);
    for error in
        [livret_app::text::person::ERR_NOT_FOUND, livret_app::text::person::ERR_INTERNAL, livret_app::text::person::ERR_FORBIDDEN]
    {
        assert!(!body.contains(error), "{page} shows an error: {error}");
    }
    &reply.body
}

pub fn offences(page: &str, html: &str, allow_terms: bool) -> Vec<String> {
    text_nodes(html)
        .into_iter()
        .flat_map(|t| falc::check(&t, allow_terms).into_iter().map(move |o| format!("{page}: {o:?} in {t:?}")))
        .collect()
}
