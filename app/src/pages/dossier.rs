//! A professional of her équipe reads her demande (only what she shared
//! with him), follows it live and proposes wordings. The page is also his
//! printable copy, with the purpose-limitation line.

use crate::coedit::{SharedDemandeView, Suggest, shared_demande};
use crate::components::live::use_live;
use crate::components::{FieldError, FormError, PrintButton, field_error, form_error};
use crate::domain::demande::{Question, STEPS};
use crate::domain::dossier::State;
use crate::domain::sharing::Kind;
use crate::error::Field;
use crate::sharing::{RecordException, list_exceptions};
use crate::text::{fill, person as t, pro as tp};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

pub fn state_label(state: State) -> &'static str {
    match state {
        State::Draft => tp::DOSSIER_STATE_DRAFT,
        State::Sent => tp::DOSSIER_STATE_SENT,
        State::MoreInfoAsked => tp::DOSSIER_STATE_MORE_INFO,
        State::Validated => tp::DOSSIER_STATE_VALIDATED,
        State::NotValidated => tp::DOSSIER_STATE_NOT_VALIDATED,
    }
}

#[component]
pub fn DossierPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(-1));
    let first = Resource::new(id, shared_demande);
    view! {
        <Suspense fallback=|| view! { <p>{t::LOADING}</p> }>
            {move || Suspend::new(async move {
                match first.await {
                    Ok(d) => {
                        let title = fill(tp::DOSSIER_TITLE, &[("name", &d.person_name)]);
                        view! { <SharedView initial=d source=Source::Member title /> }.into_any()
                    }
                    Err(e) => crate::components::load_error(e),
                }
            })}
        </Suspense>
    }
}

/// Whose page this is: a member's own, or hers "seen as" one member.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Member,
    SeenBy(i64),
}

impl Source {
    /// The page again, through the door, as it was first built.
    async fn reload(self, dossier: i64) -> Result<SharedDemandeView, crate::error::AppError> {
        match self {
            Source::Member => shared_demande(dossier).await,
            Source::SeenBy(staff) => crate::sharing::see_as(staff).await.map(|s| s.view),
        }
    }
}

/// Her demande as one member receives it. Built once, both for his page and
/// for her "Voir comme" (`source`), so that the two cannot differ.
/// `seen_by`: on her "Voir comme", the member's name, which her reasons say.
#[component]
pub fn SharedView(initial: SharedDemandeView, source: Source, title: String, #[prop(optional)] seen_by: String) -> impl IntoView {
    let dossier = initial.dossier_id;
    let live = use_live(dossier, initial.revision);
    let data = RwSignal::new(initial);
    let member_page = source == Source::Member;
    // Reloaded through the door at every change: a withdrawn consent takes
    // the item off this page within a second.
    Effect::new(move |seen: Option<i64>| {
        let revision = live.revision.get();
        if seen.is_some_and(|s| s != revision) {
            leptos::task::spawn_local(async move {
                // An older answer arriving last must not bring back an
                // item she has since withdrawn.
                if let Ok(d) = source.reload(dossier).await
                    && data.try_with_untracked(|shown| d.revision >= shown.revision) == Some(true)
                {
                    data.try_set(d);
                }
            });
        }
        revision
    });
    let present = move || {
        let names = live.present.get();
        (member_page && !names.is_empty()).then(|| fill(tp::DOSSIER_PRESENT, &[("names", &names.join(", "))]))
    };
    let shown_steps =
        move || data.with(|d| STEPS.iter().enumerate().filter(|(_, s)| d.shows(s.kind)).map(|(i, _)| i).collect::<Vec<_>>());
    let animate = data.with_untracked(|d| d.i_animate) && member_page;
    view! {
        <Title text=title.clone() />
        <h1>{title}</h1>
        <p class="lead" data-testid="dossier-state">{move || state_label(data.with(|d| d.state))}</p>
        <p class="notice" role="status" data-testid="present" hidden=move || present().is_none()>{present}</p>
        <p class="purpose" data-testid="purpose">{tp::DOSSIER_PURPOSE}</p>
        {member_page.then(|| view! {
            <p class="no-print"><A href=format!("/dossier/{dossier}/livret") attr:data-testid="livret-link">{tp::LIVRET_OPEN_STAFF}</A></p>
        })}
        <PrintButton />
        <For each=shown_steps key=|i| *i let:i>
            <section class="card summary-step" data-kind=STEPS[i].kind.as_str()>
                <h2>
                    <img src=STEPS[i].icon alt="" width="32" height="32" />
                    {STEPS[i].title}
                </h2>
                {STEPS[i]
                    .questions
                    .iter()
                    .map(|q| view! { <SharedAnswer q=*q dossier data may_suggest=member_page /> })
                    .collect_view()}
            </section>
        </For>
        <section class="card" aria-labelledby="hidden-title">
            <h2 id="hidden-title">{if member_page { tp::DOSSIER_HIDDEN_TITLE.to_owned() } else { fill(t::SEE_AS_HIDDEN_TITLE, &[("name", &seen_by)]) }}</h2>
            <p>{if member_page { tp::DOSSIER_HIDDEN_INTRO } else { t::SHARING_INTRO_1 }}</p>
            <ul data-testid="hidden">
                <For each=move || data.with(|d| d.hidden.clone()) key=|h| (h.kind, h.reason) let:h>
                    <li data-kind=h.kind.as_str()>
                        {format!(
                            "{} : {}",
                            h.kind.label(),
                            if member_page { h.reason.pro_message().to_owned() } else { h.reason.message(&seen_by) }
                        )}
                    </li>
                </For>
            </ul>
        </section>
        {animate.then(|| view! {
            <p class="hint">{tp::DOSSIER_ANIMATE_HINT}</p>
            <Exceptions dossier />
        })}
    }
}

