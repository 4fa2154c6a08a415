//! Form fields tied to their error messages, for screen readers too.

use crate::error::{AppError, Field};
use crate::text::person as t;
use leptos::prelude::*;

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
