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
            Some(Err(e)) if e.field().is_none() => Some(e.general_message()),
            _ => None,
        })
    })
}

#[component]
pub fn FormError(message: Signal<Option<String>>) -> impl IntoView {
    view! {
        // Not `<Show>`: see `ListenButton`.
        {move || message.get().map(|message| view! {
            <p class="form-error" role="alert">
                <img src=crate::icons::WARNING alt="" width="28" height="28" />
                <span>{message}</span>
            </p>
        })}
    }
}

/// The `aria-describedby` of a field's input (ids set by [`FieldFrame`]):
/// its hint, and its error when shown.
fn described_by(
    field: Field,
    has_hint: bool,
    error: Signal<Option<String>>,
) -> impl Fn() -> Option<String> + Send + Sync + 'static {
    let id = field.input_id();
    move || {
        let hint = has_hint.then(|| format!("{id}-hint"));
        let shown_error = error.get().is_some().then(|| format!("{id}-error"));
        let ids: Vec<String> = hint.into_iter().chain(shown_error).collect();
        if ids.is_empty() { None } else { Some(ids.join(" ")) }
    }
}

/// What a page shows when its data could not be loaded.
pub fn load_error(e: AppError) -> AnyView {
    error_line(e).into_any()
}

/// The same, for a view that needs no type erasure (an island's).
pub fn error_line(e: AppError) -> impl IntoView {
    view! { <p class="form-error" role="alert">{e.message()}</p> }
}

/// The message of a refusal that belongs to none of the fields listed
/// (those show beside their input).
pub fn unplaced_error<V, T>(value: V, placed: &'static [Field]) -> Signal<Option<String>>
where
    V: With<Value = Option<Result<T, AppError>>> + Copy + Send + Sync + 'static,
{
    Signal::derive(move || {
        value.with(|v| match v {
            Some(Err(e)) if !e.field().is_some_and(|f| placed.contains(&f)) => Some(e.message()),
            _ => None,
        })
    })
}

/// A field's error message, hidden while there is none.
#[component]
pub fn FieldError(#[prop(optional)] id: Option<String>, error: Signal<Option<String>>) -> impl IntoView {
    view! {
        <p class="field-error" id=id hidden=move || error.get().is_none()>
            {move || error.get()}
        </p>
    }
}

/// The label, hints and error message around an input, tied to it by ids.
#[component]
fn FieldFrame(
    field: Field,
    label: &'static str,
    hints: Vec<&'static str>,
    error: Signal<Option<String>>,
    children: Children,
) -> impl IntoView {
    let id = field.input_id();
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label for=id>{label}</label>
            {(!hints.is_empty()).then(|| view! {
                <div class="hint" id=format!("{id}-hint")>
                    {hints.into_iter().map(|h| view! { <p>{h}</p> }).collect_view()}
                </div>
            })}
            <FieldError id=format!("{id}-error") error />
            {children()}
        </div>
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
    view! {
        <FieldFrame field label hints=hint.into_iter().collect() error>
            <input
                id=id
                name=id
                type=input_type
                value=crate::form_memory::typed_before(id)
                autocomplete=autocomplete
                maxlength=maxlength
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described_by(field, hint.is_some(), error)
            />
        </FieldFrame>
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
    let hints: Vec<&'static str> = hint.into_iter().chain(extra_hint).collect();
    let has_hint = !hints.is_empty();
    view! {
        <FieldFrame field label hints error>
            <div class="secret-row">
                <input
                    id=id
                    name=id
                    type="password"
                    autocomplete=autocomplete
                    maxlength="200"
                    aria-invalid=move || error.get().is_some().then_some("true")
                    aria-describedby=described_by(field, has_hint, error)
                />
                <SecretToggle />
            </div>
        </FieldFrame>
    }
}

/// "Montrer le code": shows or hides the secret typed beside it. An island
/// of its own, so that the forms around it need no code in the browser
/// (her sign-in form posts as without JavaScript). It has no props: a prop
/// brings the JSON reader into the light bundle (+22 KB compressed,
/// measured), so it finds its field in the page instead, and names it in
/// `aria-controls` only once started (before, the button does nothing).
#[cfg_attr(any(not(feature = "light"), feature = "light-home"), island)]
#[cfg_attr(all(feature = "light", not(feature = "light-home")), component)]
fn SecretToggle() -> impl IntoView {
    let shown = RwSignal::new(false);
    let button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        let shown = shown.get();
        use wasm_bindgen::JsCast;
        let Some(button) = button.get() else { return };
        let input = button.closest(".secret-row").ok().flatten().and_then(|row| row.query_selector("input").ok().flatten());
        if let Some(input) = input.and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok()) {
            let _ = button.set_attribute("aria-controls", &input.id());
            input.set_type(if shown { "text" } else { "password" });
        }
    });
    view! {
        <button
            type="button"
            class="button secondary"
            node_ref=button
            aria-pressed=move || if shown.get() { "true" } else { "false" }
            on:click=move |_| shown.update(|s| *s = !*s)
        >
            {move || if shown.get() { t::HIDE_SECRET } else { t::SHOW_SECRET }}
        </button>
    }
}

/// A broken plain-language rule, said to the professional who types a text
/// she will read.
pub fn plain_language_warning(o: &crate::domain::falc::Offence) -> String {
    use crate::domain::falc::Offence;
    use crate::text::{fill, pro as tp};
    match o {
        Offence::SentenceTooLong { sentence, .. } => fill(tp::PLAIN_TOO_LONG, &[("sentence", sentence)]),
        Offence::UndefinedAcronym(w) => fill(tp::PLAIN_ACRONYM, &[("word", w)]),
        Offence::AllCaps(w) => fill(tp::PLAIN_CAPS, &[("word", w)]),
        Offence::NumberInWords(w) => fill(tp::PLAIN_NUMBER, &[("word", w)]),
        Offence::WrongTerm { used, preferred } => fill(tp::PLAIN_TERM, &[("word", used), ("preferred", preferred)]),
        Offence::Italics => tp::PLAIN_OTHER.to_owned(),
    }
}
