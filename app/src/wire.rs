//! How the answers of the server functions that islands call travel: JSON,
//! as `server_fn`'s own `Json`, but read in the browser from text
//! (`serde_json::from_str`), the way Leptos reads an island's props. With
//! `server_fn`'s reader (`from_slice`), a type that a page both receives
//! as props and asks for again (her demande, her sharing choices) had its
//! JSON reader compiled twice into the light bundle, once per reader.
//!
//! And how islands call them: [`call`], a form body sent by the browser's
//! own `fetch`, the answer read as above. `server_fn`'s client (its form
//! writer, streams and actions) made about a quarter of the demande and
//! sharing bundles (measured, see `light`); the server side is the same
//! either way.

use crate::error::AppError;
use serde::{Serialize, de::DeserializeOwned};
use server_fn::{Bytes, ContentType, Decodes, Encodes, Format, FormatType};

/// JSON read from text.
pub struct JsonText;

/// For `#[server(output = wire::Json)]`.
pub type Json = server_fn::codec::Post<JsonText>;

impl ContentType for JsonText {
    const CONTENT_TYPE: &'static str = "application/json";
}

impl FormatType for JsonText {
    const FORMAT_TYPE: Format = Format::Text;
}

impl<T: Serialize> Encodes<T> for JsonText {
    type Error = serde_json::Error;

    fn encode(output: &T) -> Result<Bytes, Self::Error> {
        serde_json::to_vec(output).map(Bytes::from)
    }
}

impl<T: DeserializeOwned> Decodes<T> for JsonText {
    type Error = serde_json::Error;

    fn decode(bytes: Bytes) -> Result<T, Self::Error> {
        let text = std::str::from_utf8(&bytes).map_err(<serde_json::Error as serde::de::Error>::custom)?;
        serde_json::from_str(text)
    }
}

/// Calls the server function at `path` (its `PATH`) with these form fields,
/// as `server_fn`'s client would, and reads its answer or its error.
pub async fn call<T: DeserializeOwned>(path: &str, fields: &[(&str, &str)]) -> Result<T, AppError> {
    let body = web_sys::UrlSearchParams::new().map_err(failed)?;
    for (name, value) in fields {
        body.append(name, value);
    }
    send(path, &body).await
}

/// Sends the form she submits to the server function at `path` instead of
/// its own post (which stays for a page whose code has not started, or
/// without JavaScript), and hands the answer to `then`. If the form's
/// fields cannot be read, the form posts itself.
pub fn submit<T: DeserializeOwned + 'static>(
    ev: &web_sys::SubmitEvent,
    path: &'static str,
    then: impl FnOnce(Result<T, AppError>) + 'static,
) {
    let Some(fields) = form_fields(ev) else { return };
    leptos::task::spawn_local(async move { then(send(path, &fields).await) });
}

/// The fields of the form she submits, as its own post would send them,
/// instead of that post; `None` (and the form posts itself) if they cannot
/// be read.
fn form_fields(ev: &web_sys::SubmitEvent) -> Option<web_sys::UrlSearchParams> {
    use wasm_bindgen::JsCast;
    let form = ev.target()?.dyn_into::<web_sys::HtmlFormElement>().ok()?;
    let data = web_sys::FormData::new_with_form(&form).ok()?;
    let fields = web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data).ok()?;
    ev.prevent_default();
    Some(fields)
}

/// Sends these fields to the server function at `path`. A network failure
/// is an [`AppError::Transport`], as with `server_fn`'s client.
async fn send<T: DeserializeOwned>(path: &str, fields: &web_sys::UrlSearchParams) -> Result<T, AppError> {
    let (ok, text) = post(path, fields).await.map_err(failed)?;
    if ok {
        serde_json::from_str(&text).map_err(|e| AppError::Transport(e.to_string()))
    } else {
        Err(serde_json::from_str::<Refusal>(&text).map_or(AppError::Transport(text), AppError::from))
    }
}

/// An error as islands read it. An island shows an error's sentence above
/// its form (`FormError`), never beside one field, so the details of an
/// input error are not read: `Invalid` arrives as `BadRequest` ("Vérifiez
/// vos réponses"). Reading them took the names of every field and every
/// input problem of the application into each light bundle: 4.8 KB of her
/// demande's (compressed, measured).
#[derive(serde::Deserialize)]
enum Refusal {
    NotSignedIn,
    Forbidden,
    WrongCredentials,
    CodeRefused,
    Locked { minutes: i64 },
    Invalid(serde::de::IgnoredAny),
    NotFound,
    BadRequest,
    Conflict,
    Internal,
    Unavailable,
    Transport(String),
}

