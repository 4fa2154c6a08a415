//! The header of every page: the name of the service, the tools for
//! reading (listen, bigger text) and the big sign-out button; and the
//! footer with the glossary.

use crate::app::Auth;
use crate::components::listen::ListenButton;
use crate::components::text_size::TextSizeToggle;
use crate::domain::role::Role;
use crate::text::{person as t, pro as tp};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Header() -> impl IntoView {
    let auth = expect_context::<Auth>();
    // After signing out, reload from the server so that nothing of the
    // person stays in this page's memory (a shared kiosk).
    Effect::new(move |_| {
        if matches!(auth.sign_out.value().get(), Some(Ok(())))
            && let Some(w) = web_sys::window()
        {
            let _ = w.location().replace("/");
        }
    });
    view! {
        <header class="site-header">
            <A href="/" attr:class="brand">
                <img src="/icons/livret.svg" alt="" width="32" height="32" />
                <span>{t::APP_NAME}</span>
            </A>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match auth.me.await {
                        Ok(Some(me)) => {
                            let label = if me.role == Role::Person { t::FINISHED } else { tp::SIGN_OUT };
                            view! {
                                <div class="who">
                                    <span class="who-name">{me.display_name}</span>
                                    <ActionForm action=auth.sign_out attr:class="inline">
                                        <button type="submit" class="button finish">
                                            <img src="/icons/door.svg" alt="" width="28" height="28" />
                                            {label}
                                        </button>
                                    </ActionForm>
                                </div>
                            }
                                .into_any()
                        }
                        _ => ().into_any(),
                    }
                })}
            </Transition>
        </header>
        <div class="tools no-print">
            <ListenButton />
            <TextSizeToggle />
        </div>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="site-footer no-print">
            <A href="/glossaire">
                <img src="/icons/book.svg" alt="" width="28" height="28" />
                {t::GLOSSARY_LINK}
            </A>
        </footer>
    }
}
