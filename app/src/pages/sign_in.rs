//! Sign-in pages: one for the person (identifier and secret), one for
//! professionals (e-mail and password). Both work without JavaScript.

use crate::auth::{SignInPerson, SignInProfessional};
use crate::components::kiosk;
use crate::components::{FormError, SecretField, TextField, field_error, form_error};
use crate::error::Field;
use crate::text::{person as t, pro as tp};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn PersonSignInPage() -> impl IntoView {
    view! {
        <Title text=t::SIGN_IN_TITLE />
        <h1>
            <img src=crate::icons::KEY alt="" width="40" height="40" />
            {t::SIGN_IN_TITLE}
        </h1>
        <PersonSignInForm />
        <p class="help">{t::FORGOT_SECRET}</p>
        <p>
            <A href="/premiere-connexion" attr:class="button secondary">{t::WELCOME_FIRST_TIME}</A>
        </p>
    }
}

/// Her identifier and secret (shown on demand). Not an island: on her
/// phone the page comes with the light bundle (see `light`), and the form
/// posts as without JavaScript (a wrong secret brings the page again, her
/// identifier kept). Only "Montrer le code" has code there.
#[component]
fn PersonSignInForm() -> impl IntoView {
    let action = ServerAction::<SignInPerson>::new();
    let value = action.value();
    view! {
        <ActionForm action=action attr:class="form" attr:novalidate=true>
            <FormError message=form_error(value, t::ERR_WRONG_CREDENTIALS) />
            <TextField
                field=Field::Identifier
                label=t::IDENTIFIER_LABEL
                hint=t::IDENTIFIER_HINT
                autocomplete=kiosk::autocomplete("username")
                maxlength=40
                error=field_error(value, Field::Identifier)
            />
            <SecretField
                field=Field::Secret
                label=t::SECRET_LABEL
                autocomplete=kiosk::autocomplete("current-password")
                error=field_error(value, Field::Secret)
            />
            <button type="submit" class="button primary">{t::SIGN_IN_BUTTON}</button>
        </ActionForm>
    }
}

#[component]
pub fn ProSignInPage() -> impl IntoView {
    let action = ServerAction::<SignInProfessional>::new();
    let value = action.value();
    view! {
        <Title text=tp::PRO_SIGN_IN_TITLE />
        <h1>{tp::PRO_SIGN_IN_TITLE}</h1>
        <ActionForm action=action attr:class="form" attr:novalidate=true>
            <FormError message=form_error(value, tp::PRO_WRONG_CREDENTIALS) />
            <TextField
                field=Field::Email
                label=tp::EMAIL_LABEL
                input_type="email"
                autocomplete=kiosk::autocomplete("username")
                maxlength=254
                error=field_error(value, Field::Email)
            />
            <SecretField
                field=Field::Password
                label=tp::PASSWORD_LABEL
                autocomplete=kiosk::autocomplete("current-password")
                error=field_error(value, Field::Password)
            />
            <button type="submit" class="button primary">{tp::PRO_SIGN_IN_BUTTON}</button>
        </ActionForm>
        <p>
            <A href="/premiere-connexion">{tp::PRO_FIRST_TIME}</A>
        </p>
    }
}
