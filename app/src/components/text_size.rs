//! "Texte plus grand": a choice kept for the browser session in a cookie
//! (no personal data), applied by the server to every page so that it
//! holds without JavaScript too.

use crate::error::AppError;
use crate::text::person as t;
use leptos::prelude::*;

pub const COOKIE: &str = "livret_text";
pub const BODY_CLASS: &str = "big-text";

#[server(endpoint = "set_text_size")]
pub async fn set_text_size(big: bool) -> Result<(), AppError> {
    use http::header::{HeaderValue, SET_COOKIE};
    let cookie = if big {
        "livret_text=big; Path=/; SameSite=Lax; HttpOnly"
    } else {
        "livret_text=; Path=/; Max-Age=0; SameSite=Lax; HttpOnly"
    };
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.append_header(SET_COOKIE, HeaderValue::from_static(cookie));
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
    let action = ServerAction::<SetTextSize>::new();
    let big = RwSignal::new(is_big());
    // Applied at once, before the server answers.
    Effect::new(move |_| {
        if let Some(input) = action.input().get() {
            big.set(input.big);
            if let Some(body) = document().body() {
                let _ = body.class_list().toggle_with_force(BODY_CLASS, input.big);
            }
        }
    });
    view! {
        <ActionForm action=action attr:class="inline">
            <input type="hidden" name="big" value=move || (!big.get()).to_string() />
            <button type="submit" class="button secondary" aria-pressed=move || big.get().to_string()>
                <img src="/icons/text-size.svg" alt="" width="28" height="28" />
                {t::TEXT_BIGGER}
            </button>
        </ActionForm>
    }
}
