//! "Écouter": reads the main content of the page aloud with the browser's
//! speech synthesis, in French, sentence by sentence, highlighting the
//! part being read. Says plainly when the device cannot read aloud.

use crate::text::person as t;
use leptos::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Reading {
    Idle,
    Playing,
    Paused,
    Unavailable,
}

/// The elements read aloud, in page order.
pub const READ_SELECTOR: &str = "main h1, main h2, main h3, main p, main li, main dt, main dd, main label, main th, main td";
pub const READING_CLASS: &str = "reading";

#[component]
pub fn ListenButton() -> impl IntoView {
    let state = RwSignal::new(Reading::Idle);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| speech::warm_up());
    let start = move |_| {
        #[cfg(feature = "hydrate")]
        state.set(speech::read_main(state));
    };
    let pause = move |_| {
        #[cfg(feature = "hydrate")]
        state.set(speech::pause_or_resume(state.get_untracked()));
    };
    let stop = move |_| {
        #[cfg(feature = "hydrate")]
        speech::stop();
        state.set(Reading::Idle);
    };
    let busy = move || matches!(state.get(), Reading::Playing | Reading::Paused);
    view! {
        <div class="listen">
            <Show when=move || !busy()>
                <button type="button" class="button secondary" on:click=start>
                    <img src="/icons/listen.svg" alt="" width="28" height="28" />
                    {t::LISTEN}
                </button>
            </Show>
            <Show when=busy>
                <button type="button" class="button secondary" on:click=pause>
                    {move || if state.get() == Reading::Paused { t::LISTEN_RESUME } else { t::LISTEN_PAUSE }}
                </button>
                <button type="button" class="button secondary" on:click=stop>{t::LISTEN_STOP}</button>
            </Show>
            <Show when=move || state.get() == Reading::Unavailable>
                <p class="notice" role="status">{t::LISTEN_UNAVAILABLE}</p>
            </Show>
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod speech {
    use super::{READ_SELECTOR, READING_CLASS, Reading};
    use crate::domain::falc;
    use leptos::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    use web_sys::{Element, SpeechSynthesis, SpeechSynthesisUtterance, SpeechSynthesisVoice};

    fn synth() -> Option<SpeechSynthesis> {
        web_sys::window()?.speech_synthesis().ok()
    }

    /// Voices load in the background: ask early so they are there on click.
    pub fn warm_up() {
        if let Some(s) = synth() {
            let _ = s.get_voices();
        }
    }

    fn french_voice(s: &SpeechSynthesis) -> Option<SpeechSynthesisVoice> {
        let voices = s.get_voices();
        let all: Vec<SpeechSynthesisVoice> = voices.iter().map(|v| v.unchecked_into()).collect();
        all.iter().find(|v| v.lang().to_lowercase().starts_with("fr")).or(all.first()).cloned()
    }

    fn clear_highlight() {
        if let Ok(list) = document().query_selector_all(&format!(".{READING_CLASS}")) {
            for i in 0..list.length() {
                if let Some(el) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                    let _ = el.class_list().remove_1(READING_CLASS);
                }
            }
        }
    }

    /// The visible text blocks of the main content, each with its element.
    fn blocks() -> Vec<(Element, String)> {
        let Ok(list) = document().query_selector_all(READ_SELECTOR) else { return Vec::new() };
        (0..list.length())
            .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
            .filter(|el| el.closest("[hidden], .no-print, [popover]").ok().flatten().is_none())
            // A block inside another read block is read with it.
            .filter(|el| el.parent_element().and_then(|p| p.closest(READ_SELECTOR).ok().flatten()).is_none())
            .filter_map(|el| {
                let text = el.text_content()?.split_whitespace().collect::<Vec<_>>().join(" ");
                (!text.is_empty()).then_some((el, text))
            })
            .collect()
    }

    pub fn read_main(state: RwSignal<Reading>) -> Reading {
        let Some(s) = synth() else { return Reading::Unavailable };
        let Some(voice) = french_voice(&s) else { return Reading::Unavailable };
        s.cancel();
        clear_highlight();
        let sentences: Vec<(Element, String)> = blocks()
            .into_iter()
            .flat_map(|(el, text)| {
                falc::sentences(&text).into_iter().map(move |s| (el.clone(), s.to_owned())).collect::<Vec<_>>()
            })
            .collect();
        let Some(last) = sentences.len().checked_sub(1) else { return Reading::Idle };
        for (i, (el, sentence)) in sentences.into_iter().enumerate() {
            let Ok(u) = SpeechSynthesisUtterance::new_with_text(&sentence) else { continue };
            u.set_lang("fr-FR");
            u.set_voice(Some(&voice));
            let on = el.clone();
            let start = Closure::<dyn FnMut()>::new(move || {
                clear_highlight();
                let _ = on.class_list().add_1(READING_CLASS);
            });
            let end = Closure::<dyn FnMut()>::new(move || {
                let _ = el.class_list().remove_1(READING_CLASS);
                if i == last {
                    state.set(Reading::Idle);
                }
            });
            u.set_onstart(Some(start.as_ref().unchecked_ref()));
            u.set_onend(Some(end.as_ref().unchecked_ref()));
            // The utterance owns its handlers until the page goes.
            start.forget();
            end.forget();
            s.speak(&u);
        }
        Reading::Playing
    }

    pub fn pause_or_resume(current: Reading) -> Reading {
        let Some(s) = synth() else { return Reading::Unavailable };
        if current == Reading::Paused {
            s.resume();
            Reading::Playing
        } else {
            s.pause();
            Reading::Paused
        }
    }

    pub fn stop() {
        if let Some(s) = synth() {
            s.cancel();
        }
        clear_highlight();
    }
}
