//! Her pages about her information: what each professional may see (she
//! chooses), the table "qui voit quoi", who looked, and the history of
//! her demande.

use crate::coedit::my_history;
use crate::components::{FormError, PrintButton, error_line, form_error, load_error};
use crate::domain::demande::{STEPS, question};
use crate::domain::sharing::Kind;
use crate::dossier::Exit;
use crate::error::AppError;
use crate::sharing::{AddMember, MemberSharing, MySharing, RemoveMember, SaveConsents, SharingView, my_journal, my_sharing};
use crate::text::{fill, person as t};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use server_fn::ServerFn;

#[component]
pub fn SharingPage() -> impl IntoView {
    let sharing = Resource::new(|| (), |_| my_sharing());
    view! {
        <Title text=t::SHARING_TITLE />
        <h1>
            <img src=crate::icons::LOCK alt="" width="48" height="48" />
            {t::SHARING_TITLE}
        </h1>
        <div class="lead">
            <p>{t::SHARING_INTRO_1}</p>
            <p>{t::SHARING_INTRO_2}</p>
            <p>{t::SHARING_INTRO_3}</p>
            <p>{t::SHARING_INTRO_4}</p>
        </div>
        <Suspense fallback=|| view! { <p>{t::LOADING}</p> }>
            {move || Suspend::new(async move {
                match sharing.await {
                    Ok(view) => view! { <SharingErrors /> <SharingForms view /> }.into_any(),
                    Err(e) => load_error(e),
                }
            })}
        </Suspense>
    }
}

/// Why her choice was not taken, when its form was posted before the code
/// started (or without JavaScript): the server brings the page again with
/// the error in its address.
#[component]
fn SharingErrors() -> impl IntoView {
    let save = ServerAction::<SaveConsents>::new();
    let add = ServerAction::<AddMember>::new();
    let remove = ServerAction::<RemoveMember>::new();
    view! {
        <FormError message=form_error(save.value(), t::ERR_INTERNAL) />
        <FormError message=form_error(add.value(), t::ERR_INTERNAL) />
        <FormError message=form_error(remove.value(), t::ERR_INTERNAL) />
    }
}

