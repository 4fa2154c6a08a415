//! Every acronym a person may meet, in plain words.

use crate::domain::glossary::ENTRIES;
use crate::text::person as t;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn GlossaryPage() -> impl IntoView {
    view! {
        <Title text=t::GLOSSARY_TITLE />
        <h1>
            <img src=crate::icons::BOOK alt="" width="40" height="40" />
            {t::GLOSSARY_TITLE}
        </h1>
        <p>{t::GLOSSARY_INTRO}</p>
        <dl class="glossary">
            {ENTRIES
                .iter()
                .map(|e| {
                    view! {
                        <dt id=e.acronym>{e.acronym}</dt>
                        <dd>
                            <p><strong>{e.meaning}</strong></p>
                            <p>{e.explanation}</p>
                        </dd>
                    }
                })
                .collect_view()}
        </dl>
    }
}
