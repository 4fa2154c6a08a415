//! Home of an administrator: open professionals' accounts and set what
//! each function may see. An administrator sees no person's information.

use crate::accounts::{
    ConfirmHeadRequest, CreateStaffAccount, ReissueAccessCode, SheetOutcome, list_head_requests, list_mds, list_staff,
};
use crate::components::{
    AccessSheetView, AccountNotices, FieldError, FormError, LatestSheet, TextField, field_error, form_error, sheet_of_outcome,
};
use crate::domain::role::Function;
use crate::error::Field;
use crate::perimeters::{Perimeter, SavePerimeter, list_perimeters};
use crate::text::{person as t, pro as tp};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AdminHome() -> impl IntoView {
    let create = ServerAction::<CreateStaffAccount>::new();
    let reissue = ServerAction::<ReissueAccessCode>::new();
    let staff = Resource::new(move || (create.version().get(), reissue.version().get()), |_| list_staff());
    let mds = Resource::new(|| (), |_| list_mds());
    let value = create.value();
    view! {
        <Title text=tp::ADMIN_TITLE />
        <h1>{tp::ADMIN_TITLE}</h1>
        <AccountNotices />
        <LatestSheet sheets=vec![sheet_of_outcome(create.value()), sheet_of_outcome(reissue.value())] />
        <AwaitingConfirmation values=[create.value(), reissue.value()] />
        <HeadRequests refresh=Signal::derive(move || create.version().get() + reissue.version().get()) />
        <section class="card no-print" aria-labelledby="new-staff-title">
            <h2 id="new-staff-title">{tp::ADMIN_NEW_PRO}</h2>
            <ActionForm action=create attr:class="form" attr:novalidate=true>
                <FormError message=form_error(value, t::ERR_INTERNAL) />
                <TextField field=Field::Name label=tp::NAME_LABEL maxlength=100 autocomplete="off" error=field_error(value, Field::Name) />
                <TextField field=Field::Email label=tp::EMAIL_LABEL input_type="email" maxlength=254 autocomplete="off" error=field_error(value, Field::Email) />
                <div class="field">
                    <label for="rank">{tp::ROLE_LABEL}</label>
                    <select id="rank" name="rank">
                        <option value="professional">{tp::ROLE_PROFESSIONAL}</option>
                        <option value="responsable">{tp::ROLE_HEAD_RESPONSABLE}</option>
                        <option value="adjoint">{tp::ROLE_HEAD_ADJOINT}</option>
                    </select>
                </div>
                <div class="field">
                    <label for="function">{tp::FUNCTION_LABEL}</label>
                    <select id="function" name="function">
                        {Function::ALL.into_iter().map(|f| view! { <option value=f.as_str()>{f.label()}</option> }).collect_view()}
                    </select>
                </div>
                <TextField field=Field::Institution label=tp::INSTITUTION_LABEL maxlength=100 error=field_error(value, Field::Institution) />
                <TextField field=Field::Mission label=tp::MISSION_LABEL hint=tp::MISSION_HINT maxlength=300 error=field_error(value, Field::Mission) />
                <div class="field">
                    <label for="mds">{tp::MDS_LABEL}</label>
                    <Transition fallback=|| view! { <p>{t::LOADING}</p> }>
                        {move || Suspend::new(async move {
                            match mds.await {
                                Ok(list) if !list.is_empty() => view! {
                                    <select id="mds" name="mds">
                                        {list.into_iter().map(|m| view! { <option value=m.id>{m.name}</option> }).collect_view()}
                                    </select>
                                }.into_any(),
                                Ok(_) => view! { <p>{tp::MDS_NONE}</p> }.into_any(),
                                Err(e) => crate::components::load_error(e),
                            }
                        })}
                    </Transition>
                    <FieldError error=field_error(value, Field::Mds) />
                </div>
                <button type="submit" class="button primary">{tp::ADMIN_CREATE_BUTTON}</button>
            </ActionForm>
        </section>
        <section class="no-print" aria-labelledby="staff-title">
            <h2 id="staff-title">{tp::ADMIN_TITLE}</h2>
            <Transition fallback=|| view! { <p>{t::LOADING}</p> }>
                {move || Suspend::new(async move {
                    match staff.await {
                        Err(e) => crate::components::load_error(e),
                        Ok(list) => view! {
                            <table class="table">
                                <thead>
                                    <tr>
                                        <th scope="col">{tp::COL_NAME}</th>
                                        <th scope="col">{tp::COL_EMAIL}</th>
                                        <th scope="col">{tp::COL_FUNCTION}</th>
                                        <th scope="col">{tp::COL_INSTITUTION}</th>
                                        <th scope="col">{tp::COL_MDS}</th>
                                        <th scope="col">{tp::COL_STATE}</th>
                                        <th scope="col">{tp::COL_ACTION}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {list.into_iter().map(|s| {
                                        let function = s.function.map(Function::label).unwrap_or_default();
                                        let state = if s.has_secret { tp::PERSON_HAS_SECRET } else { tp::PERSON_WAITING };
                                        view! {
                                            <tr>
                                                <td>{s.display_name}</td>
                                                <td>{s.email}</td>
                                                <td>{function}</td>
                                                <td>{s.institution}</td>
                                                <td>{s.mds_name}</td>
                                                <td>{state}</td>
                                                <td>
                                                    <ActionForm action=reissue attr:class="inline">
                                                        <input type="hidden" name="account_id" value=s.id />
                                                        <button type="submit" class="button secondary">{tp::REISSUE_BUTTON}</button>
                                                    </ActionForm>
                                                </td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
        <Perimeters />
    }
}

/// "A second person must confirm", after a request for a head account.
#[component]
fn AwaitingConfirmation<V>(values: [V; 2]) -> impl IntoView
where
    V: Get<Value = Option<Result<SheetOutcome, crate::error::AppError>>> + Copy + Send + Sync + 'static,
{
    let waiting = move || values.iter().any(|v| matches!(v.get(), Some(Ok(SheetOutcome::AwaitingConfirmation))));
    view! {
        <Show when=waiting>
            <p class="notice" role="status" data-testid="awaiting-confirmation">{tp::AWAITING_CONFIRMATION}</p>
        </Show>
    }
}

/// Head accounts (or their new sheets) waiting for a second person: the
/// administrator who did not ask, or a head of that MDS, confirms and
/// receives the sheet to hand over.
#[component]
pub fn HeadRequests(#[prop(into)] refresh: Signal<usize>) -> impl IntoView {
    let confirm = ServerAction::<ConfirmHeadRequest>::new();
    let requests = Resource::new(move || (refresh.get(), confirm.version().get()), |_| list_head_requests());
    let value = confirm.value();
    view! {
        <section class="card no-print" aria-labelledby="head-requests-title" data-testid="head-requests">
            <h2 id="head-requests-title">{tp::HEAD_REQUESTS_TITLE}</h2>
            <p>{tp::HEAD_REQUESTS_INTRO}</p>
            <FormError message=form_error(value, t::ERR_INTERNAL) />
            {move || value.get().and_then(Result::ok).map(|sheet| view! { <AccessSheetView sheet /> })}
            <Transition fallback=|| view! { <p>{t::LOADING}</p> }>
                {move || Suspend::new(async move {
                    match requests.await {
                        Err(e) => crate::components::load_error(e),
                        Ok(list) if list.is_empty() => view! { <p>{tp::HEAD_REQUESTS_NONE}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="links">
                                {list.into_iter().map(|r| {
                                    let rank = match r.rank {
                                        Some(crate::domain::role::HeadRank::Responsable) => tp::ROLE_HEAD_RESPONSABLE,
                                        _ => tp::ROLE_HEAD_ADJOINT,
                                    };
                                    let what = if r.new_sheet {
                                        crate::text::fill(tp::HEAD_REQUEST_SHEET, &[("name", &r.name), ("mds", &r.mds_name)])
                                    } else {
                                        crate::text::fill(tp::HEAD_REQUEST_OPEN, &[("name", &r.name), ("rank", rank), ("mds", &r.mds_name)])
                                    };
                                    view! {
                                        <li data-testid="head-request">
                                            <p><strong>{what}</strong></p>
                                            <p class="hint">{crate::text::fill(tp::HEAD_REQUEST_BY, &[("by", &r.requested_by), ("date", &r.on)])}</p>
                                            {if r.mine {
                                                view! { <p class="hint">{tp::HEAD_REQUEST_MINE}</p> }.into_any()
                                            } else {
                                                view! {
                                                    <ActionForm action=confirm attr:class="inline">
                                                        <input type="hidden" name="id" value=r.id />
                                                        <button type="submit" class="button primary">{tp::HEAD_REQUEST_CONFIRM}</button>
                                                    </ActionForm>
                                                }
                                                    .into_any()
                                            }}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }
                            .into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The mission perimeters, one form per function.
#[component]
fn Perimeters() -> impl IntoView {
    let perimeters = Resource::new(|| (), |_| list_perimeters());
    view! {
        <section class="no-print" aria-labelledby="perimeters-title">
            <h2 id="perimeters-title">{tp::PERIMETERS_TITLE}</h2>
            <p>{tp::PERIMETERS_INTRO}</p>
            <p>{tp::PERIMETERS_AT_ONCE}</p>
            <Transition fallback=|| view! { <p>{t::LOADING}</p> }>
                {move || Suspend::new(async move {
                    match perimeters.await {
                        Err(e) => crate::components::load_error(e),
                        Ok(list) => list.into_iter().map(|p| view! { <PerimeterCard p /> }).collect_view().into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn PerimeterCard(p: Perimeter) -> impl IntoView {
    let save = ServerAction::<SavePerimeter>::new();
    let value = save.value();
    let saved = move || matches!(value.get(), Some(Ok(())));
    let function = p.function.as_str();
    let title_id = format!("perimeter-{function}");
    let last_change = match p.last_change {
        Some(who) => crate::text::fill(tp::PERIMETER_LAST_CHANGE, &[("who", &who)]),
        None => tp::PERIMETER_NEVER_CHANGED.to_owned(),
    };
    view! {
        <section class="card" aria-labelledby=title_id.clone() data-testid="perimeter">
            <h3 id=title_id.clone()>{p.function.label()}</h3>
            <p class="hint">{last_change}</p>
            <ActionForm action=save attr:class="form perimeter">
                <input type="hidden" name="function" value=function />
                <FormError message=form_error(value, t::ERR_INTERNAL) />
                <fieldset>
                    <legend>{tp::PERIMETER_MAY_SEE}</legend>
                    {crate::domain::sharing::Kind::ALL.into_iter().map(|kind| {
                        let input_id = format!("p-{function}-{}", kind.as_str());
                        // What the law closes, or opens only by an exception, cannot be
                        // ticked (the server refuses it too).
                        let closed = !crate::domain::sharing::may_be_in_mission(p.function, kind);
                        let why = if crate::domain::sharing::lawful(p.function, kind) {
                            tp::PERIMETER_EXCEPTION_ONLY
                        } else {
                            tp::PERIMETER_FORBIDDEN
                        };
                        let note_id = format!("{input_id}-note");
                        view! {
                            <div class="check">
                                <input
                                    type="checkbox"
                                    id=input_id.clone()
                                    name=kind.as_str()
                                    value="on"
                                    checked=p.kinds.contains(&kind) && !closed
                                    disabled=closed
                                    aria-describedby=closed.then(|| note_id.clone())
                                />
                                <label for=input_id>
                                    <img src=kind.icon() alt="" width="32" height="32" />
                                    {kind.label()}
                                </label>
                                {closed.then(|| view! { <p class="hint" id=note_id>{why}</p> })}
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <button type="submit" class="button primary">{tp::PERIMETER_SAVE}</button>
                <p class="notice" role="status" hidden=move || !saved()>{tp::PERIMETER_SAVED}</p>
            </ActionForm>
        </section>
    }
}
