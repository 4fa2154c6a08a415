//! What someone else did to her account since her last sign-in (a new
//! sheet of connexion), told on her home during the session that follows.

use crate::auth::my_notices;
use crate::text::{fill, person as t};
use leptos::prelude::*;

#[component]
pub fn AccountNotices() -> impl IntoView {
    let notices = Resource::new(|| (), |_| my_notices());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let list = notices.await.unwrap_or_default();
                (!list.is_empty()).then(|| view! {
                    <section class="card notice" role="status" aria-labelledby="notices-title" data-testid="notices">
                        <h2 id="notices-title">
                            <img src=crate::icons::WARNING alt="" width="32" height="32" />
                            {t::NOTICES_TITLE}
                        </h2>
                        {list.into_iter().map(|n| view! {
                            <p>{fill(t::NOTICE_NEW_SHEET, &[("name", &n.by), ("date", &n.on)])}</p>
                        }).collect_view()}
                        <p>{t::NOTICE_NOT_YOU}</p>
                    </section>
                })
            })}
        </Suspense>
    }
}