impl From<Refusal> for AppError {
    fn from(refusal: Refusal) -> AppError {
        match refusal {
            Refusal::NotSignedIn => AppError::NotSignedIn,
            Refusal::Forbidden => AppError::Forbidden,
            Refusal::WrongCredentials => AppError::WrongCredentials,
            Refusal::CodeRefused => AppError::CodeRefused,
            Refusal::Locked { minutes } => AppError::Locked { minutes },
            Refusal::Invalid(_) | Refusal::BadRequest => AppError::BadRequest,
            Refusal::NotFound => AppError::NotFound,
            Refusal::Conflict => AppError::Conflict,
            Refusal::Internal => AppError::Internal,
            Refusal::Unavailable => AppError::Unavailable,
            Refusal::Transport(why) => AppError::Transport(why),
        }
    }
}

/// Opens another page of the site, whole, from the server (no router in
/// a light bundle).
pub fn go_to(path: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().set_href(path);
    }
}

fn failed(e: wasm_bindgen::JsValue) -> AppError {
    AppError::Transport(e.as_string().unwrap_or_else(|| format!("{e:?}")))
}

/// The request itself, once for every answer type: whether it succeeded,
/// and the answer's text. Islands call it from event handlers and effects,
/// which run only in the browser (on the server, `web_sys` itself cannot
/// run: this only keeps the server build compiling).
#[cfg(feature = "hydrate")]
async fn post(path: &str, fields: &web_sys::UrlSearchParams) -> Result<(bool, String), wasm_bindgen::JsValue> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let headers = web_sys::Headers::new()?;
    headers.append("Content-Type", "application/x-www-form-urlencoded")?;
    headers.append("Accept", JsonText::CONTENT_TYPE)?;
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(fields);
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(path, &init)).await?.dyn_into()?;
    let text = JsFuture::from(response.text()?).await?;
    Ok((response.ok(), text.as_string().unwrap_or_default()))
}

#[cfg(not(feature = "hydrate"))]
async fn post(_: &str, _: &web_sys::UrlSearchParams) -> Result<(bool, String), wasm_bindgen::JsValue> {
    Err("only in the browser".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_island_reads_every_error_as_sent_and_an_input_error_as_a_bad_request() {
        use crate::domain::credentials::InputError;
        use crate::error::Field;
        let every = [
            AppError::NotSignedIn,
            AppError::Forbidden,
            AppError::WrongCredentials,
            AppError::CodeRefused,
            AppError::Locked { minutes: 15 },
            AppError::Invalid { field: Field::Answer, problem: InputError::TooLong { max: 20_000 } },
            AppError::NotFound,
            AppError::BadRequest,
            AppError::Conflict,
            AppError::Internal,
            AppError::Unavailable,
            AppError::Transport("réseau".into()),
        ];
        for sent in every {
            // A new kind of error must be added here, and to `Refusal`.
            let expected = match &sent {
                AppError::Invalid { .. } => AppError::BadRequest,
                AppError::NotSignedIn
                | AppError::Forbidden
                | AppError::WrongCredentials
                | AppError::CodeRefused
                | AppError::Locked { .. }
                | AppError::NotFound
                | AppError::BadRequest
                | AppError::Conflict
                | AppError::Internal
                | AppError::Unavailable
                | AppError::Transport(_) => sent.clone(),
            };
            let text = serde_json::to_string(&sent).expect("encodes");
            let read = serde_json::from_str::<Refusal>(&text).map(AppError::from);
            assert_eq!(read.ok(), Some(expected), "{text}");
        }
    }

    #[test]
    fn what_it_writes_it_reads_back_and_bad_bytes_are_an_error() {
        let value = (String::from("é🌱 \"guillemets\""), 42_i64, vec![true, false]);
        let bytes = <JsonText as Encodes<_>>::encode(&value).expect("encodes");
        assert_eq!(bytes, serde_json::to_vec(&value).expect("same JSON as server_fn's"));
        let back: (String, i64, Vec<bool>) = <JsonText as Decodes<_>>::decode(bytes).expect("decodes");
        assert_eq!(back, value);
        assert!(<JsonText as Decodes<String>>::decode(Bytes::from_static(b"\"\xff\"")).is_err());
        assert!(<JsonText as Decodes<i64>>::decode(Bytes::from_static(b"{")).is_err());
    }
}
