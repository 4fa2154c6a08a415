//! First sign-in with the one-time code of the printed sheet: the person
//! (or a professional) chooses her secret.

use crate::auth::FirstSignIn;
use crate::components::kiosk;
use crate::components::{FormError, SecretField, TextField, field_error, form_error};
use crate::error::Field;
use crate::text::person as t;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn FirstSignInPage() -> impl IntoView {
    let action = ServerAction::<FirstSignIn>::new();
    let value = action.value();
    view! {
        <Title text=t::FIRST_TIME_TITLE />
        <h1>
            <img src=crate::icons::SHEET alt="" width="40" height="40" />
            {t::FIRST_TIME_TITLE}
        </h1>
        <p>{t::FIRST_TIME_INTRO}</p>
        <ActionForm action=action attr:class="form" attr:novalidate=true>
            <FormError message=form_error(value, t::ERR_CODE_WRONG) />
            <TextField
                field=Field::Identifier
                label=t::FIRST_TIME_IDENTIFIER_LABEL
                hint=t::IDENTIFIER_HINT
                autocomplete=kiosk::autocomplete("username")
                maxlength=254
                error=field_error(value, Field::Identifier)
            />
            <TextField
                field=Field::AccessCode
                label=t::ACCESS_CODE_LABEL
                hint=t::ACCESS_CODE_HINT
                autocomplete=kiosk::autocomplete("one-time-code")
                maxlength=20
                error=field_error(value, Field::AccessCode)
            />
            <SecretField
                field=Field::Secret
                label=t::NEW_SECRET_LABEL
                hint=t::NEW_SECRET_HINT
                extra_hint=t::NEW_SECRET_HINT_PRO
                autocomplete=kiosk::autocomplete("new-password")
                error=field_error(value, Field::Secret)
            />
            <SecretField
                field=Field::SecretAgain
                label=t::NEW_SECRET_AGAIN_LABEL
                autocomplete=kiosk::autocomplete("new-password")
                error=field_error(value, Field::SecretAgain)
            />
            <button type="submit" class="button primary">{t::FIRST_TIME_BUTTON}</button>
        </ActionForm>
    }
}
