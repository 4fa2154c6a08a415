//! The header of every page: the name of the service, the tools for
//! reading (listen, bigger text) and the big sign-out button; and the
//! footer with the glossary.

use crate::app::Auth;
use crate::auth::SignOut;
use crate::components::listen::ListenButton;
use crate::components::text_size::TextSizeToggle;
use crate::domain::role::Role;
use crate::text::{person as t, pro as tp};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Header() -> impl IntoView {
    let auth = expect_context::<Auth>();
    reload_once_signed_out(auth.sign_out);
    view! {
        <header class="site-header">
            <A href="/" attr:class="brand">
                <img src=crate::icons::LIVRET alt="" width="32" height="32" />
                <span>{t::APP_NAME}</span>
            </A>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match auth.me.await {
                        Ok(Some(me)) => {
                            view! {
                                <div class="who">
                                    <span class="who-name">{me.display_name}</span>
                                    <SignOutButton person=me.role == Role::Person />
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

/// "J'ai fini" for her, "Se déconnecter" for a professional. Once signed
/// out, the page is asked again from the server so that nothing of the
/// person stays in its memory (a shared kiosk). Not an island: on a light
/// page it posts its form as without JavaScript, and the server's answer
/// is the welcome page, whole. A light bundle then needs no
/// server-function client for its header (measured: the home bundle went
/// from 157 to 75 KB compressed without it and the sign-in form's).
#[component]
fn SignOutButton(person: bool) -> impl IntoView {
    // The application's own action: the header watches it, and signing
    // out refreshes who is signed in for every page.
    let sign_out = expect_context::<Auth>().sign_out;
    let label = if person { t::FINISHED } else { tp::SIGN_OUT };
    view! {
        <ActionForm action=sign_out attr:class="inline">
            <button type="submit" class="button finish">
                <img src=crate::icons::DOOR alt="" width="28" height="28" />
                {label}
            </button>
        </ActionForm>
    }
}

fn reload_once_signed_out(sign_out: ServerAction<SignOut>) {
    Effect::new(move |_| {
        if matches!(sign_out.value().get(), Some(Ok(())))
            && let Some(w) = web_sys::window()
        {
            let _ = w.location().replace("/");
        }
    });
}

#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="site-footer no-print">
            <A href="/glossaire">
                <img src=crate::icons::BOOK alt="" width="28" height="28" />
                {t::GLOSSARY_LINK}
            </A>
        </footer>
    }
}
