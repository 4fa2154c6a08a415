//! The MDS head reads a demande sent to her and decides.

use crate::components::{FieldError, FormError, field_error, form_error};
use crate::demande::{DecideDemande, list_animateurs, review_demande};
use crate::domain::demande::STEPS;
use crate::domain::role::HeadRank;
use crate::error::Field;
use crate::text::{fill, person as t, pro as tp};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ReviewPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let demande = Resource::new(id, review_demande);
    let decide = ServerAction::<DecideDemande>::new();
    let value = decide.value();
    let heads = Resource::new(|| (), |_| list_animateurs());
    view! {
        <Suspense fallback=|| view! { <p>{t::LOADING}</p> }>
            {move || Suspend::new(async move {
                let heads = heads.await.unwrap_or_default();
                match demande.await {
                    Err(e) => crate::components::load_error(e),
                    Ok(d) => {
                        let title = fill(tp::REVIEW_TITLE, &[("name", &d.person_name)]);
                        view! {
                            <Title text=title.clone() />
                            <h1>{title}</h1>
                            {d.sent_on.clone().map(|date| view! { <p class="notice" data-testid="sent-version">{fill(tp::REVIEW_SENT_VERSION, &[("date", &date)])}</p> })}
                            {STEPS.iter().map(|step| {
                                let answered = d.answered(step);
                                (!answered.is_empty()).then(|| view! {
                                    <section class="card">
                                        <h2><img src=step.icon alt="" width="32" height="32" />{step.title}</h2>
                                        <dl>{answered.into_iter().map(|(l, v)| view! { <dt>{l}</dt><dd class="answer">{v}</dd> }).collect_view()}</dl>
                                    </section>
                                })
                            }).collect_view()}
                            <ActionForm action=decide attr:class="form card">
                                <h2>{tp::DECISION_LABEL}</h2>
                                <FormError message=form_error(value, t::ERR_INTERNAL) />
                                <input type="hidden" name="dossier_id" value=d.dossier_id />
                                <fieldset>
                                    <legend>{tp::DECISION_LABEL}</legend>
                                    <label class="choice"><input type="radio" name="decision" value="validate" checked=true />{tp::DECISION_VALIDATE}</label>
                                    <label class="choice"><input type="radio" name="decision" value="more_info" />{tp::DECISION_MORE_INFO}</label>
                                    <label class="choice"><input type="radio" name="decision" value="refuse" />{tp::DECISION_REFUSE}</label>
                                </fieldset>
                                <div class="field">
                                    <label for="message">{tp::DECISION_MESSAGE_LABEL}</label>
                                    <p class="hint" id="message-hint">{tp::DECISION_MESSAGE_HINT}</p>
                                    <FieldError error=field_error(value, Field::Message) />
                                    <textarea id="message" name="message" rows="4" aria-describedby="message-hint"></textarea>
                                </div>
                                <div class="field">
                                    <label for="animateur">{tp::ANIMATEUR_LABEL}</label>
                                    <p class="hint" id="animateur-hint">{tp::ANIMATEUR_HINT}</p>
                                    <FieldError error=field_error(value, Field::Animateur) />
                                    <select id="animateur" name="animateur" aria-describedby="animateur-hint">
                                        {heads.into_iter().map(|h| {
                                            let rank = match h.rank {
                                                Some(HeadRank::Responsable) => tp::ROLE_HEAD_RESPONSABLE,
                                                _ => tp::ROLE_HEAD_ADJOINT,
                                            };
                                            view! { <option value=h.id>{format!("{} ({rank})", h.name)}</option> }
                                        }).collect_view()}
                                    </select>
                                </div>
                                <button type="submit" class="button primary">{tp::DECISION_BUTTON}</button>
                            </ActionForm>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
