//! The guided demande, one step per screen, saved at every change; and the
//! last step: read it all and send it.

use crate::coedit::{AnswerSuggestion, Suggestion};
use crate::components::live::use_live;
use crate::components::{FormError, PrintButton, form_error};
use crate::demande::{Answer, DemandeView, MyStep, SaveAnswer, SaveStep, SendDemande, StepAnswers, my_demande};
use crate::domain::demande::{QUESTIONS, Question, STEPS, step_count};
use crate::error::AppError;
use crate::text::{fill, person as t};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use server_fn::ServerFn;

#[component]
pub fn DemandePage() -> impl IntoView {
    let params = use_params_map();
    let number = move || params.with(|p| p.get("step").and_then(|s| s.parse::<usize>().ok()).unwrap_or(1).clamp(1, step_count()));
    let demande = Resource::new(number, |_| my_demande());
    view! {
        <Suspense fallback=|| view! { <p>{t::LOADING}</p> }>
            {move || Suspend::new(async move {
                let n = number();
                match demande.await {
                    Err(e) => crate::components::load_error(e),
                    Ok(d) if n == step_count() => view! { <Summary demande=d /> }.into_any(),
                    Ok(d) => view! { <StepScreen demande=d index=n - 1 /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn progress(n: usize) -> String {
    fill(t::STEP_OF, &[("n", &n.to_string()), ("total", &step_count().to_string())])
}

#[component]
fn StepScreen(demande: DemandeView, index: usize) -> impl IntoView {
    let step = STEPS[index];
    let editable = demande.state.editable();
    let n = index + 1;
    view! {
        <Title text=step.title />
        <p class="progress">
            <progress max=step_count() value=n aria-hidden="true"></progress>
            <span>{progress(n)}</span>
        </p>
        <h1>
            <img src=step.icon alt="" width="48" height="48" />
            {step.title}
        </h1>
        {(index == 0).then(|| view! { <p>{t::DEMANDE_INTRO}</p> })}
        {(!step.intro.is_empty()).then(|| view! {
            <div class="card step-intro" data-testid="step-intro">
                {step.intro.iter().map(|p| view! { <p>{*p}</p> }).collect_view()}
            </div>
        })}
        {(!editable).then(|| view! { <p class="notice">{t::READ_ONLY}</p> })}
        <StepError />
        <StepForm start=demande.step_answers(&step) index editable />
    }
}

/// Why "Suivant" did not take her further when its form was posted before
/// the code started (or without JavaScript): the server brings the step
/// again with the error in its address.
#[component]
fn StepError() -> impl IntoView {
    let action = ServerAction::<SaveStep>::new();
    view! { <FormError message=form_error(action.value(), t::ERR_INTERNAL) /> }
}

/// The step's answer boxes, who else is here and the proposals, kept up to
/// date while she writes. An island: on her phone, the page comes with the
/// light bundle (see `light`), so links here are plain ones, and its forms
/// post as without JavaScript until the code starts, then by `wire::submit`:
/// no `ServerAction` here (see `light`).
#[cfg_attr(any(not(feature = "light"), feature = "light-demande"), island)]
#[cfg_attr(all(feature = "light", not(feature = "light-demande")), component)]
fn StepForm(start: StepAnswers, index: usize, editable: bool) -> impl IntoView {
    let questions = QUESTIONS[index];
    let n = index + 1;
    // "Suivant": her answers saved by the same server function as the
    // form's own post, then the next step; a refusal or a network failure
    // shows here, her text on screen.
    let next_failed = RwSignal::new(None::<Result<(), AppError>>);
    let next = move |ev: leptos::ev::SubmitEvent| {
        crate::wire::submit(&ev, SaveStep::PATH, move |answer: Result<(), AppError>| match answer {
            Ok(()) => crate::wire::go_to(&format!("/demande/{}", n + 1)),
            Err(e) => {
                next_failed.try_set(Some(Err(e)));
            }
        });
    };
    // What the server holds, refreshed whenever the dossier changes
    // (another screen of hers, a proposal from a professional).
    let live = use_live(start.dossier_id, start.revision);
    let answers = RwSignal::new(start.answers.clone());
    let suggestions = RwSignal::new(start.suggestions.clone());
    let shown = RwSignal::new(start.revision);
    Effect::new(move |seen: Option<i64>| {
        let revision = live.revision.get();
        if seen.is_some_and(|s| s != revision) {
            leptos::task::spawn_local(async move {
                // Answers may arrive after she left the step, or out of order.
                let asked = index.to_string();
                if let Ok(d) = crate::wire::call::<StepAnswers>(MyStep::PATH, &[("index", &asked)]).await
                    && shown.try_get_untracked().is_some_and(|r| d.revision >= r)
                {
                    shown.try_set(d.revision);
                    answers.try_set(d.answers);
                    suggestions.try_set(d.suggestions);
                }
            });
        }
        revision
    });
    let present = move || {
        let names = live.present.get();
        (!names.is_empty()).then(|| fill(t::PRESENT, &[("names", &names.join(", "))]))
    };
    view! {
        <p class="notice" role="status" data-testid="present" hidden=move || present().is_none()>{present}</p>
        <form method="post" action=SaveStep::PATH class="form" on:submit=next>
            <FormError message=form_error(next_failed, t::ERR_INTERNAL) />
            <input type="hidden" name="step" value=index />
            <input type="hidden" name="fields" value=crate::domain::demande::field_list(questions) />
            {questions
                .iter()
                .enumerate()
                .map(|(i, q)| {
                    let answer = start.answer(q.field).cloned();
                    let field = q.field;
                    let remote = Signal::derive(move || answers.with(|all| all.iter().find(|a| a.field == field).cloned()));
                    view! {
                        <AnswerBox
                            question=*q
                            position=i
                            value=answer.as_ref().map(|a| a.value.clone()).unwrap_or_default()
                            version=answer.map_or(0, |a| a.version)
                            editable
                            remote
                        />
                    }
                })
                .collect_view()}
            <div class="step-nav">
                {(index > 0).then(|| view! { <a href=format!("/demande/{index}") class="button secondary">{t::PREVIOUS}</a> })}
                {if editable {
                    Either::Left(view! { <button type="submit" class="button primary">{t::NEXT}</button> })
                } else {
                    Either::Right(view! { <a href=format!("/demande/{}", n + 1) class="button primary">{t::NEXT}</a> })
                }}
            </div>
        </form>
        <Proposals fields=questions suggestions editable />
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Saving {
    Saved,
    Typing,
    Sending,
    Failed,
    Conflict,
}

impl Saving {
    /// Written on the page (`data-state`), for the browser tests. Not
    /// `Debug`: its formatting code would go into her light bundle.
    fn name(self) -> &'static str {
        match self {
            Saving::Saved => "Saved",
            Saving::Typing => "Typing",
            Saving::Sending => "Sending",
            Saving::Failed => "Failed",
            Saving::Conflict => "Conflict",
        }
    }
}

/// How long the autosave waits before trying a failed save again: a bit
/// longer after each failure, never more than the last one.
const RETRY_AFTER_MS: [u64; 4] = [1_000, 2_000, 3_000, 4_000];

/// One answer: saved on the server a moment after she stops typing. If the
/// network or the server fails, her text stays on screen with a "retry"
/// button, and the save is tried again by itself until it passes.
#[component]
fn AnswerBox(
    question: Question,
    position: usize,
    value: String,
    version: i64,
    editable: bool,
    /// The answer as the server holds it now.
    remote: Signal<Option<Answer>>,
) -> impl IntoView {
    let id = format!("a{position}");
    let typed_early = crate::form_memory::typed_before_start(&id).filter(|_| editable);
    let text = RwSignal::new(typed_early.clone().unwrap_or_else(|| value.clone()));
    let version = RwSignal::new(version);
    let status = RwSignal::new(Saving::Saved);
    // The answer of the last save to come back.
    let saved = RwSignal::new(None::<Result<i64, AppError>>);
    // The next save: after she stops typing, or the next automatic try.
    let timer = StoredValue::new(None::<TimeoutHandle>);
    // Failed tries in a row, for the wait before the next one.
    let failures = StoredValue::new(0usize);
    // `try_`: a timer may fire after she left the page (the whole
    // application's router keeps the tab).
    let dispatch = move || {
        let (Some(value), Some(base)) = (text.try_get_untracked(), version.try_get_untracked()) else { return };
        let base = base.to_string();
        leptos::task::spawn_local(async move {
            let asked = [("field", question.field), ("value", value.as_str()), ("version", base.as_str())];
            let answer = crate::wire::call::<i64>(SaveAnswer::PATH, &asked).await;
            // Dropped if she left the page meanwhile.
            saved.try_set(Some(answer));
        });
    };
    let send = move || {
        if status.try_set(Saving::Sending).is_none() {
            dispatch();
        }
    };
    // Tries a failed save again after a while, unless she typed meanwhile
    // (her own save follows), pressed "retry", or left the page.
    let retry_later = move |after: std::time::Duration| {
        if let Some(h) = timer.get_value() {
            h.clear();
        }
        let again = move || {
            if status.try_get_untracked() == Some(Saving::Failed) {
                dispatch();
            }
        };
        timer.set_value(set_timeout_with_handle(again, after).ok());
    };
    Effect::new(move |_| {
        let Some(result) = saved.get() else { return };
        match result {
            Ok(v) => {
                failures.set_value(0);
                version.set(v);
                // Typed again while saving: another save follows.
                if matches!(status.get_untracked(), Saving::Sending | Saving::Failed) {
                    status.set(Saving::Saved);
                }
            }
            Err(AppError::Conflict) => status.set(Saving::Conflict),
            Err(e) => {
                // Typed again while saving: her next save is already planned.
                if status.get_untracked() == Saving::Typing {
                    return;
                }
                status.set(Saving::Failed);
                // The network or the database may come back: try again
                // later, with "not saved yet" on screen meanwhile.
                if e.may_pass_later() {
                    let n = failures.get_value();
                    failures.set_value(n + 1);
                    let wait = RETRY_AFTER_MS[n.min(RETRY_AFTER_MS.len() - 1)];
                    retry_later(std::time::Duration::from_millis(wait));
                }
            }
        }
    });
    // A newer text from elsewhere replaces hers only while she is not
    // typing; otherwise her next save meets the conflict below.
    Effect::new(move |_| {
        let Some(r) = remote.get() else { return };
        if r.version > version.get_untracked() && status.get_untracked() == Saving::Saved {
            text.set(r.value);
            version.set(r.version);
        }
    });
    // Typed before the code started: saved now, as if she had just typed.
    if typed_early.is_some() {
        Effect::new(move |_| send());
    }
    let keep_mine = move |_| {
        if let Some(r) = remote.get_untracked() {
            version.set(r.version);
        }
        send();
    };
    let take_other = move |_| {
        if let Some(r) = remote.get_untracked() {
            text.set(r.value);
            version.set(r.version);
        }
        status.set(Saving::Saved);
    };
    let authorship = move || {
        remote
            .get()
            .filter(|r| !r.value.trim().is_empty())
            .map(|r| if r.by_owner { t::WORDS_YOURS.to_owned() } else { fill(t::WORDS_BY, &[("name", &r.author)]) })
    };
    let on_input = move |ev| {
        text.set(event_target_value(&ev));
        status.set(Saving::Typing);
        if let Some(h) = timer.get_value() {
            h.clear();
        }
        timer.set_value(set_timeout_with_handle(send, std::time::Duration::from_millis(700)).ok());
    };
    let status_text = move || match status.get() {
        Saving::Saved => t::SAVED,
        Saving::Typing | Saving::Sending => t::SAVING,
        Saving::Failed => t::NOT_SAVED,
        Saving::Conflict => t::CHANGED_ELSEWHERE,
    };
    let status_id = format!("{id}-status");
    // Memos, as `<Show>` has: what they show is made again only when they turn.
    let failed = Memo::new(move |_| status.get() == Saving::Failed);
    let conflict = Memo::new(move |_| status.get() == Saving::Conflict);
    view! {
        <div class="field">
            <label for=id.clone()>{question.label}</label>
            <textarea
                id=id.clone()
                name=id
                rows="5"
                readonly=!editable
                aria-describedby=status_id.clone()
                prop:value=move || text.get()
                on:input=on_input
            >
                {value}
            </textarea>
            <p class="save-status" id=status_id role="status" data-state=move || status.get().name()>
                {move || editable.then(status_text)}
                {move || failed.get().then(|| view! {
                    <button type="button" class="button secondary" on:click=move |_| send()>{t::RETRY}</button>
                })}
            </p>
            <p class="authorship hint" data-testid="authorship">{authorship}</p>
            {move || conflict.get().then(|| view! {
                <div class="notice conflict" data-testid="conflict">
                    <p>{t::CONFLICT_OTHER}</p>
                    <blockquote class="answer">{move || remote.get().map(|r| r.value)}</blockquote>
                    <button type="button" class="button primary" on:click=keep_mine>{t::CONFLICT_KEEP}</button>
                    <button type="button" class="button secondary" on:click=take_other>{t::CONFLICT_TAKE}</button>
                </div>
            })}
        </div>
    }
}

/// Wordings her professionals propose for the answers of this step (as
/// `StepAnswers` carries them: this step's only): she takes one (it
/// replaces her text) or keeps hers.
#[component]
fn Proposals(fields: &'static [Question], suggestions: RwSignal<Vec<Suggestion>>, editable: bool) -> impl IntoView {
    // Her answer goes by `wire::submit`; the new text then comes with the
    // dossier's next revision, as any change.
    let answered = RwSignal::new(None::<Result<(), AppError>>);
    let answer = move |ev: leptos::ev::SubmitEvent| {
        crate::wire::submit(&ev, AnswerSuggestion::PATH, move |result| {
            answered.try_set(Some(result));
        });
    };
    // The list is drawn again whole when it changes (a proposal or two),
    // not with `<For>`: its keyed updates cost 5.8 KB of her light bundle
    // (compressed, measured).
    let cards = move || {
        suggestions
            .get()
            .into_iter()
            .map(|s| {
                view! {
                    <div class="card proposal" data-testid="proposal">
                        <p><strong>{fill(t::SUGGESTION_FROM, &[("name", &s.author)])}</strong></p>
                        <p class="hint">{fields.iter().find(|q| q.field == s.field).map(|q| q.label)}</p>
                        <blockquote class="answer">{s.value.clone()}</blockquote>
                        {editable.then(|| {
                            [("yes", t::SUGGESTION_ACCEPT, "button primary"), ("no", t::SUGGESTION_REFUSE, "button secondary")]
                                .into_iter()
                                .map(|(accept, label, class)| view! {
                                    <form method="post" action=AnswerSuggestion::PATH class="inline" on:submit=answer>
                                        <input type="hidden" name="id" value=s.id />
                                        <input type="hidden" name="accept" value=accept />
                                        <button type="submit" class=class>{label}</button>
                                    </form>
                                })
                                .collect_view()
                        })}
                    </div>
                }
            })
            .collect_view()
    };
    view! {
        <FormError message=form_error(answered, t::ERR_INTERNAL) />
        {cards}
    }
}

#[component]
fn Summary(demande: DemandeView) -> impl IntoView {
    let editable = demande.state.editable();
    let again = !demande.messages.is_empty();
    view! {
        <Title text=t::STEP_SUMMARY />
        <p class="progress">
            <progress max=step_count() value=step_count() aria-hidden="true"></progress>
            <span>{progress(step_count())}</span>
        </p>
        <h1>{t::STEP_SUMMARY}</h1>
        <p>{t::SUMMARY_INTRO}</p>
        {STEPS
            .iter()
            .enumerate()
            .map(|(i, step)| {
                let answered = demande.answered(step);
                view! {
                    <section class="card summary-step">
                        <h2>
                            <img src=step.icon alt="" width="32" height="32" />
                            {step.title}
                        </h2>
                        {if answered.is_empty() {
                            view! { <p>{t::SUMMARY_EMPTY}</p> }.into_any()
                        } else {
                            view! {
                                <dl>
                                    {answered.into_iter().map(|(label, value)| view! { <dt>{label}</dt><dd class="answer">{value}</dd> }).collect_view()}
                                </dl>
                            }
                                .into_any()
                        }}
                        {editable.then(|| view! { <A href=format!("/demande/{}", i + 1)>{step.title}</A> })}
                    </section>
                }
            })
            .collect_view()}
        <PrintButton />
        {editable.then(|| view! { <SendForm again /> })}
    }
}

/// "Envoyer ma demande". Not an island: on her phone its form posts as
/// without JavaScript (the server answers with her home page).
#[component]
fn SendForm(again: bool) -> impl IntoView {
    let send = ServerAction::<SendDemande>::new();
    view! {
        <ActionForm action=send attr:class="form">
            <FormError message=form_error(send.value(), t::ERR_INTERNAL) />
            <button type="submit" class="button primary big">{if again { t::SEND_AGAIN } else { t::SEND }}</button>
        </ActionForm>
    }
}
