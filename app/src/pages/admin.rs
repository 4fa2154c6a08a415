//! Home of an administrator: open professionals' accounts. An
//! administrator sees no person's information.

use crate::accounts::{CreateStaffAccount, ReissueAccessCode, list_mds, list_staff};
use crate::components::{FieldError, FormError, LatestSheet, TextField, field_error, form_error};
use crate::domain::role::Function;
use crate::error::Field;
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
        <LatestSheet values=[create.value(), reissue.value()] />
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
    }
}
