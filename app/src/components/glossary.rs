//! Acronyms in a text become buttons that show their meaning on tap (a
//! native popover: no JavaScript needed).

use crate::domain::glossary::{Part, split_terms};
use leptos::prelude::*;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Numbers the popovers of one page, in rendering order (the same on the
/// server and in the browser).
#[derive(Clone, Default)]
pub struct TermIds(Arc<AtomicUsize>);

impl TermIds {
    fn next(&self) -> usize {
        self.0.fetch_add(1, Ordering::Relaxed)
    }
}

#[component]
pub fn Glossed(#[prop(into)] text: String) -> impl IntoView {
    let ids = use_context::<TermIds>().unwrap_or_default();
    split_terms(&text)
        .into_iter()
        .map(|part| match part {
            Part::Text(s) => s.into_any(),
            Part::Term(entry) => {
                let id = format!("term-{}-{}", entry.acronym, ids.next());
                view! {
                    <button type="button" class="term" popovertarget=id.clone()>
                        {entry.acronym}
                    </button>
                    <span popover="auto" id=id class="term-popup" role="note">
                        <strong>{entry.acronym}</strong>
                        {format!(" : {}. {}", entry.meaning, entry.explanation)}
                    </span>
                }
                .into_any()
            }
        })
        .collect_view()
}
