//! The sheet handed to someone for her first sign-in, and printing.

use crate::accounts::{AccessSheet, SheetOutcome};
use crate::error::AppError;
use crate::text::{fill, person as t, pro as tp};
use leptos::prelude::*;

/// The sheet an action produced, if its last result is one.
pub fn sheet_of<V>(value: V) -> Signal<Option<AccessSheet>>
where
    V: With<Value = Option<Result<AccessSheet, AppError>>> + Copy + Send + Sync + 'static,
{
    Signal::derive(move || value.with(|v| v.as_ref().and_then(|r| r.as_ref().ok()).cloned()))
}

/// The sheet of an action that may also wait for a second person.
pub fn sheet_of_outcome<V>(value: V) -> Signal<Option<AccessSheet>>
where
    V: With<Value = Option<Result<SheetOutcome, AppError>>> + Copy + Send + Sync + 'static,
{
    Signal::derive(move || value.with(|v| v.as_ref().and_then(|r| r.as_ref().ok()).and_then(|o| o.sheet().cloned())))
}

/// The sheet waiting in the session after a form posted without
/// JavaScript, or the latest one made by these actions. Shown once: the
/// code is never stored in clear.
#[component]
pub fn LatestSheet(sheets: Vec<Signal<Option<AccessSheet>>>) -> impl IntoView {
    let pending = Resource::new(|| (), |_| crate::accounts::take_pending_sheet());
    let latest = RwSignal::new(None);
    for sheet in sheets {
        Effect::new(move || {
            if let Some(s) = sheet.get() {
                latest.set(Some(s));
            }
        });
    }
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move { pending.await.ok().flatten().map(|s| view! { <AccessSheetView sheet=s /> }) })}
        </Suspense>
        {move || latest.get().map(|s| view! { <AccessSheetView sheet=s /> })}
    }
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

/// An island in every light bundle: her demande, her sharing choices and
/// her livret (which comes with her home's bundle) have one.
#[island]
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
            <img src=crate::icons::PRINT alt="" width="24" height="24" />
            {t::PRINT}
        </button>
    }
}
