//! The sheet handed to someone for her first sign-in, and printing.

use crate::accounts::AccessSheet;
use crate::error::AppError;
use crate::text::{fill, person as t, pro as tp};
use leptos::prelude::*;

/// The sheet of the latest account opened or renewed by any of these
/// actions. Shown once: the code is never stored in clear.
fn latest_sheet<V>(values: [V; 2]) -> RwSignal<Option<AccessSheet>>
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

/// The sheet waiting in the session after a form posted without
/// JavaScript, or the latest one made by these actions.
#[component]
pub fn LatestSheet<V>(values: [V; 2]) -> impl IntoView
where
    V: Get<Value = Option<Result<AccessSheet, AppError>>> + Copy + Send + Sync + 'static,
{
    let pending = Resource::new(|| (), |_| crate::accounts::take_pending_sheet());
    let latest = latest_sheet(values);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                pending.await.ok().flatten().map(|s| view! { <AccessSheetView sheet=s /> })
            })}
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
