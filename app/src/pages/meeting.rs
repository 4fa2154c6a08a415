//! The équipe parcours et projet meeting, four pages: the animateur
//! prepares it (`/preparer/:dossier`), a professional answers and reads his
//! invitation (`/invitation/:id`), she answers, chooses what may be
//! discussed and reads her invitation (`/ma-reunion`), and the meeting's
//! own screen, live for everyone invited (`/reunion/:id`). Each page's
//! code comes only with it.

use crate::components::live::use_live;
use crate::components::{FormError, field_error};
use crate::domain::falc;
use crate::domain::meeting::{Attendance, Availability, NoteKind, Stage};
use crate::domain::sharing::Kind;
use crate::error::{AppError, Field};
use crate::meeting::*;
use crate::text::{fill, person as t, pro as tp};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use std::future::Future;

fn param(name: &'static str) -> impl Fn() -> i64 + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || params.with(|p| p.get(name).and_then(|s| s.parse::<i64>().ok()).unwrap_or(-1))
}

/// The meeting kept up to date: reloaded (through the door) when her
/// dossier changes anywhere, or when one of this page's forms was sent.
fn follow<F, Fut>(initial: MeetingView, sent: Signal<usize>, fetch: F) -> RwSignal<MeetingView>
where
    F: Fn() -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Result<Option<MeetingView>, AppError>> + 'static,
{
    let live = use_live(initial.dossier_id, initial.revision);
    let data = RwSignal::new(initial);
    Effect::new(move |seen: Option<(i64, usize)>| {
        let now = (live.revision.get(), sent.get());
        if seen.is_some_and(|s| s != now) {
            leptos::task::spawn_local(async move {
                if let Ok(Some(m)) = fetch().await {
                    data.try_set(m);
                }
            });
        }
        now
    });
    data
}

/// The message of a refusal that belongs to no input of the form (the
/// meeting's stage, a date or a person chosen by a button): those beside
/// an input show there.
fn meeting_error<V, T>(value: V) -> Signal<Option<String>>
where
    V: With<Value = Option<Result<T, AppError>>> + Copy + Send + Sync + 'static,
{
    const BESIDE_AN_INPUT: &[Field] = &[
        Field::Place,
        Field::Date0,
        Field::Date1,
        Field::Date2,
        Field::Review,
        Field::NoteKind,
        Field::Body,
        Field::What,
        Field::Who,
        Field::Due,
        Field::Means,
    ];
    crate::components::unplaced_error(value, BESIDE_AN_INPUT)
}

/// A text put before a full stop of the catalogue: without its own.
fn sentence(text: &str) -> &str {
    text.trim_end().trim_end_matches('.')
}

fn guest_label(g: &Guest) -> String {
    match g.function {
        Some(f) if !g.is_her => format!("{} ({})", g.name, f.label()),
        _ => g.name.clone(),
    }
}

fn answer_label(a: Option<Availability>) -> &'static str {
    a.map_or(tp::MEETING_NO_ANSWER, Availability::label)
}

// --- the animateur prepares --------------------------------------------