/// One question: her words (or "no answer"), who wrote them, and a box to
/// propose another wording while the demande can still change.
#[component]
fn SharedAnswer(q: Question, dossier: i64, data: RwSignal<SharedDemandeView>, may_suggest: bool) -> impl IntoView {
    let field = q.field;
    let suggest = ServerAction::<Suggest>::new();
    let form = NodeRef::<leptos::html::Form>::new();
    let (general, empty) = (form_error(suggest.value(), t::ERR_INTERNAL), field_error(suggest.value(), Field::Answer));
    let problem = Signal::derive(move || general.get().or_else(|| empty.get()));
    // Sent: the box empties (the proposal shows above, waiting for her).
    Effect::new(move |_| {
        if matches!(suggest.value().get(), Some(Ok(())))
            && let Some(f) = form.get_untracked()
        {
            f.reset();
        }
    });
    let answer = move || data.with(|d| d.value(field).cloned());
    let words = move || {
        answer().filter(|a| !a.value.trim().is_empty()).map(|a| {
            if a.by_owner { tp::DOSSIER_WORDS_OWNER.to_owned() } else { fill(tp::DOSSIER_WORDS_BY, &[("name", &a.author)]) }
        })
    };
    let mine =
        move || data.with(|d| d.suggestions.iter().filter(|s| s.field == field).map(|s| s.value.clone()).collect::<Vec<_>>());
    let editable = move || may_suggest && data.with(|d| d.state.editable());
    view! {
        <div class="shared-answer" data-field=field>
            <h3>{q.label}</h3>
            <p class="answer">
                {move || answer().map(|a| a.value).filter(|v| !v.trim().is_empty()).unwrap_or_else(|| tp::DOSSIER_NO_ANSWER.to_owned())}
            </p>
            <p class="hint">{words}</p>
            {move || {
                let mine = mine();
                (!mine.is_empty()).then(|| view! {
                    <div class="notice">
                        <p>{tp::SUGGEST_PENDING}</p>
                        {mine.into_iter().map(|v| view! { <blockquote class="answer">{v}</blockquote> }).collect_view()}
                    </div>
                })
            }}
            <Show when=editable>
                {move || {
                    let input_id = format!("s-{}", field.replace('.', "-"));
                    let hint_id = format!("{input_id}-hint");
                    view! {
                        <details class="no-print">
                            <summary>{tp::SUGGEST_LABEL}</summary>
                            <ActionForm action=suggest node_ref=form attr:class="form">
                                <FormError message=problem />
                                <input type="hidden" name="dossier_id" value=dossier />
                                <input type="hidden" name="field" value=field />
                                <div class="field">
                                    <label for=input_id.clone()>{tp::SUGGEST_LABEL}</label>
                                    <p class="hint" id=hint_id.clone()>{tp::SUGGEST_HINT}</p>
                                    <textarea id=input_id name="value" rows="4" aria-describedby=hint_id></textarea>
                                </div>
                                <button type="submit" class="button primary">{tp::SUGGEST_BUTTON}</button>
                            </ActionForm>
                        </details>
                    }
                }}
            </Show>
        </div>
    }
}

/// The animateur records that a professional needs a kind outside his
/// mission; the person reads the reason on her sharing page.
#[component]
pub fn Exceptions(dossier: i64) -> impl IntoView {
    let record = ServerAction::<RecordException>::new();
    let value = record.value();
    let view_data = Resource::new(move || record.version().get(), move |_| list_exceptions(dossier));
    view! {
        <section class="card" aria-labelledby="exceptions-title">
            <h2 id="exceptions-title">{tp::EXCEPTIONS_TITLE}</h2>
            <p>{tp::EXCEPTIONS_INTRO}</p>
            <Transition fallback=|| view! { <p>{t::LOADING}</p> }>
                {move || Suspend::new(async move {
                    let data = match view_data.await {
                        Ok(d) => d,
                        Err(e) => return crate::components::load_error(e),
                    };
                    view! {
                        {if data.exceptions.is_empty() {
                            view! { <p>{tp::EXCEPTIONS_NONE}</p> }.into_any()
                        } else {
                            view! {
                                <ul data-testid="exceptions">
                                    {data.exceptions.into_iter().map(|e| view! {
                                        <li>{fill(tp::EXCEPTION_LINE, &[("name", &e.name), ("kind", e.kind.label()), ("reason", &e.reason)])}</li>
                                    }).collect_view()}
                                </ul>
                            }
                                .into_any()
                        }}
                        <ActionForm action=record attr:class="form">
                            <FormError message=form_error(value, t::ERR_INTERNAL) />
                            <input type="hidden" name="dossier_id" value=dossier />
                            <div class="field">
                                <label for="staff_id">{tp::EXCEPTION_STAFF}</label>
                                <select id="staff_id" name="staff_id">
                                    {data.members.into_iter().map(|m| view! {
                                        <option value=m.staff_id>{format!("{} ({})", m.name, m.function.map(|f| f.label()).unwrap_or_default())}</option>
                                    }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for="kind">{tp::EXCEPTION_KIND}</label>
                                <FieldError error=field_error(value, Field::Kind) />
                                <select id="kind" name="kind">
                                    {Kind::ALL.into_iter().map(|k| view! { <option value=k.as_str()>{k.label()}</option> }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for="reason">{tp::EXCEPTION_REASON}</label>
                                <FieldError error=field_error(value, Field::Reason) />
                                <textarea id="reason" name="reason" rows="3"></textarea>
                            </div>
                            <button type="submit" class="button primary">{tp::EXCEPTION_BUTTON}</button>
                        </ActionForm>
                    }
                        .into_any()
                })}
            </Transition>
        </section>
    }
}
