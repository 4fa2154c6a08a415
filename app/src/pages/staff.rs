//! Home of a professional or an MDS head: open a person's account and
//! hand her the sheet; see the people she accompanies.

use crate::accounts::{CreatePersonAccount, ReissueAccessCode, list_my_persons};
use crate::auth::Me;
use crate::components::{AccountNotices, FormError, LatestSheet, TextField, field_error, form_error, sheet_of, sheet_of_outcome};
use crate::domain::role::{HeadRank, Role};
use crate::error::Field;
use crate::text::{person as t, pro as tp};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn StaffHome(me: Me) -> impl IntoView {
    let create = ServerAction::<CreatePersonAccount>::new();
    let reissue = ServerAction::<ReissueAccessCode>::new();
    let persons = Resource::new(move || (create.version().get(), reissue.version().get()), |_| list_my_persons());
    let title = if me.role == Role::Head { tp::HEAD_HOME_TITLE } else { tp::PRO_HOME_TITLE };
    // For a head, her rank says more than her function.
    let role_label = match me.head_rank {
        Some(HeadRank::Responsable) => Some(tp::ROLE_HEAD_RESPONSABLE.to_owned()),
        Some(HeadRank::Adjoint) => Some(tp::ROLE_HEAD_ADJOINT.to_owned()),
        None => me.function.map(|f| f.label().to_owned()),
    };
    let about: Vec<String> = [Some(me.display_name.clone()), role_label, me.institution.clone()].into_iter().flatten().collect();
    let create_value = create.value();
    // Her next page is a dossier, or for a head a demande to review.
    if me.role == Role::Head {
        crate::app::prefetch(crate::app::Next::Review);
    }
    crate::app::prefetch(crate::app::Next::Dossier);
    view! {
        <Title text=title />
        <h1>{title}</h1>
        <ul class="subtitle">{about.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
        <AccountNotices />
        <LatestSheet sheets=vec![sheet_of(create.value()), sheet_of_outcome(reissue.value())] />
        {(me.role == Role::Head).then(|| view! { <ReviewQueue /> })}
        {(me.role == Role::Head).then(|| view! { <crate::pages::admin::HeadRequests refresh=Signal::derive(|| 0) /> })}
        <crate::pages::livret::StaffReminders />
        <crate::pages::meeting::StaffMeetings />
        <MyDossiers />
        <section class="card no-print" aria-labelledby="new-person-title">
            <h2 id="new-person-title">{tp::NEW_PERSON_TITLE}</h2>
            <ActionForm action=create attr:class="form" attr:novalidate=true>
                <FormError message=form_error(create_value, t::ERR_INTERNAL) />
                <TextField
                    field=Field::Name
                    label=tp::NEW_PERSON_NAME_LABEL
                    hint=tp::NEW_PERSON_NAME_HINT
                    maxlength=100
                    autocomplete="off"
                    error=field_error(create_value, Field::Name)
                />
                <button type="submit" class="button primary">{tp::NEW_PERSON_BUTTON}</button>
            </ActionForm>
        </section>
        <section class="no-print" aria-labelledby="persons-title">
            <h2 id="persons-title">{title}</h2>
            <FormError message=form_error(reissue.value(), t::ERR_INTERNAL) />
            <Transition fallback=|| view! { <p>{t::LOADING}</p> }>
                {move || Suspend::new(async move {
                    match persons.await {
                        Err(e) => crate::components::load_error(e),
                        Ok(list) if list.is_empty() => view! { <p>{tp::PERSONS_EMPTY}</p> }.into_any(),
                        Ok(list) => view! {
                            <table class="table">
                                <thead>
                                    <tr>
                                        <th scope="col">{tp::COL_NAME}</th>
                                        <th scope="col">{tp::COL_IDENTIFIER}</th>
                                        <th scope="col">{tp::COL_STATE}</th>
                                        <th scope="col">{tp::COL_ACTION}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {list.into_iter().map(|p| view! {
                                        <tr>
                                            <td>{p.display_name}</td>
                                            <td>{p.identifier}</td>
                                            <td>{if p.has_secret { tp::PERSON_HAS_SECRET } else { tp::PERSON_WAITING }}</td>
                                            <td>
                                                <ActionForm action=reissue attr:class="inline">
                                                    <input type="hidden" name="account_id" value=p.id />
                                                    <button type="submit" class="button secondary">{tp::REISSUE_BUTTON}</button>
                                                </ActionForm>
                                            </td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The head's queue: demandes waiting for her, oldest first.
#[component]
fn ReviewQueue() -> impl IntoView {
    use crate::demande::review_queue;
    use crate::text::fill;
    use leptos_router::components::A;
    let queue = Resource::new(|| (), |_| review_queue());
    view! {
        <section class="card no-print" aria-labelledby="queue-title">
            <h2 id="queue-title">{tp::QUEUE_TITLE}</h2>
            <Suspense fallback=|| view! { <p>{t::LOADING}</p> }>
                {move || Suspend::new(async move {
                    match queue.await {
                        Err(e) => crate::components::load_error(e),
                        Ok(list) if list.is_empty() => view! { <p>{tp::QUEUE_EMPTY}</p> }.into_any(),
                        Ok(list) => view! {
                            <table class="table">
                                <thead><tr>
                                    <th scope="col">{tp::COL_NAME}</th>
                                    <th scope="col">{tp::COL_SENT_ON}</th>
                                    <th scope="col">{tp::COL_WAITING}</th>
                                    <th scope="col">{tp::COL_ACTION}</th>
                                </tr></thead>
                                <tbody>
                                    {list.into_iter().map(|q| view! {
                                        <tr>
                                            <td>{q.person_name.clone()}</td>
                                            <td>{q.sent_on}</td>
                                            <td>{fill(tp::WAITING_DAYS, &[("days", &q.waiting_days.to_string())])}</td>
                                            <td><A href=format!("/revue/{}", q.dossier_id) attr:class="button secondary">{tp::OPEN_REVIEW}</A></td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The demandes whose équipe she belongs to, with their state.
#[component]
fn MyDossiers() -> impl IntoView {
    use crate::coedit::my_dossiers;
    use crate::pages::dossier::state_label;
    use leptos_router::components::A;
    let dossiers = Resource::new(|| (), |_| my_dossiers());
    view! {
        <section class="card" aria-labelledby="dossiers-title">
            <h2 id="dossiers-title">{tp::MY_DOSSIERS_TITLE}</h2>
            <Suspense fallback=|| view! { <p>{t::LOADING}</p> }>
                {move || Suspend::new(async move {
                    match dossiers.await {
                        Err(e) => crate::components::load_error(e),
                        Ok(list) if list.is_empty() => view! { <p>{tp::MY_DOSSIERS_EMPTY}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="links" data-testid="my-dossiers">
                                {list.into_iter().map(|d| view! {
                                    <li>
                                        <A href=format!("/dossier/{}", d.dossier_id)>
                                            {crate::text::fill(tp::OPEN_DOSSIER, &[("name", &d.person_name)])}
                                        </A>
                                        {format!(" — {}", state_label(d.state))}
                                    </li>
                                }).collect_view()}
                            </ul>
                        }
                            .into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
