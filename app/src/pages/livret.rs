//! Her livret de parcours: her page (`/mon-livret`), where she reads each
//! version, signs it or says no, gives copies and follows her actions; a
//! professional's copy (`/dossier/:id/livret`), only with her agreement;
//! and what her home shows first. Each page's code comes only with it.

use crate::components::{FieldError, FormError, PrintButton, SecretField, field_error, unplaced_error};
use crate::domain::livret::{ActionState, Bilan, Contact, Livret, SCALE};
use crate::error::{AppError, Field};
use crate::livret::*;
use crate::text::{fill, person as t, pro as tp};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

/// Counts the successes of an action: a page reloads its data after a
/// change that was made, not after a refusal (what was typed stays).
fn successes<A>(action: ServerAction<A>) -> Signal<usize>
where
    A: leptos::server_fn::ServerFn<Output = (), Error = AppError> + Clone + Send + Sync + 'static,
{
    let n = RwSignal::new(0usize);
    Effect::new(move |_| {
        if action.value().with(|v| matches!(v, Some(Ok(())))) {
            n.update(|x| *x += 1);
        }
    });
    n.into()
}

fn version_param() -> impl Fn() -> Option<u32> + Copy + Send + Sync + 'static {
    let q = use_query_map();
    move || q.with(|q| q.get("version").and_then(|v| v.parse::<u32>().ok()))
}

// --- her page ----------------------------------------------------------------

