//! "Texte plus grand": a choice kept for the browser session in a cookie
//! (no personal data), applied by the server to every page so that it
//! holds without JavaScript too. The button sets the cookie in the browser
//! itself, with no request: a light bundle then needs no server-function
//! client for it. Without JavaScript, its form posts to `set_text_size`.

use crate::error::AppError;
use crate::text::person as t;
use leptos::prelude::*;

/// Not `HttpOnly`: the button writes it (it holds no personal data). A new
/// name: a page cannot overwrite the `HttpOnly` cookie `livret_text` that
/// browsers may still hold from before, so a choice made then is
/// forgotten (the server no longer reads it) rather than stuck on.
pub const COOKIE: &str = "livret_text_size";
pub const BODY_CLASS: &str = "big-text";

/// The cookie that says "bigger text", and the one that forgets it.
fn cookie(big: bool) -> &'static str {
    if big { "livret_text_size=big; Path=/; SameSite=Lax" } else { "livret_text_size=; Path=/; Max-Age=0; SameSite=Lax" }
}

#[server(endpoint = "set_text_size")]
pub async fn set_text_size(big: bool) -> Result<(), AppError> {
    use http::header::{HeaderValue, SET_COOKIE};
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.append_header(SET_COOKIE, HeaderValue::from_static(cookie(big)));
    }
    Ok(())
}

/// Whether this page is shown with bigger text.
pub fn is_big() -> bool {
    #[cfg(feature = "ssr")]
    {
        crate::state::request_cookie(COOKIE).as_deref() == Some("big")
    }
    #[cfg(not(feature = "ssr"))]
    {
        document().body().is_some_and(|b| b.class_list().contains(BODY_CLASS))
    }
}

#[island]
pub fn TextSizeToggle() -> impl IntoView {
    let big = RwSignal::new(is_big());
    let post_to = <SetTextSize as leptos::server_fn::ServerFn>::url();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        use wasm_bindgen::JsCast;
        ev.prevent_default();
        let now_big = !big.get_untracked();
        big.set(now_big);
        if let Some(body) = document().body() {
            let _ = body.class_list().toggle_with_force(BODY_CLASS, now_big);
        }
        if let Ok(html) = document().dyn_into::<web_sys::HtmlDocument>() {
            let _ = html.set_cookie(cookie(now_big));
        }
    };
    view! {
        <form method="post" action=post_to class="inline" on:submit=on_submit>
            <input type="hidden" name="big" value=move || (!big.get()).to_string() />
            <button type="submit" class="button secondary" aria-pressed=move || big.get().to_string()>
                <img src=crate::icons::TEXT_SIZE alt="" width="28" height="28" />
                {t::TEXT_BIGGER}
            </button>
        </form>
    }
}
