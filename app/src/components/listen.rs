//! "Écouter": reads the main content of the page aloud with the browser's
//! speech synthesis, in French, sentence by sentence, highlighting the
//! part being read. Only a voice of the device itself reads: a network
//! voice (such as "Google français" in Chrome on a computer) would send the
//! page, her answers included, to another company. Says plainly when the
//! device cannot read aloud, or only with such a voice.

use crate::text::person as t;
use leptos::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Reading {
    Idle,
    Playing,
    Paused,
    /// No French voice at all, or no speech synthesis.
    Unavailable,
    /// French voices, but only ones that read on another company's servers.
    NoLocalVoice,
}

/// The voice allowed to read, among those the browser offers.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum VoiceChoice {
    /// The index of a French voice of the device.
    Local(usize),
    /// French is offered only by network voices.
    NetworkOnly,
    NoFrench,
}

/// Picks a French voice of the device among `(language, on the device)`
/// pairs, France's French first. A voice of the device in another language
/// is never taken: it would read French words with its own sounds, and for
/// someone who relies on hearing the page that is noise she could mistake
/// for meaning; a plain sentence saying it cannot read here serves her
/// better, and someone beside her can read the page.
pub fn choose_voice(voices: &[(String, bool)]) -> VoiceChoice {
    // Language tags are ASCII (BCP 47). `to_lowercase` would bring the
    // Unicode case tables into every light bundle: 6.5 KB of compressed
    // WebAssembly, measured (issue 16).
    let lang = |l: &str| l.to_ascii_lowercase().replace('_', "-");
    let french = |l: &str| {
        let l = lang(l);
        l == "fr" || l.starts_with("fr-")
    };
    let local: Vec<usize> = (0..voices.len()).filter(|&i| voices[i].1 && french(&voices[i].0)).collect();
    match local.iter().find(|&&i| lang(&voices[i].0) == "fr-fr").or(local.first()) {
        Some(&i) => VoiceChoice::Local(i),
        None if voices.iter().any(|(l, _)| french(l)) => VoiceChoice::NetworkOnly,
        None => VoiceChoice::NoFrench,
    }
}

/// The elements read aloud, in page order.
pub const READ_SELECTOR: &str = "main h1, main h2, main h3, main p, main li, main dt, main dd, main label, main th, main td";
pub const READING_CLASS: &str = "reading";

#[island]
pub fn ListenButton() -> impl IntoView {
    let state = RwSignal::new(Reading::Idle);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| speech::warm_up());
    let start = move |_| {
        #[cfg(feature = "hydrate")]
        speech::start(state);
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
    // A memo: "Pause" keeps the focus when it turns into "Reprendre".
    let busy = Memo::new(move |_| matches!(state.get(), Reading::Playing | Reading::Paused));
    view! {
        <div class="listen">
            // Plain `Option`s, not `<Show>`: each `<Show>` costs a type-erased
            // view in every light bundle (see `light`).
            {move || (!busy.get()).then(|| view! {
                <button type="button" class="button secondary" on:click=start>
                    <img src=crate::icons::LISTEN alt="" width="28" height="28" />
                    {t::LISTEN}
                </button>
            })}
            {move || busy.get().then(|| view! {
                <button type="button" class="button secondary" on:click=pause>
                    {move || if state.get() == Reading::Paused { t::LISTEN_RESUME } else { t::LISTEN_PAUSE }}
                </button>
                <button type="button" class="button secondary" on:click=stop>{t::LISTEN_STOP}</button>
            })}
            {move || (state.get() == Reading::Unavailable).then(|| view! { <p class="notice" role="status">{t::LISTEN_UNAVAILABLE}</p> })}
            {move || (state.get() == Reading::NoLocalVoice).then(|| view! { <p class="notice" role="status">{t::LISTEN_NO_LOCAL_VOICE}</p> })}
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod speech {
    use super::{READ_SELECTOR, READING_CLASS, Reading, VoiceChoice, choose_voice};
    use crate::domain::falc;
    use gloo_timers::future::TimeoutFuture;
    use leptos::prelude::*;
    use std::sync::atomic::{AtomicBool, Ordering::Relaxed};
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

    /// How long a click waits, at most, for voices still loading.
    const VOICES_WAIT_MS: u32 = 2000;
    const VOICES_POLL_MS: u32 = 100;

    /// A click already waiting for the voices: another one adds nothing.
    static WAITING: AtomicBool = AtomicBool::new(false);

    pub fn start(state: RwSignal<Reading>) {
        let Some(s) = synth() else {
            state.set(Reading::Unavailable);
            return;
        };
        if s.get_voices().length() > 0 {
            // Within the click itself: some browsers speak only in answer to
            // a tap or a click.
            state.set(read_main(&s, state));
            return;
        }
        if WAITING.swap(true, Relaxed) {
            return;
        }
        // Voices come a moment after the first getVoices(). Asking again
        // until they come works in every browser, whether or not it sends
        // `voiceschanged`.
        leptos::task::spawn_local(async move {
            let mut waited = 0;
            while s.get_voices().length() == 0 && waited < VOICES_WAIT_MS {
                TimeoutFuture::new(VOICES_POLL_MS).await;
                waited += VOICES_POLL_MS;
            }
            WAITING.store(false, Relaxed);
            state.set(read_main(&s, state));
        });
    }

    /// A French voice of the device, or why there is none.
    fn local_french_voice(s: &SpeechSynthesis) -> Result<SpeechSynthesisVoice, Reading> {
        let voices: Vec<SpeechSynthesisVoice> = s.get_voices().iter().map(|v| v.unchecked_into()).collect();
        let offered: Vec<(String, bool)> = voices.iter().map(|v| (v.lang(), v.local_service())).collect();
        match choose_voice(&offered) {
            VoiceChoice::Local(i) => Ok(voices[i].clone()),
            VoiceChoice::NetworkOnly => Err(Reading::NoLocalVoice),
            VoiceChoice::NoFrench => Err(Reading::Unavailable),
        }
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

    fn read_main(s: &SpeechSynthesis, state: RwSignal<Reading>) -> Reading {
        let voice = match local_french_voice(s) {
            Ok(voice) => voice,
            Err(why) => return why,
        };
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
            // Always set: without a voice the browser picks its own for the
            // language, maybe a network one.
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

#[cfg(test)]
mod tests {
    use super::*;

    fn offered(voices: &[(&str, bool)]) -> Vec<(String, bool)> {
        voices.iter().map(|(l, local)| ((*l).to_owned(), *local)).collect()
    }

    #[test]
    fn a_network_voice_never_reads() {
        assert_eq!(choose_voice(&offered(&[("fr-FR", false)])), VoiceChoice::NetworkOnly);
        assert_eq!(choose_voice(&offered(&[("fr-FR", false), ("fr-CA", true)])), VoiceChoice::Local(1));
    }

    #[test]
    fn a_local_voice_of_another_language_never_reads_french() {
        assert_eq!(choose_voice(&offered(&[("en-GB", true), ("fr-FR", false)])), VoiceChoice::NetworkOnly);
        assert_eq!(choose_voice(&offered(&[("en-GB", true), ("fro", true)])), VoiceChoice::NoFrench);
        assert_eq!(choose_voice(&[]), VoiceChoice::NoFrench);
    }

    #[test]
    fn french_of_france_comes_first() {
        let voices = offered(&[("fr-CA", true), ("fr_FR", true), ("fr-FR", false)]);
        assert_eq!(choose_voice(&voices), VoiceChoice::Local(1));
    }
}