#[component]
pub fn MyLivretPage() -> impl IntoView {
    let number = version_param();
    let sign = ServerAction::<SignLivret>::new();
    let refuse = ServerAction::<RefuseLivret>::new();
    let copy = ServerAction::<SetLivretCopy>::new();
    let state = ServerAction::<SetActionState>::new();
    let debrief = ServerAction::<RecordDebrief>::new();
    let ask = ServerAction::<AskReferentChange>::new();
    let answer = ServerAction::<AnswerReferentChange>::new();
    let (s1, s2, s3, s4, s5) = (successes(sign), successes(refuse), successes(copy), successes(state), successes(debrief));
    let (s6, s7) = (successes(ask), successes(answer));
    let page = Resource::new(
        move || (number(), s1.get() + s2.get() + s3.get() + s4.get() + s5.get() + s6.get() + s7.get()),
        |(n, _)| my_livret(n),
    );
    let actions = Actions { sign, refuse, copy, state, debrief, ask, answer };
    view! {
        <Title text=t::LIVRET_PAGE_TITLE />
        <h1>{t::LIVRET_PAGE_TITLE}</h1>
        <Transition fallback=|| view! { <p>{t::LOADING}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Err(e) => crate::components::load_error(e),
                    Ok(p) => view! { <LivretView p actions /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[derive(Clone, Copy)]
struct Actions {
    sign: ServerAction<SignLivret>,
    refuse: ServerAction<RefuseLivret>,
    copy: ServerAction<SetLivretCopy>,
    state: ServerAction<SetActionState>,
    debrief: ServerAction<RecordDebrief>,
    ask: ServerAction<AskReferentChange>,
    answer: ServerAction<AnswerReferentChange>,
}

#[component]
fn LivretView(p: LivretPage, actions: Actions) -> impl IntoView {
    let closed = p.closed.clone().map(|(on, reason)| {
        view! {
            <section class="card alert" aria-labelledby="closed-title" data-testid="closed">
                <h2 id="closed-title">{t::CLOSED_TITLE}</h2>
                <p>{fill(t::CLOSED_ON, &[("date", &on)])}</p>
                <p>{fill(t::CLOSED_REASON, &[("reason", &reason)])}</p>
                <p>{t::CLOSED_STILL_YOURS}</p>
            </section>
        }
    });
    let Some(number) = p.number else {
        return view! { {closed}<p class="lead" data-testid="no-livret">{t::LIVRET_NONE}</p> }.into_any();
    };
    let signable = p.is_last && !p.altered && p.signed_on.is_none();
    let pdf = format!("/pdf/livret/{}/{number}", p.dossier_id);
    view! {
        {closed}
        <div class="no-print livret-tools">
            <PrintButton />
            {(!p.altered).then(|| view! { <a class="button secondary" href=pdf data-testid="livret-pdf" rel="external" download>{t::LIVRET_PDF}</a> })}
        </div>
        <Status p=p.clone() />
        {p.content.clone().map(|l| view! {
            <Changes changes=p.changes.clone() />
            <LivretBody l whole=true />
        })}
        {signable.then(|| view! { <SignForms number sign=actions.sign refuse=actions.refuse /> })}
        <Tracking tracked=p.tracked.clone() state=actions.state />
        <Referents p=p.clone() ask=actions.ask answer=actions.answer />
        <Copies copies=p.copies.clone() action=actions.copy />
        {p.last_meeting.map(|m| view! { <Debrief meeting=m done=p.debrief action=actions.debrief /> })}
        <Versions versions=p.versions.clone() shown=number base="/mon-livret".to_owned() />
    }
    .into_any()
}

/// Signed, refused, not yet signed, or altered (never shown as signed).
#[component]
fn Status(p: LivretPage) -> impl IntoView {
    let Some(number) = p.number else { return ().into_any() };
    if p.altered {
        return view! { <p class="alert" role="alert" data-testid="livret-altered">{t::LIVRET_ALTERED}</p> }.into_any();
    }
    let date = p.content.as_ref().map(|l| l.meeting_on.clone()).unwrap_or_default();
    view! {
        <p class="lead" data-testid="livret-version">{fill(t::LIVRET_VERSION_LINE, &[("number", &number.to_string()), ("date", &date)])}</p>
        {match (&p.signed_on, &p.refused_on) {
            (Some(on), _) => view! { <p class="status ok" data-testid="livret-signed">{"✓ "}{fill(t::LIVRET_SIGNED_ON, &[("date", on)])}</p> }.into_any(),
            (None, Some(on)) => view! {
                <p class="status" data-testid="livret-refused">{fill(t::LIVRET_REFUSED_ON, &[("date", on)])}</p>
                {p.refusal.clone().map(|r| view! { <p>{fill(t::LIVRET_REFUSAL_WAS, &[("reason", &r)])}</p> })}
            }.into_any(),
            (None, None) => view! { <p class="status" data-testid="livret-unsigned">{t::LIVRET_NOT_SIGNED}</p> }.into_any(),
        }}
    }
    .into_any()
}

#[component]
fn Changes(changes: Vec<String>) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="changes-title" data-testid="livret-changes">
            <h2 id="changes-title">{t::LIVRET_CHANGES}</h2>
            <ul>{changes.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul>
        </section>
    }
}

fn contact_view(c: &Contact) -> impl IntoView + use<> {
    let label = c.function.map(|f| format!(", {}", f.label())).unwrap_or_default();
    let inst = c.institution.clone().filter(|i| !i.is_empty()).map(|i| format!(", {i}")).unwrap_or_default();
    let email = c.email.clone();
    view! {
        <strong>{c.name.clone()}</strong>{label}{inst}
        {email.map(|e| view! { <br /><span>{fill(t::HOME_REFERENT_REACH, &[("email", "")])}</span><a href=format!("mailto:{e}")>{e.clone()}</a> })}
    }
}

/// The version's content, in the order she reads it: her project first.
#[component]
pub fn LivretBody(l: Livret, whole: bool) -> impl IntoView {
    let team = l.team.clone();
    let does = |id: i64| l.does(id).into_iter().map(|a| a.what.clone()).collect::<Vec<_>>();
    let team_view = team
        .iter()
        .map(|m| {
            let d = does(m.id);
            view! {
                <li data-testid="team-member">
                    {contact_view(m)}
                    {(!d.is_empty()).then(|| view! { <br /><span>{format!("{} : {}.", t::LIVRET_DOES, d.join(" ; "))}</span> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <article class="livret" data-testid="livret-body" data-whole=whole.then_some("true")>
            <section class="card" aria-labelledby="project-title">
                <h2 id="project-title"><img src=crate::icons::LIVRET alt="" width="32" height="32" />{t::LIVRET_PROJECT}</h2>
                {l.objectives.is_empty().then(|| view! { <p>{t::LIVRET_NO_OBJECTIVE}</p> })}
                <ol class="objectives">
                    {l.objectives.iter().map(|o| view! {
                        <li class="objective" data-testid="livret-objective" data-kind=o.kind.as_str()>
                            <p>
                                <img src=o.kind.icon() alt="" width="28" height="28" />
                                <span class="kind">{o.kind.label()}</span>{" : "}<strong>{o.body.clone()}</strong>
                                {o.bilan.map(|b| view! { <span class="bilan" data-testid="objective-bilan">{format!(" — {} : {}", t::LIVRET_BILAN, b.label())}</span> })}
                            </p>
                            <ul class="actions">{o.actions.iter().map(|a| view! {
                                <li class="action" data-state=a.state.as_str()>
                                    <span aria-hidden="true">{a.state.icon()}{" "}</span>
                                    {fill(t::ACTION_LINE, &[("what", &a.what), ("who", &a.who), ("due", &a.due)])}
                                    {(!a.means.is_empty()).then(|| view! { {" "}{fill(t::ACTION_MEANS, &[("means", &a.means)])} })}
                                    {format!(" {} : {}.", t::LIVRET_STATE, a.state.label())}
                                </li>
                            }).collect_view()}</ul>
                        </li>
                    }).collect_view()}
                </ol>
            </section>
            {(!l.strengths.is_empty()).then(|| view! {
                <section class="card"><h2>{t::LIVRET_STRENGTHS}</h2>
                    <ul>{l.strengths.iter().map(|n| view! { <li>{format!("{} — {}", n.kind.label(), n.body)}</li> }).collect_view()}</ul>
                </section>
            })}
            {(!l.needs.is_empty()).then(|| view! {
                <section class="card"><h2>{t::LIVRET_NEEDS}</h2>
                    <ul>{l.needs.iter().map(|n| view! { <li>{format!("{} — {}", n.kind.label(), n.body)}</li> }).collect_view()}</ul>
                </section>
            })}
            <section class="card" aria-labelledby="referent-title" data-testid="livret-referent">
                <h2 id="referent-title">{t::REFERENT_TITLE}</h2>
                <p>{match &l.referent { Some(r) => contact_view(r).into_any(), None => t::LIVRET_NO_REFERENT.into_any() }}</p>
                {l.review_on.clone().map(|d| view! { <p data-testid="livret-review">{fill(t::REVIEW_ON, &[("date", &d)])}</p> })}
            </section>
            <section class="card" aria-labelledby="team-title">
                <h2 id="team-title">{t::LIVRET_TEAM}</h2>
                <ul class="plain">{team_view}</ul>
            </section>
            {(!l.demande.is_empty()).then(|| view! {
                <section class="card" aria-labelledby="demande-title" data-testid="livret-demande">
                    <h2 id="demande-title">{t::LIVRET_DEMANDE}</h2>
                    {l.demande.iter().map(|a| view! {
                        <h3><img src=a.kind.icon() alt="" width="28" height="28" />{a.kind.label()}</h3>
                        <dl>{a.answers.iter().map(|(q, w)| view! { <dt>{q.clone()}</dt><dd class="answer">{w.clone()}</dd> }).collect_view()}</dl>
                    }).collect_view()}
                </section>
            })}
            <section class="card"><h2>{t::CHARTER_TITLE}</h2>
                <ul>{l.charter.iter().map(|c| view! { <li>{c.clone()}</li> }).collect_view()}</ul>
            </section>
            <section class="card"><h2>{t::DATA_NOTICE_TITLE}</h2>
                {l.notice.iter().map(|c| view! { <p>{c.clone()}</p> }).collect_view()}
            </section>
        </article>
    }
}

#[component]
fn SignForms(number: u32, sign: ServerAction<SignLivret>, refuse: ServerAction<RefuseLivret>) -> impl IntoView {
    view! {
        <section class="card sign no-print" aria-labelledby="sign-title" data-testid="sign">
            <h2 id="sign-title">{t::LIVRET_SIGN_TITLE}</h2>
            <ActionForm action=sign attr:class="form">
                <p>{t::LIVRET_SIGN_HINT}</p>
                <FormError message=unplaced_error(sign.value(), &[Field::Secret]) />
                <input type="hidden" name="number" value=number />
                <SecretField field=Field::Secret label=t::SECRET_LABEL autocomplete="current-password" error=field_error(sign.value(), Field::Secret) />
                <button type="submit" class="button primary big">{"✍ "}{t::LIVRET_SIGN}</button>
            </ActionForm>
            <details>
                <summary>{t::LIVRET_REFUSE_TITLE}</summary>
                <ActionForm action=refuse attr:class="form">
                    <FormError message=unplaced_error(refuse.value(), &[Field::Reason]) />
                    <input type="hidden" name="number" value=number />
                    <label for="refusal">{t::LIVRET_REFUSE_REASON}</label>
                    <FieldError error=field_error(refuse.value(), Field::Reason) />
                    <textarea id="refusal" name="reason" rows="3"></textarea>
                    <button type="submit" class="button secondary">{t::LIVRET_REFUSE}</button>
                </ActionForm>
            </details>
        </section>
    }
}

/// Actions as they stand now; each one the caller may move has its form.
#[component]
fn Tracking(tracked: Vec<Tracked>, state: ServerAction<SetActionState>) -> impl IntoView {
    view! {
        <section class="card no-print" aria-labelledby="follow-title" data-testid="tracking">
            <h2 id="follow-title">{t::LIVRET_FOLLOW_TITLE}</h2>
            <FormError message=unplaced_error(state.value(), &[]) />
            {tracked.is_empty().then(|| view! { <p>{t::LIVRET_FOLLOW_NONE}</p> })}
            <ul class="plain tracked">
                {tracked.into_iter().map(|a| {
                    let sid = format!("state-{}", a.id);
                    let rid = format!("reason-{}", a.id);
                    view! {
                        <li class="tracked-action" data-testid="tracked" data-action=a.id data-state=a.state.as_str()>
                            <p>
                                <span aria-hidden="true">{a.state.icon()}{" "}</span>
                                <strong>{a.what.clone()}</strong>
                                {format!(" — {} — {}. {} : ", a.who, fill(t::HOME_NEXT_DUE, &[("date", &a.due)]), t::LIVRET_STATE)}
                                <span data-testid="tracked-state">{a.state.label()}</span>
                                {a.reason.clone().map(|r| view! { <br />{fill(t::LIVRET_DROPPED_BECAUSE, &[("reason", &r)])} })}
                            </p>
                            {a.may_update.then(|| view! {
                                <ActionForm action=state attr:class="form inline-form">
                                    <input type="hidden" name="action_id" value=a.id />
                                    <label for=sid.clone()>{t::LIVRET_STATE}</label>
                                    <select id=sid.clone() name="state">
                                        {ActionState::ALL.into_iter().map(|s| view! {
                                            <option value=s.as_str() selected=(s == a.state).then_some("selected")>{format!("{} {}", s.icon(), s.label())}</option>
                                        }).collect_view()}
                                    </select>
                                    <label for=rid.clone()>{t::LIVRET_DROP_REASON}</label>
                                    <input id=rid type="text" name="reason" maxlength="1000" />
                                    <button type="submit" class="button secondary">{t::LIVRET_SET_STATE}</button>
                                </ActionForm>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn Copies(copies: Vec<CopyChoice>, action: ServerAction<SetLivretCopy>) -> impl IntoView {
    view! {
        <section class="card no-print" aria-labelledby="copies-title" data-testid="copies">
            <h2 id="copies-title"><img src=crate::icons::LOCK alt="" width="32" height="32" />{t::LIVRET_COPIES_TITLE}</h2>
            <p>{t::LIVRET_COPIES_HINT}</p>
            <FormError message=unplaced_error(action.value(), &[]) />
            <ul class="plain">
                {copies.into_iter().map(|c| {
                    let who = format!("{}{}", c.name, c.function.map(|f| format!(", {}", f.label())).unwrap_or_default());
                    let aria = format!("{} : {}", if c.granted { t::LIVRET_COPY_TAKE_BACK } else { t::LIVRET_COPY_GIVE }, c.name);
                    view! {
                        <li data-testid="copy-choice" data-staff=c.staff_id data-granted=c.granted.then_some("true")>
                            <strong>{who}</strong>{" — "}{if c.granted { t::LIVRET_COPY_YES } else { t::LIVRET_COPY_NO }}
                            <ActionForm action attr:class="inline">
                                <input type="hidden" name="staff_id" value=c.staff_id />
                                <input type="hidden" name="give" value=if c.granted { "no" } else { "yes" } />
                                <button type="submit" class="button tertiary" aria-label=aria>{if c.granted { t::LIVRET_COPY_TAKE_BACK } else { t::LIVRET_COPY_GIVE }}</button>
                            </ActionForm>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn Debrief(meeting: i64, done: Option<(i64, i64)>, action: ServerAction<RecordDebrief>) -> impl IntoView {
    let scale = |name: &'static str, legend: &'static str, chosen: Option<i64>| {
        view! {
            <fieldset class="scale">
                <legend>{legend}</legend>
                {SCALE.iter().enumerate().map(|(i, (value, picto))| {
                    let id = format!("{name}-{value}");
                    let label = [t::LIVRET_SCALE_1, t::LIVRET_SCALE_2, t::LIVRET_SCALE_3, t::LIVRET_SCALE_4][i];
                    view! {
                        <input type="radio" id=id.clone() name=name value=*value checked=(chosen == Some(i as i64 + 1)).then_some("checked") />
                        <label for=id><span class="picto" aria-hidden="true">{*picto}</span>{label}</label>
                    }
                }).collect_view()}
            </fieldset>
        }
    };
    view! {
        <section class="card no-print" aria-labelledby="debrief-title" data-testid="debrief">
            <h2 id="debrief-title">{t::LIVRET_DEBRIEF_TITLE}</h2>
            <p>{t::LIVRET_DEBRIEF_HINT}</p>
            <ActionForm action attr:class="form">
                <FormError message=unplaced_error(action.value(), &[]) />
                <input type="hidden" name="meeting_id" value=meeting />
                {scale("confidence", t::LIVRET_DEBRIEF_CONFIDENCE, done.map(|d| d.0))}
                {scale("understanding", t::LIVRET_DEBRIEF_UNDERSTOOD, done.map(|d| d.1))}
                <button type="submit" class="button secondary">{t::LIVRET_DEBRIEF_SAVE}</button>
                {done.is_some().then(|| view! { <p role="status">{t::LIVRET_DEBRIEF_SAVED}</p> })}
            </ActionForm>
        </section>
    }
}

#[component]
fn Versions(versions: Vec<VersionLine>, shown: u32, base: String) -> impl IntoView {
    view! {
        <nav class="card no-print" aria-labelledby="versions-title" data-testid="versions">
            <h2 id="versions-title">{t::LIVRET_VERSIONS}</h2>
            <ul class="links">
                {versions.into_iter().rev().map(|v| {
                    let label = fill(t::LIVRET_VERSION_LINK, &[("number", &v.number.to_string()), ("date", &v.on)]);
                    let status = match (&v.signed_on, &v.refused_on) {
                        (Some(d), _) => fill(t::LIVRET_SIGNED_ON, &[("date", d)]),
                        (None, Some(_)) => t::LIVRET_REFUSE.to_owned(),
                        _ => t::LIVRET_NOT_SIGNED.to_owned(),
                    };
                    view! {
                        <li>
                            // A plain link: the router's <A> marks every
                            // version current (it compares the path, not
                            // the query).
                            <a href=format!("{base}?version={}", v.number) aria-current=(v.number == shown).then_some("page")>{label}</a>
                            {format!(" — {status}")}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </nav>
    }
}

// --- a professional's copy -----------------------------------------------------

#[component]
pub fn StaffLivretPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(-1));
    let number = version_param();
    let state = ServerAction::<SetActionState>::new();
    let ask = ServerAction::<AskReferentChange>::new();
    let answer = ServerAction::<AnswerReferentChange>::new();
    let close = ServerAction::<CloseAccompaniment>::new();
    let (s1, s2, s3, s4) = (successes(state), successes(ask), successes(answer), successes(close));
    let page =
        Resource::new(move || (id(), number(), s1.get() + s2.get() + s3.get() + s4.get()), |(id, n, _)| livret_copy(id, n));
    view! {
        <Transition fallback=|| view! { <p>{t::LOADING}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Err(e) => crate::components::load_error(e),
                    Ok(p) => {
                        let title = fill(t::LIVRET_TITLE_OF, &[("name", &p.person_name)]);
                        let base = format!("/dossier/{}/livret", p.dossier_id);
                        let pdf = p.number.map(|n| format!("/pdf/livret/{}/{n}", p.dossier_id));
                        view! {
                            <Title text=title.clone() />
                            <h1>{title}</h1>
                            // Not <A>: it would mark her demande as the current page here.
                            <p class="no-print"><a href=format!("/dossier/{}", p.dossier_id)>{tp::BACK_TO_DOSSIER}</a></p>
                            {if p.has_copy {
                                view! {
                                    <div class="no-print livret-tools">
                                        <PrintButton />
                                        {pdf.filter(|_| !p.altered).map(|href| view! { <a class="button secondary" href=href data-testid="livret-pdf" rel="external" download>{t::LIVRET_PDF}</a> })}
                                    </div>
                                    <p class="alert" data-testid="partial-copy">{tp::LIVRET_COPY_PART}</p>
                                    {(!p.hidden.is_empty()).then(|| view! {
                                        <p>{tp::LIVRET_COPY_HIDDEN}</p>
                                        <ul class="inline-list" data-testid="hidden-kinds">{p.hidden.iter().map(|k| view! { <li>{k.label()}</li> }).collect_view()}</ul>
                                    })}
                                    <Status p=p.clone() />
                                    {p.content.clone().map(|l| view! { <Changes changes=p.changes.clone() /><LivretBody l whole=false /> })}
                                }.into_any()
                            } else {
                                view! { <p class="lead" data-testid="no-copy">{tp::LIVRET_NO_COPY}</p> }.into_any()
                            }}
                            {p.closed.clone().map(|(on, reason)| view! { <p class="alert" data-testid="closed">{fill(tp::CLOSED_STAFF, &[("date", &on), ("reason", &reason)])}</p> })}
                            <Tracking tracked=p.tracked.clone() state />
                            <Referents p=p.clone() ask answer />
                            {(p.i_animate && p.closed.is_none()).then(|| view! { <CloseForm dossier=p.dossier_id action=close /> })}
                            {p.number.filter(|_| p.has_copy).map(|n| view! { <Versions versions=p.versions.clone() shown=n base /> })}
                        }
                        .into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// Her référents, a change waiting for a yes, and the form to ask for one
/// (hers, or her référent's own).
#[component]
fn Referents(p: LivretPage, ask: ServerAction<AskReferentChange>, answer: ServerAction<AnswerReferentChange>) -> impl IntoView {
    let her = p.is_her;
    let change = p.referent_change.clone();
    let may_ask = !p.candidates.is_empty() && p.closed.is_none();
    let show = her || p.i_am_referent || change.as_ref().is_some_and(|c| c.for_me);
    show.then(|| view! {
        <section class="card no-print" aria-labelledby="referents-title" data-testid="referents">
            <h2 id="referents-title">{if her { t::REFERENT_HISTORY_TITLE } else { tp::REFERENT_CHANGE_STAFF }}</h2>
            {her.then(|| view! {
                <ul class="plain">{p.referents.iter().map(|(on, name)| view! { <li>{fill(t::REFERENT_HISTORY_LINE, &[("date", on), ("name", name)])}</li> }).collect_view()}</ul>
            })}
            <FormError message=unplaced_error(answer.value(), &[]) />
            {change.map(|c| view! {
                <div data-testid="referent-change" data-her-yes=c.her_yes.then_some("true") data-his-yes=c.his_yes.then_some("true")>
                    <p>{fill(t::REFERENT_CHANGE_WAITING, &[("name", &c.to_name)])}</p>
                    {(her && c.her_yes).then(|| view! { <p>{t::REFERENT_CHANGE_WAIT_HIM}</p> })}
                    {(her && !c.her_yes).then(|| view! {
                        <p>{t::REFERENT_CHANGE_WAIT_HER}</p>
                        <ActionForm action=answer attr:class="inline">
                            <input type="hidden" name="change_id" value=c.id />
                            <button type="submit" class="button primary">{t::REFERENT_CHANGE_SAY_YES}</button>
                        </ActionForm>
                    })}
                    {c.for_me.then(|| view! {
                        <p>{tp::REFERENT_CHANGE_FOR_YOU}</p>
                        <ActionForm action=answer attr:class="inline">
                            <input type="hidden" name="change_id" value=c.id />
                            <button type="submit" class="button primary">{tp::REFERENT_CHANGE_ACCEPT}</button>
                        </ActionForm>
                    })}
                </div>
            })}
            {may_ask.then(|| view! {
                <ActionForm action=ask attr:class="form">
                    <h3>{t::REFERENT_CHANGE_TITLE}</h3>
                    <p>{t::REFERENT_CHANGE_HINT}</p>
                    <FormError message=unplaced_error(ask.value(), &[Field::Staff]) />
                    <input type="hidden" name="dossier_id" value=p.dossier_id />
                    <label for="new-referent">{t::REFERENT_CHANGE_WHO}</label>
                    <FieldError error=field_error(ask.value(), Field::Staff) />
                    <select id="new-referent" name="staff_id">
                        {p.candidates.iter().map(|(id, name)| view! { <option value=*id>{name.clone()}</option> }).collect_view()}
                    </select>
                    <button type="submit" class="button secondary">{t::REFERENT_CHANGE_ASK}</button>
                </ActionForm>
            })}
        </section>
    })
}

/// The animateur closes her accompaniment, with a reason she will read.
#[component]
fn CloseForm(dossier: i64, action: ServerAction<CloseAccompaniment>) -> impl IntoView {
    view! {
        <section class="card no-print" aria-labelledby="close-title" data-testid="close-accompaniment">
            <h2 id="close-title">{tp::CLOSE_TITLE}</h2>
            <p>{tp::CLOSE_HINT}</p>
            <ActionForm action attr:class="form">
                <FormError message=unplaced_error(action.value(), &[Field::Reason]) />
                <input type="hidden" name="dossier_id" value=dossier />
                <label for="close-reason">{tp::CLOSE_REASON}</label>
                <FieldError error=field_error(action.value(), Field::Reason) />
                <textarea id="close-reason" name="reason" rows="2"></textarea>
                <button type="submit" class="button secondary">{tp::CLOSE_BUTTON}</button>
            </ActionForm>
        </section>
    }
}

// --- her home, and a professional's ------------------------------------------------

/// Her home shows first what she does next, then her référent and how to
/// reach him; and her livret to sign when it is ready.
#[component]
pub fn HerNextSteps() -> impl IntoView {
    let steps = Resource::new(|| (), |_| my_next_steps());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let Ok(s) = steps.await else { return ().into_any() };
                if !s.has_livret {
                    return ().into_any();
                }
                view! {
                    <section class="card next" aria-labelledby="next-title" data-testid="next-steps">
                        <h2 id="next-title"><img src=crate::icons::LIVRET alt="" width="32" height="32" />{t::HOME_NEXT_TITLE}</h2>
                        {s.to_sign.map(|_| view! { <p class="lead alert" data-testid="to-sign">{t::HOME_TO_SIGN}</p> })}
                        {s.actions.is_empty().then(|| view! { <p>{t::HOME_NEXT_NONE}</p> })}
                        <ul class="plain">
                            {s.actions.iter().map(|a| view! {
                                <li data-testid="next-action">
                                    <span aria-hidden="true">{a.state.icon()}{" "}</span>
                                    <strong>{a.what.clone()}</strong>{" — "}{fill(t::HOME_NEXT_DUE, &[("date", &a.due)])}
                                </li>
                            }).collect_view()}
                        </ul>
                        {(!s.reminders.is_empty()).then(|| view! {
                            <h3>{t::HOME_REMINDERS_TITLE}</h3>
                            <ul data-testid="her-reminders">{s.reminders.iter().map(|r| view! { <li>{r.clone()}</li> }).collect_view()}</ul>
                        })}
                        <A href="/mon-livret" attr:class="button primary big">{t::HOME_LIVRET_OPEN}</A>
                    </section>
                    {s.referent.clone().map(|r| view! {
                        <section class="card" aria-labelledby="referent-home-title" data-testid="home-referent">
                            <h2 id="referent-home-title"><img src=crate::icons::PERSON alt="" width="32" height="32" />{t::HOME_REFERENT_TITLE}</h2>
                            <p>{contact_view(&r)}</p>
                            {s.review_on.clone().map(|d| view! { <p>{fill(t::REVIEW_ON, &[("date", &d)])}</p> })}
                        </section>
                    })}
                }
                .into_any()
            })}
        </Suspense>
    }
}

/// A professional's reminders: an action of his soon due, a next meeting.
#[component]
pub fn StaffReminders() -> impl IntoView {
    let list = Resource::new(|| (), |_| my_reminders());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let Ok(list) = list.await else { return ().into_any() };
                (!list.is_empty()).then(|| view! {
                    <section class="card" aria-labelledby="reminders-title" data-testid="staff-reminders">
                        <h2 id="reminders-title">{tp::REMINDERS_STAFF_TITLE}</h2>
                        <ul class="links">{list.into_iter().map(|r| view! {
                            <li><A href=format!("/dossier/{}/livret", r.dossier_id)>{r.person_name}</A>{format!(" — {}", r.text)}</li>
                        }).collect_view()}</ul>
                    </section>
                }).into_any()
            })}
        </Suspense>
    }
}

/// The bilan of an objective of an earlier meeting, on the meeting's screen.
#[component]
pub fn BilanForm(
    meeting: i64,
    objective: i64,
    current: Option<Bilan>,
    action: ServerAction<crate::meeting::SetBilan>,
) -> impl IntoView {
    let id = format!("bilan-{objective}");
    view! {
        <ActionForm action attr:class="form inline-form" attr:data-testid="bilan-form">
            <input type="hidden" name="meeting_id" value=meeting />
            <input type="hidden" name="objective_id" value=objective />
            <label for=id.clone()>{tp::BILAN_LABEL}</label>
            <select id=id name="bilan">
                {Bilan::ALL.into_iter().map(|b| view! { <option value=b.as_str() selected=(Some(b) == current).then_some("selected")>{b.label()}</option> }).collect_view()}
            </select>
            <button type="submit" class="button secondary">{tp::BILAN_SAVE}</button>
        </ActionForm>
    }
}
