//! Small building blocks shared by pages: the header, form fields tied to
//! their error messages, the access sheet.

use crate::accounts::AccessSheet;
use crate::app::Auth;
use crate::domain::role::Role;
use crate::error::{AppError, Field};
use crate::text::{fill, person as t, pro as tp};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Header() -> impl IntoView {
    let auth = expect_context::<Auth>();
    view! {
        <header class="site-header">
            <A href="/" attr:class="brand">
                <img src="/icons/livret.svg" alt="" width="32" height="32" />
                <span>{t::APP_NAME}</span>
            </A>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match auth.me.await {
                        Ok(Some(me)) => {
                            let label = if me.role == Role::Person { t::FINISHED } else { tp::SIGN_OUT };
                            view! {
                                <div class="who">
                                    <span class="who-name">{me.display_name}</span>
                                    <ActionForm action=auth.sign_out attr:class="inline">
                                        <button type="submit" class="button finish">{label}</button>
                                    </ActionForm>
                                </div>
                            }
                                .into_any()
                        }
                        _ => ().into_any(),
                    }
                })}
            </Transition>
        </header>
    }
}

/// The error of an action result, if it concerns `field`.
pub fn field_error<V, T>(value: V, field: Field) -> Signal<Option<String>>
where
    V: With<Value = Option<Result<T, AppError>>> + Copy + Send + Sync + 'static,
{
    Signal::derive(move || {
        value.with(|v| match v {
            Some(Err(e)) if e.field() == Some(field) => Some(e.message()),
            _ => None,
        })
    })
}

/// The error of an action result that belongs to no field.
pub fn form_error<V, T>(value: V, wrong_credentials: &'static str) -> Signal<Option<String>>
where
    V: With<Value = Option<Result<T, AppError>>> + Copy + Send + Sync + 'static,
{
    Signal::derive(move || {
        value.with(|v| match v {
            Some(Err(AppError::WrongCredentials)) => Some(wrong_credentials.to_owned()),
            Some(Err(e)) if e.field().is_none() => Some(e.message()),
            _ => None,
        })
    })
}

#[component]
pub fn FormError(message: Signal<Option<String>>) -> impl IntoView {
    view! {
        <Show when=move || message.get().is_some()>
            <p class="form-error" role="alert">
                <img src="/icons/warning.svg" alt="" width="28" height="28" />
                <span>{move || message.get()}</span>
            </p>
        </Show>
    }
}

/// The `aria-describedby` of an input: its hint, and its error when shown.
fn described_by(
    hint_id: Option<String>,
    error_id: String,
    error: Signal<Option<String>>,
) -> impl Fn() -> Option<String> + Send + Sync + 'static {
    move || {
        let shown_error = error.get().is_some().then(|| error_id.clone());
        let ids: Vec<String> = hint_id.clone().into_iter().chain(shown_error).collect();
        if ids.is_empty() { None } else { Some(ids.join(" ")) }
    }
}

/// A labelled input with its hint and its error message, tied together
/// for screen readers.
#[component]
pub fn TextField(
    field: Field,
    label: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] maxlength: Option<usize>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let id = field.input_id();
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = described_by(hint.is_some().then(|| hint_id.clone()), error_id.clone(), error);
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label for=id>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            <p class="field-error" id=error_id.clone() hidden=move || error.get().is_none()>
                {move || error.get()}
            </p>
            <input
                id=id
                name=id
                type=input_type
                autocomplete=autocomplete
                maxlength=maxlength
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described
            />
        </div>
    }
}

/// A secret field with a button that shows or hides what is typed (works
/// once the page's WebAssembly has started).
#[component]
pub fn SecretField(
    field: Field,
    label: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] extra_hint: Option<&'static str>,
    autocomplete: &'static str,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let id = field.input_id();
    let shown = RwSignal::new(false);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = described_by(hint.is_some().then(|| hint_id.clone()), error_id.clone(), error);
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label for=id>{label}</label>
            {hint.map(|h| {
                view! {
                    <div class="hint" id=hint_id.clone()>
                        <p>{h}</p>
                        {extra_hint.map(|x| view! { <p>{x}</p> })}
                    </div>
                }
            })}
            <p class="field-error" id=error_id.clone() hidden=move || error.get().is_none()>
                {move || error.get()}
            </p>
            <div class="secret-row">
                <input
                    id=id
                    name=id
                    type=move || if shown.get() { "text" } else { "password" }
                    autocomplete=autocomplete
                    maxlength="200"
                    aria-invalid=move || error.get().is_some().then_some("true")
                    aria-describedby=described
                />
                <button
                    type="button"
                    class="button secondary"
                    aria-controls=id
                    aria-pressed=move || if shown.get() { "true" } else { "false" }
                    on:click=move |_| shown.update(|s| *s = !*s)
                >
                    {move || if shown.get() { t::HIDE_SECRET } else { t::SHOW_SECRET }}
                </button>
            </div>
        </div>
    }
}

/// The sheet of the latest account opened or renewed by any of these
/// actions. Shown once: the code is never stored in clear.
pub fn latest_sheet<V>(values: [V; 2]) -> RwSignal<Option<AccessSheet>>
where
    V: Get<Value = Option<Result<AccessSheet, AppError>>> + Copy + Send + Sync + 'static,
{
    let sheet = RwSignal::new(None);
    for value in values {
        Effect::new(move || {
            if let Some(Ok(s)) = value.get() {
                sheet.set(Some(s));
            }
        });
    }
    sheet
}

/// The sheet handed to someone for her first sign-in. Printed on paper.
#[component]
pub fn AccessSheetView(sheet: AccessSheet) -> impl IntoView {
    view! {
        <section class="sheet" aria-labelledby="sheet-title">
            <p class="notice no-print">{tp::SHEET_READY}</p>
            <h2 id="sheet-title">{t::SHEET_TITLE}</h2>
            <dl>
                <dt>{t::SHEET_FOR}</dt>
                <dd>{sheet.display_name}</dd>
                <dt>{t::SHEET_ADDRESS}</dt>
                <dd>{sheet.site}</dd>
                <dt>{t::SHEET_IDENTIFIER}</dt>
                <dd class="big" data-testid="sheet-login">{sheet.login}</dd>
                <dt>{t::SHEET_CODE}</dt>
                <dd class="big code" data-testid="sheet-code">{sheet.code}</dd>
            </dl>
            <p>{fill(t::SHEET_EXPIRES, &[("date", &sheet.expires_on)])}</p>
            <ol>
                <li>{t::SHEET_STEP_1}</li>
                <li>{t::SHEET_STEP_2}</li>
                <li>{t::SHEET_STEP_3}</li>
                <li>{t::SHEET_STEP_4}</li>
            </ol>
            <PrintButton />
        </section>
    }
}

#[component]
pub fn PrintButton() -> impl IntoView {
    view! {
        <button
            type="button"
            class="button secondary no-print"
            on:click=move |_| {
                if let Some(w) = web_sys::window() {
                    let _ = w.print();
                }
            }
        >
            <img src="/icons/print.svg" alt="" width="24" height="24" />
            {t::PRINT}
        </button>
    }
}