/// Her équipe, a box per kind for each professional, and adding one: read
/// again from the server after each of her choices. An island: on her
/// phone, the page comes with the light bundle (see `light::Bundle`), so
/// its link is a plain one, and its forms post as without JavaScript until
/// the code starts, then by `wire::submit` (no `ServerAction`: about a
/// quarter of the bundle, measured).
#[cfg_attr(any(not(feature = "light"), feature = "light-sharing"), island)]
#[cfg_attr(all(feature = "light", not(feature = "light-sharing")), component)]
fn SharingForms(view: SharingView) -> impl IntoView {
    let answers =
        Answers { saved: RwSignal::new(None), added: RwSignal::new(None), removed: RwSignal::new(None), count: RwSignal::new(0) };
    let current = RwSignal::new(view);
    let reload_failed = RwSignal::new(None::<AppError>);
    // What the server holds after each choice (one refused shows beside
    // its form, and the rest as it is).
    Effect::new(move |seen: Option<usize>| {
        let count = answers.count.get();
        if seen.is_some_and(|seen| seen != count) {
            leptos::task::spawn_local(async move {
                match crate::wire::call::<SharingView>(MySharing::PATH, &[]).await {
                    Ok(view) => {
                        current.try_set(view);
                        reload_failed.try_set(None);
                    }
                    Err(e) => {
                        reload_failed.try_set(Some(e));
                    }
                }
            });
        }
        count
    });
    // A professional's card stays as it is while he stays in her équipe:
    // her boxes as she ticked them (kept too when a save fails), and the
    // button she pressed keeps the focus.
    let members = move || current.with(|v| v.members.clone());
    let directory = Memo::new(move |_| current.with(|v| v.directory.clone()));
    view! {
        <FormError message=form_error(answers.saved, t::ERR_INTERNAL) />
        <FormError message=form_error(answers.removed, t::ERR_INTERNAL) />
        {move || matches!(answers.saved.get(), Some(Ok(()))).then(|| view! { <p class="notice" role="status">{t::SHARING_SAVED}</p> })}
        {move || reload_failed.get().map(error_line)}
        {move || current.with(|v| v.members.is_empty()).then(|| view! { <p>{t::SHARING_TEAM_EMPTY}</p> })}
        <For each=members key=|m| m.member.staff_id let:m>
            <MemberCard m answers />
        </For>
        <section class="card" aria-labelledby="add-title">
            <h2 id="add-title">{t::SHARING_ADD_TITLE}</h2>
            {move || {
                let directory = directory.get();
                if directory.is_empty() {
                    Either::Left(view! { <p>{t::SHARING_DIRECTORY_EMPTY}</p> })
                } else {
                    Either::Right(view! {
                        <form method="post" action=AddMember::PATH class="form" on:submit=move |ev| answers.send(AddMember::PATH, ev, answers.added)>
                            <FormError message=form_error(answers.added, t::ERR_INTERNAL) />
                            <div class="field">
                                <label for="staff_id">{t::SHARING_ADD_LABEL}</label>
                                <p class="hint" id="staff_id-hint">{t::SHARING_ADD_HINT}</p>
                                <select id="staff_id" name="staff_id" aria-describedby="staff_id-hint">
                                    {directory.into_iter().map(|d| {
                                        // Name and institution: the function's long name
                                        // made a sentence too long to read.
                                        let label = if d.institution.is_empty() { d.name } else { format!("{}, {}", d.name, d.institution) };
                                        view! { <option value=d.staff_id>{label}</option> }
                                    }).collect_view()}
                                </select>
                            </div>
                            <button type="submit" class="button primary">{t::SHARING_ADD_BUTTON}</button>
                        </form>
                    })
                }
            }}
        </section>
        <p>
            <a href="/qui-voit-quoi" class="button secondary">{t::WHO_SEES_TITLE}</a>
        </p>
    }
}

/// The answers to her choices on the sharing page, and how many came back.
#[derive(Clone, Copy)]
struct Answers {
    saved: RwSignal<Option<Result<(), AppError>>>,
    added: RwSignal<Option<Result<(), AppError>>>,
    removed: RwSignal<Option<Result<(), AppError>>>,
    count: RwSignal<usize>,
}

impl Answers {
    /// Sends the form she submits to the server function at `path`, and
    /// keeps its answer `into`.
    fn send(self, path: &'static str, ev: leptos::ev::SubmitEvent, into: RwSignal<Option<Result<(), AppError>>>) {
        crate::wire::submit(&ev, path, move |answer| {
            // Dropped if she left the page meanwhile.
            into.try_set(Some(answer));
            self.count.try_update(|n| *n += 1);
        });
    }
}

