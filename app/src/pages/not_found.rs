use crate::text::person as t;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <h1>{t::NOT_FOUND_TITLE}</h1>
        <p>
            <A href="/" attr:class="button">{t::BACK_HOME}</A>
        </p>
    }
}
