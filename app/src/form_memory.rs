//! What a form posted without JavaScript (an old phone, or a page whose
//! WebAssembly has not arrived yet) keeps of what was typed when the server
//! refuses it. The browser comes back to an empty form; the server keeps the
//! few plain fields (never a secret, a password or a code) in a short cookie
//! that the form's page reads once and that the next page clears. Not in the
//! address: that would stay in a shared kiosk's history.

/// The cookie that carries the kept fields, form-encoded.
pub const TYPED_COOKIE: &str = "livret_saisie";

/// Fields worth keeping: short, typed by hand, not secret.
#[cfg(feature = "ssr")]
const KEPT_FIELDS: [&str; 9] = ["identifier", "email", "name", "institution", "mission", "place", "date0", "date1", "date2"];

/// Longer than any of those fields accepts; caps the cookie's size.
#[cfg(feature = "ssr")]
const MAX_CHARS: usize = 300;

/// The cookie's value for a refused form body, if it holds a field worth
/// keeping.
#[cfg(feature = "ssr")]
pub fn keep(body: &[u8]) -> Option<String> {
    let mut out = form_urlencoded::Serializer::new(String::new());
    let mut any = false;
    for (name, value) in form_urlencoded::parse(body) {
        if KEPT_FIELDS.contains(&name.as_ref()) && !value.is_empty() {
            out.append_pair(&name, &value.chars().take(MAX_CHARS).collect::<String>());
            any = true;
        }
    }
    any.then(|| out.finish())
}

/// What was typed in this field before the form came back refused. Read
/// while the server renders the page; the browser keeps what it received.
pub fn typed_before(field: &str) -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        let raw = crate::state::request_cookie(TYPED_COOKIE)?;
        form_urlencoded::parse(raw.as_bytes()).find(|(name, _)| name == field).map(|(_, value)| value.into_owned())
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = field;
        None
    }
}

/// What she typed into this field after the page showed and before its
/// code started (a slow phone: seconds). Hydration writes the value the
/// server rendered into each field it controls; a field reads this first
/// and keeps her text instead (then saves it as if she had just typed).
/// Only before the page is marked started (`data-hydrated`): later, another
/// page's field may carry the same id. (Not the hydration flag: an island
/// raises it whenever it is built, on a page opened by a link too.)
pub fn typed_before_start(id: &str) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let document = web_sys::window()?.document()?;
        if document.body()?.has_attribute("data-hydrated") {
            return None;
        }
        let field = document.get_element_by_id(id)?;
        // What the server sent is the field's default; anything else is hers.
        if let Some(area) = field.dyn_ref::<web_sys::HtmlTextAreaElement>() {
            let typed = area.value();
            return (Ok(&typed) != area.default_value().as_ref()).then_some(typed);
        }
        let input = field.dyn_ref::<web_sys::HtmlInputElement>()?;
        let typed = input.value();
        (typed != input.default_value()).then_some(typed)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = id;
        None
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::keep;

    #[test]
    fn keeps_plain_fields_and_never_a_secret() {
        let kept = keep(b"identifier=amina-2841&secret=482913&code=ABCD&password=x&email=a%40b.fr").unwrap();
        assert_eq!(kept, "identifier=amina-2841&email=a%40b.fr");
        assert_eq!(keep(b"secret=482913&secret_again=482913"), None);
        assert_eq!(keep(b"identifier="), None);
        let long = format!("name={}", "é".repeat(1000));
        assert_eq!(keep(long.as_bytes()).unwrap().matches("%C3%A9").count(), 300);
    }

    #[test]
    fn a_cookie_value_has_no_separator_of_cookies() {
        let kept = keep("name=Nadia; Lefèvre, \"x\" \\ y".as_bytes()).unwrap();
        assert!(!kept.contains([';', ',', ' ', '"', '\\']), "{kept}");
    }
}