/// One professional: who he is, and a box per kind she may tick.
#[component]
fn MemberCard(m: MemberSharing, answers: Answers) -> impl IntoView {
    let id = m.member.staff_id;
    let title_id = format!("member-{id}");
    let function = m.member.function.map(|f| f.label());
    let outside_mission = fill(t::SHARING_OUTSIDE_MISSION, &[("name", &m.member.name)]);
    view! {
        <section class="card member" aria-labelledby=title_id.clone() data-testid="member">
            <h2 id=title_id.clone()>
                <img src=crate::icons::PERSON alt="" width="32" height="32" />
                {m.member.name.clone()}
            </h2>
            <dl>
                {function.map(|f| view! { <dt class="sr-only">{t::WHO_SEES_PRO}</dt><dd>{f}</dd> })}
                <dd>{m.member.institution.clone()}</dd>
                {(!m.member.mission.is_empty()).then(|| view! { <dt>{t::SHARING_MISSION}</dt><dd>{m.member.mission.clone()}</dd> })}
            </dl>
            <form method="post" action=SaveConsents::PATH class="form consent" on:submit=move |ev| answers.send(SaveConsents::PATH, ev, answers.saved)>
                <input type="hidden" name="staff_id" value=id />
                <fieldset>
                    <legend>{t::SHARING_MAY_SEE}</legend>
                    {m.choices.into_iter().map(|c| {
                        let outside_mission = outside_mission.clone();
                        let input_id = format!("c-{id}-{}", c.kind.as_str());
                        let note_id = format!("{input_id}-note");
                        view! {
                            <div class="check">
                                <input
                                    type="checkbox"
                                    id=input_id.clone()
                                    name=c.kind.as_str()
                                    value="on"
                                    checked=c.granted
                                    aria-describedby=(!c.in_mission).then(|| note_id.clone())
                                />
                                <label for=input_id>
                                    <img src=c.kind.icon() alt="" width="32" height="32" />
                                    {c.kind.label()}
                                </label>
                                {(!c.in_mission).then(|| {
                                    let note = match c.exception.clone() {
                                        None => outside_mission,
                                        Some(reason) => fill(t::EXCEPTION_WHY, &[("reason", &reason)]),
                                    };
                                    view! { <p class="hint" id=note_id>{note}</p> }
                                })}
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <button type="submit" class="button primary">{t::SHARING_SAVE}</button>
            </form>
            <form method="post" action=RemoveMember::PATH class="inline" on:submit=move |ev| answers.send(RemoveMember::PATH, ev, answers.removed)>
                <input type="hidden" name="staff_id" value=id />
                <button type="submit" class="button secondary">{t::SHARING_REMOVE}</button>
            </form>
        </section>
    }
}

/// What the server lets through now, from one list of members: a table
/// (rows: professionals; columns: kinds) on a wide screen and on paper, and
/// one card per professional on a phone, where eleven columns ran off the
/// screen. CSS shows one or the other (`display: none` hides the other from
/// screen readers too), so no code decides it in the browser.
#[component]
pub fn WhoSeesPage() -> impl IntoView {
    let sharing = Resource::new(|| (), |_| my_sharing());
    view! {
        <Title text=t::WHO_SEES_TITLE />
        <h1>{t::WHO_SEES_TITLE}</h1>
        <p class="lead">{t::WHO_SEES_INTRO}</p>
        <Suspense fallback=|| view! { <p>{t::LOADING}</p> }>
            {move || Suspend::new(async move {
                let view = match sharing.await {
                    Ok(v) => v,
                    Err(e) => return load_error(e),
                };
                if view.members.is_empty() {
                    return view! { <p>{t::SHARING_TEAM_EMPTY}</p> }.into_any();
                }
                let see_as: Vec<(i64, String)> = view.members.iter().map(|m| (m.member.staff_id, m.member.name.clone())).collect();
                let cards = view.members.iter().map(|m| view! { <WhoSeesCard m=m.clone() /> }).collect_view();
                view! {
                    <div class="table-scroll who-sees-wide" tabindex="0" role="region" aria-label=t::WHO_SEES_TITLE>
                        <table class="table who-sees" data-testid="who-sees">
                            <thead>
                                <tr>
                                    <th scope="col">{t::WHO_SEES_PRO}</th>
                                    {Kind::ALL.into_iter().map(|k| view! {
                                        <th scope="col">
                                            <img src=k.icon() alt="" width="28" height="28" />
                                            <span>{k.label()}</span>
                                        </th>
                                    }).collect_view()}
                                </tr>
                            </thead>
                            <tbody>
                                {view.members.into_iter().map(|m| {
                                    let name = m.member.name;
                                    view! {
                                        <tr>
                                            <th scope="row">
                                                {name.clone()}
                                                <span class="hint">{m.member.function.map(|f| f.label())}</span>
                                            </th>
                                            {m.choices.into_iter().map(|c| view! {
                                                <td class=if c.allowed { "yes" } else { "no" } title=c.reason.message(&name)>
                                                    {if c.allowed { t::WHO_SEES_YES } else { t::WHO_SEES_NO }}
                                                </td>
                                            }).collect_view()}
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <ul class="who-sees-cards" data-testid="who-sees-cards">{cards}</ul>
                    <ul class="links no-print" data-testid="see-as">
                        {see_as.into_iter().map(|(id, name)| view! {
                            <li><A href=format!("/voir-comme/{id}")>{fill(t::SEE_AS_LINK, &[("name", &name)])}</A></li>
                        }).collect_view()}
                    </ul>
                    <div class="actions">
                        <PrintButton />
                        <A href="/partage" attr:class="button secondary no-print">{t::WHO_SEES_CHANGE}</A>
                    </div>
                }
                    .into_any()
            })}
        </Suspense>
    }
}

/// One professional of "Qui voit quoi" on a phone: who he is, then what he
/// sees and what he does not, as 2 titled lists (words, not colours, say
/// which is which).
#[component]
fn WhoSeesCard(m: MemberSharing) -> impl IntoView {
    let name = m.member.name.clone();
    let (seen, hidden): (Vec<_>, Vec<_>) = m.choices.iter().partition(|c| c.allowed);
    let list = |choices: Vec<&crate::sharing::Choice>, what: &'static str| {
        if choices.is_empty() {
            return view! { <p>{t::WHO_SEES_NONE}</p> }.into_any();
        }
        view! {
            <ul class="kinds" data-testid=what>
                {choices.into_iter().map(|c| view! {
                    <li data-kind=c.kind.as_str()>
                        <img src=c.kind.icon() alt="" width="28" height="28" />
                        {c.kind.label()}
                    </li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <li class="card" data-testid="who-sees-card">
            <h2>
                <img src=crate::icons::PERSON alt="" width="32" height="32" />
                {name.clone()}
            </h2>
            {m.member.function.map(|f| view! { <p class="who-is">{f.label()}</p> })}
            {(!m.member.institution.is_empty()).then(|| view! { <p class="who-is">{m.member.institution.clone()}</p> })}
            <h3>{fill(t::SEE_AS_TITLE, &[("name", &name)])}</h3>
            {list(seen, "sees")}
            <h3>{fill(t::SEE_AS_HIDDEN_TITLE, &[("name", &name)])}</h3>
            {list(hidden, "does-not-see")}
        </li>
    }
}

#[component]
pub fn JournalPage() -> impl IntoView {
    let journal = Resource::new(|| (), |_| my_journal());
    view! {
        <Title text=t::JOURNAL_TITLE />
        <h1>{t::JOURNAL_TITLE}</h1>
        <p class="lead">{t::JOURNAL_INTRO}</p>
        <Suspense fallback=|| view! { <p>{t::LOADING}</p> }>
            {move || Suspend::new(async move {
                match journal.await {
                    Err(e) => load_error(e),
                    Ok(list) if list.is_empty() => view! { <p>{t::JOURNAL_EMPTY}</p> }.into_any(),
                    Ok(list) => view! {
                        <ol class="journal" data-testid="journal">
                            {list.into_iter().map(|e| {
                                let kinds = e.kinds.iter().map(|k| k.label()).collect::<Vec<_>>().join(", ");
                                let said = |template: &str| fill(template, &[("name", &e.viewer), ("kinds", &kinds)]);
                                // The name alone in the sentence, the function on a line of its
                                // own: "Nadia Lefèvre (Puéricultrice de la PMI (…)) a regardé"
                                // was one of the hardest lines she read.
                                let (what, page) = match e.exit {
                                    Exit::NewSheet => (said(t::JOURNAL_NEW_SHEET), None),
                                    Exit::Dossier => (said(t::JOURNAL_SAW), Some(t::JOURNAL_PAGE_DOSSIER)),
                                    Exit::Review => (said(t::JOURNAL_SAW), Some(t::JOURNAL_PAGE_REVIEW)),
                                    Exit::Meeting => (said(t::JOURNAL_SAW), Some(t::JOURNAL_PAGE_MEETING)),
                                    Exit::Livret => (said(t::JOURNAL_SAW), Some(t::JOURNAL_PAGE_LIVRET)),
                                    Exit::LivretPdf => (said(t::JOURNAL_GOT), Some(t::JOURNAL_PAGE_LIVRET_PDF)),
                                };
                                view! {
                                    <li class="card" data-exit=e.exit.as_str()>
                                        <p><strong>{e.on}</strong></p>
                                        <p>{what}</p>
                                        {e.function.map(|f| view! { <p class="hint">{f.label()}</p> })}
                                        {page.map(|p| view! { <p class="hint">{p}</p> })}
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                    }
                        .into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn HistoryPage() -> impl IntoView {
    let history = Resource::new(|| (), |_| my_history());
    view! {
        <Title text=t::HISTORY_TITLE />
        <h1>{t::HISTORY_TITLE}</h1>
        <p class="lead">{t::HISTORY_INTRO}</p>
        <Suspense fallback=|| view! { <p>{t::LOADING}</p> }>
            {move || Suspend::new(async move {
                match history.await {
                    Err(e) => load_error(e),
                    Ok(list) if list.is_empty() => view! { <p>{t::HISTORY_EMPTY}</p> }.into_any(),
                    Ok(list) => view! {
                        <ol class="journal" data-testid="history">
                            {list.into_iter().map(|h| {
                                let who = if h.by_owner { t::HISTORY_YOU.to_owned() } else { h.author };
                                let label = question(&h.field).map(|(i, q)| format!("{} : {}", STEPS[i].title, q.label)).unwrap_or_default();
                                view! {
                                    <li class="card">
                                        <p><strong>{h.on}</strong></p>
                                        <p class="hint">{label}</p>
                                        <p>{format!("{who} {}", t::HISTORY_WROTE)}</p>
                                        <blockquote class="answer">{h.value}</blockquote>
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                    }
                        .into_any(),
                }
            })}
        </Suspense>
    }
}

/// "Voir comme": her demande exactly as one member of her équipe receives
/// it, built by the server's door with him as the viewer.
#[component]
pub fn SeeAsPage() -> impl IntoView {
    use crate::pages::dossier::{SharedView, Source};
    use leptos_router::hooks::use_params_map;
    let params = use_params_map();
    let staff = move || params.with(|p| p.get("staff").and_then(|s| s.parse::<i64>().ok()).unwrap_or(-1));
    let seen = Resource::new(staff, crate::sharing::see_as);
    view! {
        <Suspense fallback=|| view! { <p>{t::LOADING}</p> }>
            {move || Suspend::new(async move {
                match seen.await {
                    Err(e) => load_error(e),
                    Ok(s) => {
                        let name = s.member.name.clone();
                        let function = s.member.function.map(|f| f.label()).unwrap_or_default();
                        let title = fill(t::SEE_AS_TITLE, &[("name", &name)]);
                        let nothing = s.view.answers.iter().all(|a| a.value.trim().is_empty());
                        let named = |template: &str| fill(template, &[("name", &name)]);
                        view! {
                            <div class="notice see-as" role="note" data-testid="see-as-banner">
                                <p><strong>{fill(t::SEE_AS_BANNER, &[("name", &name), ("function", function)])}</strong></p>
                                <p>{named(t::SEE_AS_INTRO)}</p>
                                {nothing.then(|| view! { <p>{named(t::SEE_AS_NOTHING)}</p> })}
                            </div>
                            <SharedView initial=s.view source=Source::SeenBy(s.member.staff_id) title seen_by=name.clone() />
                            <p><A href="/qui-voit-quoi" attr:class="button secondary no-print">{t::SEE_AS_BACK}</A></p>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}