#[component]
pub fn PlanPage() -> impl IntoView {
    let dossier = param("dossier");
    let propose = ServerAction::<ProposeDates>::new();
    let choose = ServerAction::<ChooseDate>::new();
    let invite = ServerAction::<InviteNewMembers>::new();
    let first = Resource::new(
        move || (dossier(), propose.version().get(), choose.version().get(), invite.version().get()),
        |(d, ..)| meeting_of(d),
    );
    let value = propose.value();
    view! {
        <Title text=tp::PLAN_TITLE />
        <h1>{tp::PLAN_TITLE}</h1>
        <Transition fallback=|| view! { <p>{t::LOADING}</p> }>
            {move || Suspend::new(async move {
                match first.await {
                    Err(e) => crate::components::load_error(e),
                    Ok(m) if m.as_ref().is_none_or(|m| m.stage == Stage::Closed) => view! {
                        <ActionForm action=propose attr:class="form card" attr:novalidate=true>
                            <h2>{tp::PLAN_PROPOSE_TITLE}</h2>
                            <p class="hint">{tp::PLAN_PROPOSE_HINT}</p>
                            <FormError message=meeting_error(value) />
                            <input type="hidden" name="dossier_id" value=dossier() />
                            <div class="field">
                                <label for="place">{tp::PLAN_PLACE_LABEL}</label>
                                <p class="hint" id="place-hint">{tp::PLAN_PLACE_HINT}</p>
                                <crate::components::FieldError error=field_error(value, Field::Place) />
                                <input id="place" name="place" type="text" maxlength="100" aria-describedby="place-hint"
                                    value=crate::form_memory::typed_before("place") />
                            </div>
                            {[(Field::Date0, tp::PLAN_DATE_1), (Field::Date1, tp::PLAN_DATE_2), (Field::Date2, tp::PLAN_DATE_3)]
                                .into_iter()
                                .map(|(f, label)| view! {
                                    <div class="field">
                                        <label for=f.input_id()>{label}</label>
                                        <crate::components::FieldError error=field_error(value, f) />
                                        <input id=f.input_id() name=f.input_id() type="datetime-local"
                                            value=crate::form_memory::typed_before(f.input_id()) />
                                    </div>
                                })
                                .collect_view()}
                            <button type="submit" class="button primary">{tp::PLAN_PROPOSE_BUTTON}</button>
                        </ActionForm>
                    }
                    .into_any(),
                    Ok(Some(m)) => view! { <PlanAnswers m choose invite /> }.into_any(),
                    Ok(None) => ().into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn PlanAnswers(m: MeetingView, choose: ServerAction<ChooseDate>, invite: ServerAction<InviteNewMembers>) -> impl IntoView {
    let sent = Signal::derive(move || choose.version().get() + invite.version().get());
    let id = m.meeting_id;
    let data = follow(m, sent, move || async move { meeting(id).await.map(Some) });
    let best = move || {
        data.with(|m| {
            let answers: Vec<[Option<Availability>; 3]> =
                m.guests.iter().map(|g| [0, 1, 2].map(|i| g.answers.get(i).copied().flatten())).collect();
            crate::domain::meeting::best_date(&answers)
        })
    };
    view! {
        <p class="lead" data-testid="plan-for">{move || data.with(|m| fill(tp::PLAN_FOR, &[("name", &m.person_name), ("place", &m.place)]))}</p>
        <FormError message=meeting_error(choose.value()) />
        <div class="table-scroll" tabindex="0" role="region" aria-label=tp::PLAN_ANSWERS_CAPTION>
        <table class="table answers" data-testid="answers">
            <caption>{tp::PLAN_ANSWERS_CAPTION}</caption>
            <thead>
                <tr>
                    <th scope="col">{tp::COL_NAME}</th>
                    {move || data.with(|m| m.dates.iter().map(|d| view! { <th scope="col">{d.written.clone()}</th> }).collect_view())}
                </tr>
            </thead>
            <tbody>
                {move || data.with(|m| m.guests.iter().map(|g| {
                    // The animateur chooses: his own answer is not awaited.
                    let silent = !g.answered() && g.account_id != m.me;
                    view! {
                        <tr data-silent=silent.then_some("true")>
                            <th scope="row">{guest_label(g)}{silent.then(|| view! { <strong class="silent">{format!(" — {}", tp::MEETING_SILENT)}</strong> })}</th>
                            {g.answers.iter().map(|a| view! { <td data-answer=a.map(Availability::as_str)>{answer_label(*a)}</td> }).collect_view()}
                        </tr>
                    }
                }).collect_view())}
            </tbody>
        </table>
        </div>
        {move || (data.with(|m| m.stage) == Stage::Proposed).then(|| view! {
            <section class="card" aria-labelledby="choose-title">
                <h2 id="choose-title">{tp::PLAN_CHOOSE_TITLE}</h2>
                <p>{move || data.with(|m| {
                    let any = m.guests.iter().any(Guest::answered);
                    m.dates.get(best()).filter(|_| any).map(|d| fill(tp::PLAN_BEST, &[("date", &d.written)]))
                }).unwrap_or_default()}</p>
                <ul class="plain">
                    {data.with(|m| m.dates.clone()).into_iter().map(|d| view! {
                        <li>
                            <ActionForm action=choose attr:class="inline">
                                <input type="hidden" name="meeting_id" value=id />
                                <input type="hidden" name="slot" value=d.slot />
                                <button type="submit" class="button secondary">{fill(tp::PLAN_CHOOSE_BUTTON, &[("date", &d.written)])}</button>
                            </ActionForm>
                            {d.short_notice.then(|| view! { <p class="notice warning" data-testid="short-notice">{tp::PLAN_SHORT_NOTICE}</p> })}
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        {move || data.with(|m| m.date.clone()).map(|date| view! {
            <section class="card" aria-labelledby="chosen-title">
                <h2 id="chosen-title">{tp::PLAN_CHOSEN_TITLE}</h2>
                <p data-testid="chosen-date">{fill(tp::PLAN_CHOSEN, &[("date", &date)])}</p>
                {move || data.with(|m| m.dates.iter().any(|d| Some(d.slot) == m.chosen && d.short_notice))
                    .then(|| view! { <p class="notice warning" data-testid="short-notice">{tp::PLAN_SHORT_NOTICE}</p> })}
                <p>{tp::PLAN_INVITATIONS_SENT}</p>
                {move || {
                    let failed = data.with(|m| m.mail_failures.clone());
                    (!failed.is_empty()).then(|| view! {
                        <p class="notice warning" data-testid="mail-failures">{fill(tp::PLAN_MAIL_FAILED, &[("names", &failed.join(", "))])}</p>
                    })
                }}
                <ActionForm action=invite attr:class="inline">
                    <input type="hidden" name="meeting_id" value=id />
                    <button type="submit" class="button secondary">{tp::PLAN_INVITE_NEW}</button>
                </ActionForm>
                <p><A href=format!("/reunion/{id}") attr:class="button primary">{tp::PLAN_OPEN_SCREEN}</A></p>
            </section>
        })}
    }
}

// --- a professional's invitation --------------------------------------

#[component]
pub fn InvitationPage() -> impl IntoView {
    let id = param("id");
    let answer = ServerAction::<AnswerDates>::new();
    let first = Resource::new(move || (id(), answer.version().get()), |(id, _)| meeting(id));
    view! {
        <Title text=tp::INVITATION_TITLE />
        <h1>{tp::INVITATION_TITLE}</h1>
        <Transition fallback=|| view! { <p>{t::LOADING}</p> }>
            {move || Suspend::new(async move {
                match first.await {
                    Err(e) => crate::components::load_error(e),
                    Ok(m) => view! { <Invitation m answer /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Invitation(m: MeetingView, answer: ServerAction<AnswerDates>) -> impl IntoView {
    let mine = m.guest(m.me).map(|g| g.answers.clone()).unwrap_or_default();
    let who: Vec<String> = m
        .guests
        .iter()
        .map(|g| {
            if g.is_her {
                tp::MAIL_THE_PERSON.to_owned()
            } else {
                g.function.map_or(tp::MAIL_A_PROFESSIONAL, |f| f.label()).to_owned()
            }
        })
        .collect();
    view! {
        <p class="lead" data-testid="invitation-place">{fill(tp::MAIL_PLACE, &[("place", &m.place)])}</p>
        {(m.stage == Stage::Proposed).then(|| view! {
            <ActionForm action=answer attr:class="form card">
                <h2>{tp::INVITATION_ANSWER_TITLE}</h2>
                <FormError message=meeting_error(answer.value()) />
                <input type="hidden" name="meeting_id" value=m.meeting_id />
                <DateAnswers dates=m.dates.clone() mine=mine.clone() her=false />
                <button type="submit" class="button primary">{tp::INVITATION_ANSWER_BUTTON}</button>
                {move || answer.value().get().is_some_and(|r| r.is_ok()).then(|| view! { <p role="status" data-testid="answers-saved">{tp::INVITATION_SAVED}</p> })}
            </ActionForm>
        })}
        {m.date.clone().map(|date| view! {
            <section class="card" data-testid="invitation">
                <h2>{tp::MAIL_INTRO}</h2>
                <p data-testid="invitation-date">{fill(tp::MAIL_DATE, &[("date", &date)])}</p>
                <p>{fill(tp::MAIL_WHO, &[("functions", &who.join(", "))])}</p>
                <p><A href=format!("/reunion/{}", m.meeting_id) attr:class="button primary">{tp::INVITATION_FOLLOW}</A></p>
            </section>
        })}
        <p><A href=format!("/dossier/{}", m.dossier_id)>{tp::INVITATION_READ_DEMANDE}</A></p>
        <Charter />
        <DataNotice />
    }
}

/// One fieldset per date: yes, maybe, no.
#[component]
fn DateAnswers(dates: Vec<DateChoice>, mine: Vec<Option<Availability>>, her: bool) -> impl IntoView {
    dates
        .into_iter()
        .map(|d| {
            let name = format!("slot{}", d.slot);
            let current = mine.get(d.slot).copied().flatten();
            view! {
                <fieldset class="date-answer" data-slot=d.slot>
                    <legend>{d.written.clone()}</legend>
                    {Availability::ALL.into_iter().map(|a| {
                        let label = if her { her_answer_label(a) } else { a.label() };
                        view! {
                            <label class="choice">
                                <input type="radio" name=name.clone() value=a.as_str() checked=current == Some(a) />
                                {label}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
            }
        })
        .collect_view()
}

fn her_answer_label(a: Availability) -> &'static str {
    match a {
        Availability::Yes => t::HER_AVAILABLE_YES,
        Availability::Maybe => t::HER_AVAILABLE_MAYBE,
        Availability::No => t::HER_AVAILABLE_NO,
    }
}

#[component]
fn Charter() -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="charter-title" data-testid="charter">
            <h2 id="charter-title">{t::CHARTER_TITLE}</h2>
            <ul>{t::CHARTER.iter().map(|l| view! { <li>{*l}</li> }).collect_view()}</ul>
        </section>
    }
}

#[component]
fn DataNotice() -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="notice-title">
            <h2 id="notice-title">{t::DATA_NOTICE_TITLE}</h2>
            {t::DATA_NOTICE.iter().map(|l| view! { <p>{*l}</p> }).collect_view()}
        </section>
    }
}

// --- her meeting --------------------------------------------------------

#[component]
pub fn MyMeetingPage() -> impl IntoView {
    let first = Resource::new(|| (), |_| my_meeting());
    view! {
        <Title text=t::MY_MEETING_TITLE />
        <h1>{t::MY_MEETING_TITLE}</h1>
        <Suspense fallback=|| view! { <p>{t::LOADING}</p> }>
            {move || Suspend::new(async move {
                match first.await {
                    Err(e) => crate::components::load_error(e),
                    Ok(None) => view! { <p data-testid="no-meeting">{t::MY_MEETING_NONE}</p> }.into_any(),
                    Ok(Some(m)) => view! { <HerMeeting m /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn HerMeeting(m: MeetingView) -> impl IntoView {
    let answer = ServerAction::<AnswerDates>::new();
    let topic = ServerAction::<SetTopic>::new();
    let tap = ServerAction::<TapPriority>::new();
    let accept = ServerAction::<AcceptReferent>::new();
    let sent =
        Signal::derive(move || answer.version().get() + topic.version().get() + tap.version().get() + accept.version().get());
    let id = m.meeting_id;
    // On her phone the page comes with its light bundle: the server knows.
    let light = use_context::<crate::light::LightPage>().is_some();
    let followed = light.then(|| view! { <FollowMeeting dossier=m.dossier_id revision=m.revision /> });
    let data = follow(m, sent, my_meeting);
    let stage = move || data.with(|m| m.stage);
    view! {
        {followed}
        <div id=HER_MEETING>
        {move || (stage() == Stage::Proposed).then(|| {
            let (dates, mine) = data.with(|m| (m.dates.clone(), m.guest(m.me).map(|g| g.answers.clone()).unwrap_or_default()));
            // Said from what the server holds too: on her phone the form
            // posts as without JavaScript, and the page comes again.
            let answered = !dates.is_empty() && dates.iter().all(|d| mine.get(d.slot).copied().flatten().is_some());
            view! {
                <ActionForm action=answer attr:class="form card">
                    <h2>{t::MY_MEETING_DATES_TITLE}</h2>
                    <p>{t::MY_MEETING_DATES_HINT}</p>
                    <FormError message=meeting_error(answer.value()) />
                    <input type="hidden" name="meeting_id" value=id />
                    <DateAnswers dates mine her=true />
                    <button type="submit" class="button primary big">{t::MY_MEETING_DATES_BUTTON}</button>
                    {move || (answered || answer.value().get().is_some_and(|r| r.is_ok())).then(|| view! { <p role="status" data-testid="answers-saved">{t::MY_MEETING_SAVED}</p> })}
                </ActionForm>
            }
        })}
        {move || data.with(|m| m.date.clone().filter(|_| m.stage != Stage::Closed).map(|date| (date, m.place.clone(), m.guests.clone()))).map(|(date, place, guests)| view! {
            <section class="card invitation" data-testid="my-invitation">
                <h2>{t::MY_INVITATION_TITLE}</h2>
                <p class="lead" data-testid="my-invitation-date">{fill(t::MY_INVITATION_WHEN, &[("date", &date), ("place", &place)])}</p>
                <p>{t::MY_INVITATION_WHO}</p>
                <ul>{guests.iter().filter(|g| !g.is_her).map(|g| view! { <li>{guest_label(g)}</li> }).collect_view()}</ul>
                <p>{t::MY_INVITATION_WHAT}</p>
                <p><strong>{t::MY_INVITATION_SAY_NO}</strong></p>
                <p>{t::MY_INVITATION_BRING}</p>
            </section>
        })}
        // Once closed: what was decided, area by area.
        {move || (stage() == Stage::Closed).then(|| view! {
            <section class="card" aria-labelledby="outcome-title" data-testid="my-outcome">
                <h2 id="outcome-title">{t::MY_OUTCOME_TITLE}</h2>
                <p><A href="/mon-livret" attr:class="button primary big">{t::HOME_LIVRET_OPEN}</A></p>
                <ul class="topics">
                    {data.with(|m| m.topics.clone()).into_iter().filter(|tp_| tp_.open && !tp_.objectives.is_empty()).map(|tp_| view! {
                        <li class="topic" data-kind=tp_.kind.as_str()>
                            <img src=tp_.kind.icon() alt="" width="32" height="32" />
                            <strong>{tp_.kind.label()}</strong>
                            <TopicContent topic=tp_.clone() />
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        {move || (stage() != Stage::Closed).then(|| view! {
            <section class="card" aria-labelledby="topics-title">
                <h2 id="topics-title">{t::MY_TOPICS_TITLE}</h2>
                <p>{t::MY_TOPICS_HINT}</p>
                <p>{t::MY_PRIORITIES_HINT}</p>
                <FormError message=meeting_error(topic.value()) />
                <ul class="topics" data-testid="my-topics">
                    {move || data.with(|m| m.topics.clone()).into_iter().map(|tp_| {
                        let kind = tp_.kind;
                        let running = stage() == Stage::Running;
                        view! {
                            <li class="topic" data-kind=kind.as_str() data-open=tp_.open.then_some("true")>
                                <img src=kind.icon() alt="" width="32" height="32" />
                                <strong>{kind.label()}</strong>
                                <span class="priority" data-testid="priority">{tp_.priority.map(|p| fill(t::MY_PRIORITY, &[("n", &p.to_string())]))}</span>
                                <ActionForm action=tap attr:class="inline">
                                    <input type="hidden" name="meeting_id" value=id />
                                    <input type="hidden" name="kind" value=kind.as_str() />
                                    <button type="submit" class="button tertiary">{if tp_.priority.is_some() { t::MY_PRIORITY_REMOVE } else { t::MY_PRIORITY_ADD }}</button>
                                </ActionForm>
                                <ActionForm action=topic attr:class="inline">
                                    <input type="hidden" name="meeting_id" value=id />
                                    <input type="hidden" name="kind" value=kind.as_str() />
                                    <input type="hidden" name="open" value=if tp_.open { "no" } else { "yes" } />
                                    {if tp_.open {
                                        let class = if running { "button danger big" } else { "button secondary" };
                                        view! { <button type="submit" class=class>{t::TOPIC_CLOSE}</button> }.into_any()
                                    } else {
                                        view! { <span class="closed">{t::TOPIC_CLOSED}</span><button type="submit" class="button secondary">{t::TOPIC_OPEN}</button> }.into_any()
                                    }}
                                </ActionForm>
                                {running.then(|| view! { <TopicContent topic=tp_.clone() /> })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        })}
        {move || {
            let proposals = data.with(|m| m.proposals.clone());
            (!proposals.is_empty()).then(|| view! {
                <section class="card" aria-labelledby="referent-title">
                    <h2 id="referent-title">{t::REFERENT_TITLE}</h2>
                    <p>{t::REFERENT_HINT}</p>
                    <ul class="plain">{proposals.into_iter().map(|p| view! {
                        <li data-testid="referent-proposal">
                            {fill(t::REFERENT_PROPOSED, &[("name", &p.name)])}
                            {if p.her_yes {
                                view! { <span data-testid="her-yes">{t::REFERENT_YOU_SAID_YES}</span> }.into_any()
                            } else {
                                view! {
                                    <ActionForm action=accept attr:class="inline">
                                        <input type="hidden" name="meeting_id" value=id />
                                        <input type="hidden" name="proposal_id" value=p.id />
                                        <button type="submit" class="button primary big">{t::REFERENT_SAY_YES}</button>
                                    </ActionForm>
                                }.into_any()
                            }}
                        </li>
                    }).collect_view()}</ul>
                </section>
            })
        }}
        <Outcome data />
        </div>
    }
}

/// Her meeting page on her phone, which comes with a light bundle (see
/// `light`): its buttons post as without JavaScript, and this follows her
/// dossier as the whole application's page does. When anything changes (a
/// date chosen, a référent proposed, a note at the meeting), her meeting as
/// the server renders it now replaces the one on screen (`#her-meeting`):
/// no new page, so nothing she taps meanwhile is lost. Unless she has
/// started choosing dates and not sent them yet: then a notice says there
/// is news, with a button. After she sent a form, the page is coming.
#[cfg_attr(any(not(feature = "light"), feature = "light-meeting"), island)]
#[cfg_attr(all(feature = "light", not(feature = "light-meeting")), component)]
fn FollowMeeting(dossier: i64, revision: i64) -> impl IntoView {
    let live = use_live(dossier, revision);
    let choosing = RwSignal::new(false);
    let sent = RwSignal::new(false);
    let news = RwSignal::new(false);
    // Answers may come back out of order: only the last one asked is shown.
    let asked = StoredValue::new(0u32);
    #[cfg(feature = "hydrate")]
    {
        use gloo_events::EventListener;
        EventListener::new(&document(), "change", move |_| {
            choosing.try_set(true);
        })
        .forget();
        EventListener::new(&document(), "submit", move |_| {
            sent.try_set(true);
        })
        .forget();
    }
    let refresh = move || {
        let n = asked.get_value().wrapping_add(1);
        asked.set_value(n);
        leptos::task::spawn_local(async move {
            let fresh = rendered_again().await;
            if let Some(html) = fresh.filter(|_| asked.try_get_value() == Some(n))
                && let Some(now) = document().get_element_by_id(HER_MEETING)
            {
                now.set_inner_html(&html);
            }
        });
    };
    Effect::new(move |seen: Option<i64>| {
        let now = live.revision.get();
        if seen.is_some_and(|s| s != now) && !sent.get_untracked() {
            if choosing.get_untracked() {
                news.set(true);
            } else {
                refresh();
            }
        }
        now
    });
    let show = move |_| {
        choosing.set(false);
        news.set(false);
        refresh();
    };
    view! {
        <p class="notice" role="status" data-testid="meeting-news" hidden=move || !news.get()>
            {t::MY_MEETING_NEWS}" "
            <button type="button" class="button secondary" on:click=show>{t::MY_MEETING_NEWS_SHOW}</button>
        </p>
    }
}

/// The part of her meeting page that [`FollowMeeting`] renews.
const HER_MEETING: &str = "her-meeting";

/// Her meeting page as the server renders it now: the inside of
/// `#her-meeting`, or nothing if it could not be had (the next change tries
/// again).
#[cfg(feature = "hydrate")]
async fn rendered_again() -> Option<String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let window = web_sys::window()?;
    let address = window.location().href().ok()?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(&address)).await.ok()?.dyn_into().ok()?;
    if !response.ok() {
        return None;
    }
    let text = JsFuture::from(response.text().ok()?).await.ok()?.as_string()?;
    let page = web_sys::DomParser::new().ok()?.parse_from_string(&text, web_sys::SupportedType::TextHtml).ok()?;
    page.get_element_by_id(HER_MEETING).map(|part| part.inner_html())
}

#[cfg(not(feature = "hydrate"))]
async fn rendered_again() -> Option<String> {
    None
}

/// What was decided: her référent and the next meeting.
#[component]
fn Outcome(data: RwSignal<MeetingView>) -> impl IntoView {
    view! {
        {move || data.with(|m| m.referent.clone()).map(|name| view! { <p class="lead" data-testid="referent">{fill(t::REFERENT_IS, &[("name", &name)])}</p> })}
        {move || data.with(|m| m.review_on.clone()).map(|date| view! { <p class="lead" data-testid="review-date">{fill(t::REVIEW_ON, &[("date", &date)])}</p> })}
    }
}

/// One life area's content at the meeting: her words, strengths and
/// needs, objectives and their actions.
#[component]
fn TopicContent(topic: Topic) -> impl IntoView {
    view! {
        <div class="topic-content" data-testid="topic-content">
            {(!topic.answers.is_empty()).then(|| view! {
                <dl>{topic.answers.iter().map(|(q, a)| view! { <dt>{q.clone()}</dt><dd class="answer">{a.clone()}</dd> }).collect_view()}</dl>
            })}
            {NoteKind::ALL.into_iter().map(|k| {
                let notes: Vec<NoteView> = topic.notes.iter().filter(|n| n.what == k).cloned().collect();
                (!notes.is_empty()).then(|| view! {
                    <h4>{k.label()}</h4>
                    <ul data-what=k.as_str()>{notes.into_iter().map(|n| view! { <li class="note">{n.body}</li> }).collect_view()}</ul>
                })
            }).collect_view()}
            {(!topic.objectives.is_empty()).then(|| view! {
                <h4>{t::OBJECTIVES_TITLE}</h4>
                <ol class="objectives">{topic.objectives.iter().map(|o| view! {
                    <li class="objective" data-testid="objective" data-carried=o.carried.then_some("true")>
                        <p>
                            <strong>{o.body.clone()}</strong>
                            {o.carried.then(|| view! { <br /><span class="carried">{tp::OBJECTIVE_CARRIED}</span> })}
                            {(o.carried && o.bilan.is_none()).then(|| view! { <br /><span class="alert" data-testid="bilan-to-do">{t::BILAN_TO_DO}</span> })}
                            {o.bilan.map(|b| view! { <span class="bilan" data-testid="objective-bilan">{format!(" — {} : {}", t::LIVRET_BILAN, b.label())}</span> })}
                        </p>
                        <ul class="actions">{o.actions.iter().map(|a| view! {
                            <li class="action" data-testid="action" data-her=a.who_is_her.then_some("true")>
                                {fill(t::ACTION_LINE, &[("what", sentence(&a.what)), ("who", &a.who), ("due", &a.due)])}
                                {format!(" {} : {}.", t::LIVRET_STATE, a.state.label())}
                                {(!a.means.is_empty()).then(|| view! { <br /><span class="means">{fill(t::ACTION_MEANS, &[("means", sentence(&a.means))])}</span> })}
                            </li>
                        }).collect_view()}</ul>
                    </li>
                }).collect_view()}</ol>
            })}
        </div>
    }
}

// --- the meeting's screen ------------------------------------------------

#[component]
pub fn ScreenPage() -> impl IntoView {
    let id = param("id");
    let first = Resource::new(id, meeting);
    view! {
        <Suspense fallback=|| view! { <p>{t::LOADING}</p> }>
            {move || Suspend::new(async move {
                match first.await {
                    Err(e) => crate::components::load_error(e),
                    Ok(m) => view! { <Screen m /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Screen(m: MeetingView) -> impl IntoView {
    let start = ServerAction::<StartMeeting>::new();
    let attend = ServerAction::<SetAttendance>::new();
    let charter = ServerAction::<CharterRead>::new();
    // Bumped by each area's forms when something is written there.
    let written = RwSignal::new(0usize);
    let propose = ServerAction::<ProposeReferent>::new();
    let accept = ServerAction::<AcceptReferent>::new();
    let review = ServerAction::<SetReviewDate>::new();
    let close = ServerAction::<CloseMeeting>::new();
    let sent = Signal::derive(move || {
        start.version().get()
            + attend.version().get()
            + charter.version().get()
            + written.get()
            + propose.version().get()
            + accept.version().get()
            + review.version().get()
            + close.version().get()
    });
    let id = m.meeting_id;
    let title = fill(tp::SCREEN_TITLE, &[("name", &m.person_name)]);
    let data = follow(m, sent, move || async move { meeting(id).await.map(Some) });
    let animates = data.with_untracked(|m| m.i_animate);
    // Memos: a live update that does not change the stage leaves the
    // forms below as they are (and what is typed in them).
    let stage = Memo::new(move |_| data.with(|m| m.stage));
    let running = Memo::new(move |_| stage.get() == Stage::Running);
    let running = move || running.get();
    let stage = move || stage.get();
    let topic_kinds = move || -> Vec<Kind> { data.with(|m| m.topics.iter().map(|t| t.kind).collect()) };
    view! {
        <Title text=title.clone() />
        <h1>{title}</h1>
        <p class="lead" data-testid="screen-when">{move || data.with(|m| m.date.clone().map(|d| fill(tp::SCREEN_WHEN, &[("date", &d), ("place", &m.place)])))}</p>
        <p class="notice" data-testid="screen-stage">{move || stage_label(stage())}</p>
        {move || (animates && stage() == Stage::Scheduled).then(|| view! {
            <ActionForm action=start attr:class="inline">
                <input type="hidden" name="meeting_id" value=id />
                <button type="submit" class="button primary big">{tp::SCREEN_START}</button>
            </ActionForm>
        })}
        <FormError message=meeting_error(start.value()) />
        <section class="card" aria-labelledby="attendance-title">
            <h2 id="attendance-title">{tp::SCREEN_ATTENDANCE}</h2>
            <FormError message=meeting_error(attend.value()) />
            <ul class="plain attendance" data-testid="attendance">
                {move || data.with(|m| m.guests.clone()).into_iter().map(|g| { let g2 = g.clone(); view! {
                    <li data-guest=g.account_id data-attendance=g.attendance.map(Attendance::as_str)>
                        <strong>{guest_label(&g)}</strong>
                        {format!(" — {}", g.attendance.map_or(tp::SCREEN_NOT_MARKED, Attendance::label))}
                        {(animates && running()).then(|| Attendance::ALL.into_iter().map(|a| { let aria = format!("{} : {}", g2.name, a.label()); view! {
                            <ActionForm action=attend attr:class="inline">
                                <input type="hidden" name="meeting_id" value=id />
                                <input type="hidden" name="account_id" value=g.account_id />
                                <input type="hidden" name="attendance" value=a.as_str() />
                                <button type="submit" class="button tertiary" aria-label=aria>{a.label()}</button>
                            </ActionForm>
                        }}).collect_view())}
                    </li>
                }}).collect_view()}
            </ul>
        </section>
        <Charter />
        <p data-testid="charter-read">{move || data.with(|m| m.charter_read_on.clone()).map(|d| fill(tp::SCREEN_CHARTER_READ, &[("date", &d)]))}</p>
        {move || (animates && running() && data.with(|m| m.charter_read_on.is_none())).then(|| view! {
            <ActionForm action=charter attr:class="inline">
                <input type="hidden" name="meeting_id" value=id />
                <button type="submit" class="button secondary">{tp::SCREEN_CHARTER_BUTTON}</button>
            </ActionForm>
        })}
        <h2>{tp::SCREEN_TOPICS}</h2>
        // Keyed by life area, and the forms built once per area: what a
        // professional is typing survives every live update of the screen.
        <div data-testid="screen-topics">
            <For each=topic_kinds key=|k| *k let:kind>
                <section class="card topic" data-kind=kind.as_str()>
                    <h3>
                        <img src=kind.icon() alt="" width="32" height="32" />
                        {kind.label()}
                        {move || topic_of(data, kind).and_then(|t| t.priority).map(|p| format!(" — {}", fill(t::MY_PRIORITY, &[("n", &p.to_string())])))}
                    </h3>
                    {move || topic_of(data, kind).map(|topic| view! { <TopicContent topic /> })}
                    {move || running().then(|| view! { <Writers id kind data written /> })}
                </section>
            </For>
        </div>
        <section class="card" aria-labelledby="referent-title">
            <h2 id="referent-title">{move || if data.with(|m| m.is_her) { t::REFERENT_TITLE } else { tp::SCREEN_REFERENT_TITLE }}</h2>
            <FormError message=meeting_error(propose.value()) />
            <FormError message=meeting_error(accept.value()) />
            <ul class="plain" data-testid="proposals">
                {move || data.with(|m| (m.me, m.proposals.clone())).1.into_iter().map(|p| {
                    let me = data.with_untracked(|m| m.me);
                    view! {
                        <li data-testid="referent-proposal">
                            {fill(t::REFERENT_PROPOSED, &[("name", &p.name)])}
                            {format!(" — {} ; {}", if p.her_yes { tp::REFERENT_HER_YES } else { tp::REFERENT_HER_WAITING }, if p.his_yes { tp::REFERENT_HIS_YES } else { tp::REFERENT_HIS_WAITING })}
                            {(p.staff_id == me && !p.his_yes && running()).then(|| view! {
                                <ActionForm action=accept attr:class="inline">
                                    <input type="hidden" name="meeting_id" value=id />
                                    <input type="hidden" name="proposal_id" value=p.id />
                                    <button type="submit" class="button primary">{tp::REFERENT_I_ACCEPT}</button>
                                </ActionForm>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || running().then(|| {
                // Someone already proposed is not offered again.
                let candidates: Vec<Candidate> = data.with(|m| {
                    m.candidates.iter().filter(|c| !m.proposals.iter().any(|p| p.staff_id == c.staff_id)).cloned().collect()
                });
                let (suggested, others): (Vec<Candidate>, Vec<Candidate>) = candidates.into_iter().partition(|c| c.suggested);
                let button = move |c: Candidate| view! {
                    <li>
                        <ActionForm action=propose attr:class="inline">
                            <input type="hidden" name="meeting_id" value=id />
                            <input type="hidden" name="staff_id" value=c.staff_id />
                            <button type="submit" class="button secondary">{fill(tp::REFERENT_PROPOSE, &[("name", &c.name)])}</button>
                        </ActionForm>
                    </li>
                };
                view! {
                    <h3>{tp::REFERENT_SUGGESTED}</h3>
                    <ul class="plain" data-testid="suggested">{suggested.into_iter().map(button).collect_view()}</ul>
                    <details>
                        <summary>{tp::REFERENT_OTHERS}</summary>
                        <ul class="plain" data-testid="others">{others.into_iter().map(button).collect_view()}</ul>
                    </details>
                }
            })}
            <Outcome data />
        </section>
        {move || (animates && running()).then(|| view! {
            <ActionForm action=review attr:class="form card" attr:novalidate=true>
                <h2>{tp::SCREEN_REVIEW_TITLE}</h2>
                <FormError message=meeting_error(review.value()) />
                <input type="hidden" name="meeting_id" value=id />
                <div class="field">
                    <label for="review">{tp::SCREEN_REVIEW_LABEL}</label>
                    <crate::components::FieldError error=field_error(review.value(), Field::Review) />
                    <input id="review" name="review" type="datetime-local" />
                </div>
                <button type="submit" class="button secondary">{tp::SCREEN_REVIEW_BUTTON}</button>
            </ActionForm>
            <ActionForm action=close attr:class="inline">
                <input type="hidden" name="meeting_id" value=id />
                <button type="submit" class="button primary big">{tp::SCREEN_CLOSE}</button>
            </ActionForm>
            <FormError message=meeting_error(close.value()) />
        })}
        <section class="card" aria-labelledby="record-title">
            <h2 id="record-title">{t::RECORD_TITLE}</h2>
            <ol class="record" data-testid="record">
                {move || data.with(|m| m.record.clone()).into_iter().map(|l| view! { <li><time>{l.on}</time>{" — "}<span>{format!("{} {}", l.who, l.text)}</span></li> }).collect_view()}
            </ol>
        </section>
    }
}

fn topic_of(data: RwSignal<MeetingView>, kind: Kind) -> Option<Topic> {
    data.with(|m| m.topics.iter().find(|t| t.kind == kind).cloned())
}

fn stage_label(s: Stage) -> &'static str {
    match s {
        Stage::Proposed => tp::STAGE_PROPOSED,
        Stage::Scheduled => tp::STAGE_SCHEDULED,
        Stage::Running => tp::STAGE_RUNNING,
        Stage::Closed => tp::STAGE_CLOSED,
    }
}

/// Empties a form once its action succeeded, and tells the screen.
fn reset_on_success<A>(
    action: ServerAction<A>,
    form: NodeRef<leptos::html::Form>,
    written: RwSignal<usize>,
    also: impl Fn() + 'static,
) where
    A: leptos::server_fn::ServerFn<Output = (), Error = AppError> + Clone + Send + Sync + 'static,
{
    Effect::new(move |_| {
        if action.value().get().is_some_and(|r| r.is_ok()) {
            if let Some(f) = form.get_untracked() {
                f.reset();
            }
            also();
            written.update(|n| *n += 1);
        }
    });
}

/// The forms of one life area while the meeting runs: a strength, a need
/// or a note; an objective; an action of an objective. Each area has its
/// own actions: an error shows beside the form that caused it.
#[component]
fn Writers(id: i64, kind: Kind, data: RwSignal<MeetingView>, written: RwSignal<usize>) -> impl IntoView {
    let k = kind.as_str();
    let note = ServerAction::<AddNote>::new();
    let objective = ServerAction::<AddObjective>::new();
    let note_form = NodeRef::<leptos::html::Form>::new();
    let objective_form = NodeRef::<leptos::html::Form>::new();
    reset_on_success(note, note_form, written, || ());
    reset_on_success(objective, objective_form, written, || ());
    let objectives = move || -> Vec<(i64, String)> {
        topic_of(data, kind).map(|t| t.objectives.into_iter().map(|o| (o.id, o.body)).collect()).unwrap_or_default()
    };
    let carried = move || -> Vec<(i64, ObjectiveView)> {
        topic_of(data, kind)
            .map(|t| t.objectives.into_iter().filter(|o| o.carried).map(|o| (o.id, o)).collect())
            .unwrap_or_default()
    };
    let bilan = ServerAction::<SetBilan>::new();
    Effect::new(move |_| {
        if bilan.value().with(|v| matches!(v, Some(Ok(())))) {
            written.update(|n| *n += 1);
        }
    });
    let (her_id, her_name, people) = data.with_untracked(|m| {
        (
            m.person_id,
            m.person_name.clone(),
            m.guests.iter().filter(|g| !g.is_her).map(|g| (g.account_id, g.name.clone())).collect::<Vec<_>>(),
        )
    });
    view! {
        <details class="writers">
            <summary>{tp::SCREEN_WRITE}</summary>
            <ActionForm action=note node_ref=note_form attr:class="form">
                <FormError message=meeting_error(note.value()) />
                <input type="hidden" name="meeting_id" value=id />
                <input type="hidden" name="kind" value=k />
                <label for=format!("note-what-{k}")>{tp::SCREEN_NOTE_WHAT}</label>
                <select id=format!("note-what-{k}") name="what">
                    {NoteKind::ALL.into_iter().map(|n| view! { <option value=n.as_str()>{n.label()}</option> }).collect_view()}
                </select>
                <crate::components::FieldError error=field_error(note.value(), Field::NoteKind) />
                <label for=format!("note-body-{k}")>{tp::SCREEN_NOTE_BODY}</label>
                <crate::components::FieldError error=field_error(note.value(), Field::Body) />
                <textarea id=format!("note-body-{k}") name="body" rows="2"></textarea>
                <button type="submit" class="button secondary">{tp::SCREEN_NOTE_BUTTON}</button>
            </ActionForm>
            <ActionForm action=objective node_ref=objective_form attr:class="form">
                <FormError message=meeting_error(objective.value()) />
                <input type="hidden" name="meeting_id" value=id />
                <input type="hidden" name="kind" value=k />
                <label for=format!("objective-{k}")>{tp::SCREEN_OBJECTIVE_LABEL}</label>
                <crate::components::FieldError error=field_error(objective.value(), Field::Body) />
                <textarea id=format!("objective-{k}") name="body" rows="2"></textarea>
                <button type="submit" class="button secondary">{tp::SCREEN_OBJECTIVE_BUTTON}</button>
            </ActionForm>
            <For each=objectives key=|(id, _)| *id let:o>
                {
                let (o_id, o_body) = o;
                let who = RwSignal::new(her_id.to_string());
                let what = RwSignal::new(String::new());
                let means = RwSignal::new(String::new());
                let action = ServerAction::<AddAction>::new();
                let action_form = NodeRef::<leptos::html::Form>::new();
                reset_on_success(action, action_form, written, move || {
                    what.set(String::new());
                    means.set(String::new());
                    who.set(her_id.to_string());
                });
                // She reads her own actions: the plain-language check runs
                // as they are typed.
                let warnings = move || {
                    if who.get() != her_id.to_string() {
                        return Vec::new();
                    }
                    let mut out: Vec<String> = Vec::new();
                    for text in [what.get(), means.get()] {
                        out.extend(falc::check(&text, false).into_iter().map(|o| crate::components::plain_language_warning(&o)));
                    }
                    out
                };
                let fid = format!("{k}-{o_id}");
                let (her_name, people) = (her_name.clone(), people.clone());
                view! {
                    <ActionForm action=action node_ref=action_form attr:class="form action-form">
                        <h4>{fill(tp::SCREEN_ACTION_FOR, &[("objective", &o_body)])}</h4>
                        <FormError message=meeting_error(action.value()) />
                        <input type="hidden" name="meeting_id" value=id />
                        <input type="hidden" name="objective_id" value=o_id />
                        <label for=format!("action-what-{fid}")>{tp::SCREEN_ACTION_WHAT}</label>
                        <crate::components::FieldError error=field_error(action.value(), Field::What) />
                        <input id=format!("action-what-{fid}") name="what" type="text" maxlength="300"
                            on:input=move |e| what.set(event_target_value(&e)) />
                        <label for=format!("action-who-{fid}")>{tp::SCREEN_ACTION_WHO}</label>
                        <crate::components::FieldError error=field_error(action.value(), Field::Who) />
                        <select id=format!("action-who-{fid}") name="who" on:change=move |e| who.set(event_target_value(&e))>
                            <option value=her_id>{her_name.clone()}</option>
                            {people.iter().map(|(pid, name)| view! { <option value=*pid>{name.clone()}</option> }).collect_view()}
                        </select>
                        <label for=format!("action-due-{fid}")>{tp::SCREEN_ACTION_DUE}</label>
                        <crate::components::FieldError error=field_error(action.value(), Field::Due) />
                        <input id=format!("action-due-{fid}") name="due" type="date" />
                        <label for=format!("action-means-{fid}")>{tp::SCREEN_ACTION_MEANS}</label>
                        <crate::components::FieldError error=field_error(action.value(), Field::Means) />
                        <input id=format!("action-means-{fid}") name="means" type="text" maxlength="300"
                            on:input=move |e| means.set(event_target_value(&e)) />
                        <ul class="plain-warnings" data-testid="plain-warnings" aria-live="polite">
                            {move || warnings().into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}
                        </ul>
                        <button type="submit" class="button secondary">{tp::SCREEN_ACTION_BUTTON}</button>
                    </ActionForm>
                }
                }
            </For>
        </details>
        // Objectives of the meeting before: each gets its bilan here.
        <For each=carried key=|(id, _)| *id let:o>
            <div class="bilan" data-testid="bilan" data-objective=o.0>
                <p><strong>{o.1.body.clone()}</strong></p>
                <crate::pages::livret::BilanForm meeting=id objective=o.0 current=o.1.bilan action=bilan />
            </div>
        </For>
        <FormError message=meeting_error(bilan.value()) />
    }
}

// --- home pages ------------------------------------------------------------

/// Her home: what comes next, in one sentence.
#[component]
pub fn HerNextMeeting() -> impl IntoView {
    let m = Resource::new(|| (), |_| my_meeting());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let Ok(Some(m)) = m.await else { return ().into_any() };
                let sentence = match (&m.stage, &m.date) {
                    (Stage::Proposed, _) => t::HOME_MEETING_DATES.to_owned(),
                    (Stage::Closed, _) => match (&m.referent, &m.review_on) {
                        (Some(r), Some(d)) => fill(t::HOME_MEETING_DONE, &[("name", r), ("date", d)]),
                        (Some(r), None) => fill(t::REFERENT_IS, &[("name", r)]),
                        _ => t::HOME_MEETING_CLOSED.to_owned(),
                    },
                    (_, Some(date)) => fill(t::HOME_MEETING_WHEN, &[("date", date), ("place", &m.place)]),
                    (_, None) => t::HOME_MEETING_DATES.to_owned(),
                };
                view! {
                    <section class="card" aria-labelledby="meeting-title">
                        <h2 id="meeting-title">{t::MY_MEETING_TITLE}</h2>
                        <p class="lead" data-testid="home-meeting">{sentence}</p>
                        <A href="/ma-reunion" attr:class="button primary big">{t::HOME_MEETING_OPEN}</A>
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
}

/// A professional's home: meetings to answer, coming meetings, and for an
/// animateur the validated demandes without a date.
#[component]
pub fn StaffMeetings() -> impl IntoView {
    let lists = Resource::new(|| (), |_| my_meetings());
    view! {
        <Suspense fallback=|| view! { <p>{t::LOADING}</p> }>
            {move || Suspend::new(async move {
                let l = match lists.await {
                    Ok(l) => l,
                    Err(e) => return crate::components::load_error(e),
                };
                let line = |m: MeetingLine, href: String| {
                    let when = m.date.clone().map_or_else(|| stage_label(m.stage).to_owned(), |d| fill(tp::SCREEN_WHEN, &[("date", &d), ("place", &m.place)]));
                    view! { <li><A href=href>{m.person_name.clone()}</A>{format!(" — {when}")}</li> }
                };
                view! {
                    <section class="card" aria-labelledby="meetings-title" data-testid="staff-meetings">
                        <h2 id="meetings-title">{tp::HOME_MEETINGS_TITLE}</h2>
                        {let waiting = l.without_date.clone(); (!waiting.is_empty()).then(move || view! {
                            <h3>{tp::HOME_WITHOUT_DATE}</h3>
                            <ul class="links" data-testid="without-date">{waiting.into_iter().map(|w| view! {
                                <li>
                                    <A href=format!("/preparer/{}", w.dossier_id)>{w.person_name}</A>
                                    {format!(" — {}", match (w.proposed, w.waiting_days) {
                                        (true, _) => fill(tp::HOME_DATES_PROPOSED, &[("days", &w.waiting_days.to_string())]),
                                        (false, 0) => tp::HOME_WAITING_TODAY.to_owned(),
                                        (false, 1) => tp::HOME_WAITING_ONE_DAY.to_owned(),
                                        (false, n) => fill(tp::HOME_WAITING_SINCE, &[("days", &n.to_string())]),
                                    })}
                                </li>
                            }).collect_view()}</ul>
                        })}
                        <h3>{tp::HOME_TO_ANSWER}</h3>
                        {if l.to_answer.is_empty() {
                            view! { <p>{tp::HOME_NOTHING}</p> }.into_any()
                        } else {
                            view! { <ul class="links" data-testid="to-answer">{l.to_answer.into_iter().map(|m| { let h = format!("/invitation/{}", m.meeting_id); line(m, h) }).collect_view()}</ul> }.into_any()
                        }}
                        <h3>{tp::HOME_COMING}</h3>
                        {if l.coming.is_empty() {
                            view! { <p>{tp::HOME_NOTHING}</p> }.into_any()
                        } else {
                            view! { <ul class="links" data-testid="coming">{l.coming.into_iter().map(|m| {
                                let h = if m.i_animate && m.stage == Stage::Proposed { format!("/preparer/{}", m.dossier_id) } else if m.stage == Stage::Proposed { format!("/invitation/{}", m.meeting_id) } else { format!("/reunion/{}", m.meeting_id) };
                                line(m, h)
                            }).collect_view()}</ul> }.into_any()
                        }}
                        {(!l.done.is_empty()).then(|| view! {
                            <h3>{tp::HOME_DONE}</h3>
                            <ul class="links" data-testid="done">{l.done.into_iter().map(|m| {
                                let mut parts = Vec::new();
                                if let Some(r) = &m.referent { parts.push(fill(tp::HOME_DONE_REFERENT, &[("name", r)])); }
                                if let Some(d) = &m.review_on { parts.push(fill(tp::HOME_DONE_REVIEW, &[("date", d)])); }
                                view! { <li><A href=format!("/reunion/{}", m.meeting_id)>{m.person_name.clone()}</A>{format!(" — {}", parts.join(" "))}</li> }
                            }).collect_view()}</ul>
                        })}
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
}
