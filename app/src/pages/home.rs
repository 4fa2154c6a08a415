//! The home page: the welcome screen for visitors, and for a signed-in
//! account the home of its role.

use crate::app::Auth;
use crate::auth::Me;
use crate::components::glossary::Glossed;
use crate::domain::role::{Role, WORK_HOME};
use crate::pages::{admin::AdminHome, staff::StaffHome};
use crate::text::{fill, person as t};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Redirect};

#[component]
pub fn HomePage() -> impl IntoView {
    for_account(|me| match me {
        Some(me) if me.role == Role::Person => view! { <PersonHome me /> }.into_any(),
        // Their home has its own address, and its code comes only with it:
        // a person's phone never downloads it.
        Some(_) => view! { <Redirect path=WORK_HOME /> }.into_any(),
        None => view! { <Welcome /> }.into_any(),
    })
}

/// At `/pro`: the home of a professional or a head (the people she follows,
/// her queue) or of an administrator. Anyone else goes to `/`.
#[component]
pub fn WorkHomePage() -> impl IntoView {
    for_account(|me| match me {
        Some(me) if matches!(me.role, Role::Professional | Role::Head) => view! { <StaffHome me /> }.into_any(),
        Some(me) if me.role == Role::Admin => view! { <AdminHome /> }.into_any(),
        _ => view! { <Redirect path="/" /> }.into_any(),
    })
}

/// The view for the signed-in account (none for a visitor), once known.
fn for_account(view_for: fn(Option<Me>) -> AnyView) -> impl IntoView {
    let auth = expect_context::<Auth>();
    view! {
        <Suspense fallback=|| view! { <p>{t::LOADING}</p> }>
            {move || Suspend::new(async move {
                match auth.me.await {
                    Ok(me) => view_for(me),
                    Err(e) => crate::components::load_error(e),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Welcome() -> impl IntoView {
    view! {
        <Title text=t::WELCOME_TITLE />
        <h1>{t::WELCOME_TITLE}</h1>
        <p class="lead">{t::WELCOME_INTRO}</p>
        <nav class="choices" aria-label=t::WELCOME_TITLE>
            <A href="/connexion" attr:class="button primary big">
                <img src=crate::icons::KEY alt="" width="40" height="40" />
                <span>{t::WELCOME_SIGN_IN}</span>
            </A>
            <A href="/premiere-connexion" attr:class="button secondary big">
                <img src=crate::icons::SHEET alt="" width="40" height="40" />
                <span>{t::WELCOME_FIRST_TIME}</span>
            </A>
            <A href="/pro/connexion" attr:class="button tertiary">
                <span>{t::WELCOME_PRO}</span>
            </A>
        </nav>
    }
}

#[component]
fn PersonHome(me: Me) -> impl IntoView {
    let auth = expect_context::<Auth>();
    let hello = fill(t::HOME_HELLO, &[("name", &me.display_name)]);
    view! {
        <Title text=hello.clone() />
        <h1>{hello}</h1>
        <crate::components::AccountNotices />
        <crate::pages::livret::HerNextSteps />
        <DemandeState />
        <crate::pages::meeting::HerNextMeeting />
        <crate::light::Prefetch bundle=crate::light::Bundle::Demande />
        <nav class="card" aria-labelledby="my-info-title">
            <h2 id="my-info-title">
                <img src=crate::icons::LOCK alt="" width="32" height="32" />
                {t::MY_INFO_TITLE}
            </h2>
            <ul class="links">
                <li><A href="/partage">{t::SHARING_TITLE}</A></li>
                <li><A href="/qui-voit-quoi">{t::WHO_SEES_TITLE}</A></li>
                <li><A href="/qui-a-regarde">{t::JOURNAL_TITLE}</A></li>
                <li><A href="/historique">{t::HISTORY_TITLE}</A></li>
            </ul>
        </nav>
        <section class="card" aria-labelledby="account-title">
            <h2 id="account-title">
                <img src=crate::icons::PERSON alt="" width="32" height="32" />
                {t::HOME_ACCOUNT_TITLE}
            </h2>
            <dl>
                <dt>{t::HOME_IDENTIFIER}</dt>
                <dd data-testid="my-identifier">{me.identifier}</dd>
                {me.mds_name.map(|m| view! { <dt><Glossed text=t::HOME_MDS /></dt><dd>{m}</dd> })}
                {me.created_by.map(|c| view! { <dt>{t::HOME_CREATED_BY}</dt><dd><Glossed text=c /></dd> })}
            </dl>
        </section>
        <ActionForm action=auth.sign_out_everywhere attr:class="form">
            <p class="hint">{t::SIGN_OUT_EVERYWHERE_HINT}</p>
            <button type="submit" class="button secondary">{t::SIGN_OUT_EVERYWHERE}</button>
        </ActionForm>
    }
}

/// Her demande in one sentence, the head's latest message, one next step.
#[component]
fn DemandeState() -> impl IntoView {
    use crate::demande::my_demande;
    use crate::domain::demande::step_count;
    use crate::domain::dossier::State;
    let demande = Resource::new(|| (), |_| my_demande());
    view! {
        <Suspense fallback=|| view! { <p>{t::LOADING}</p> }>
            {move || Suspend::new(async move {
                let d = match demande.await {
                    Ok(d) => d,
                    Err(e) => return crate::components::load_error(e),
                };
                let (sentence, next, href) = match d.state {
                    State::Draft if d.answers.is_empty() => (t::STATE_DRAFT, t::NEXT_STEP_WRITE, "/demande/1".to_owned()),
                    State::Draft => (t::STATE_DRAFT, t::NEXT_STEP_WRITE, format!("/demande/{}", step_count())),
                    State::Sent => (t::STATE_SENT, t::NEXT_STEP_READ, format!("/demande/{}", step_count())),
                    State::MoreInfoAsked => (t::STATE_MORE_INFO, t::NEXT_STEP_ANSWER, "/demande/1".to_owned()),
                    State::Validated => (t::STATE_VALIDATED, t::NEXT_STEP_READ, format!("/demande/{}", step_count())),
                    State::NotValidated => (t::STATE_NOT_VALIDATED, t::NEXT_STEP_READ, format!("/demande/{}", step_count())),
                };
                let message = d.messages.into_iter().next();
                let animated_by = d.animateur.filter(|_| d.state == State::Validated).map(|name| fill(t::ANIMATED_BY, &[("name", &name)]));
                view! {
                    <section class="card demande-state" aria-labelledby="demande-title">
                        <h2 id="demande-title">
                            <img src=crate::icons::SHEET alt="" width="32" height="32" />
                            {t::DEMANDE_TITLE}
                        </h2>
                        <p class="lead" data-testid="demande-state">{sentence}</p>
                        {message.map(|m| view! {
                            <div class="notice" data-testid="head-message">
                                <p><strong>{t::MESSAGE_FROM_HEAD}</strong>{format!(" ({}, {})", m.author, m.on)}</p>
                                <p class="message">{m.body}</p>
                            </div>
                        })}
                        {animated_by.map(|s| view! { <p data-testid="animateur">{s}</p> })}
                        <A href=href attr:class="button primary big">{next}</A>
                    </section>
                }
                    .into_any()
            })}
        </Suspense>
    }
}
