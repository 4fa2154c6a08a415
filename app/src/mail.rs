//! E-mail, by SMTP (lettre): invitations to the équipe meeting. An e-mail
//! leaves the app's protection (relays, inboxes, forwards), so it carries
//! nothing of hers, not even her name: the date, the place, the functions
//! invited, the charter, the data-protection notice and a link. Her
//! demande is read in the app, through the door. Each e-mail is kept with
//! its exact text in `mail_outbox`, sent or not, for proof.

use crate::domain::meeting::written_out;
use crate::domain::role::Function;
use crate::error::AppError;
use crate::state::Config;
use crate::text::{fill, person as t, pro as tp};
use sqlx::{AnyConnection, AnyPool};

/// One e-mail written in the outbox, to send once its transaction commits.
#[derive(Clone, Debug)]
pub struct Mail {
    pub id: i64,
    pub address: String,
    pub subject: String,
    pub body: String,
}

/// How long one SMTP exchange may take before the e-mail is marked as not
/// sent (the in-app invitation is already there).
const SEND_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// The invitation e-mails of a meeting, for each invited professional with
/// an address who has not had one for this date yet, written in the outbox
/// (in the caller's transaction).
/// `current`: the guests the policy still lets in (see `guests_now`).
pub async fn invitations(
    conn: &mut AnyConnection,
    meeting: i64,
    current: &[i64],
    at: i64,
    place: &str,
    now: i64,
) -> Result<Vec<Mail>, AppError> {
    let mut guests: Vec<(i64, String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT a.id, a.role, a.email, a.function FROM meeting_invitees i JOIN accounts a ON a.id = i.account_id
         WHERE i.meeting_id = $1 ORDER BY a.id",
    )
    .bind(meeting)
    .fetch_all(&mut *conn)
    .await?;
    guests.retain(|(id, ..)| current.contains(id));
    let mut functions = vec![tp::MAIL_THE_PERSON.to_owned()];
    for (_, role, _, function) in &guests {
        if role == "person" {
            continue;
        }
        let label = function.as_deref().and_then(Function::parse).map_or(tp::MAIL_A_PROFESSIONAL, Function::label);
        functions.push(label.to_owned());
    }
    let date = written_out(at);
    let public_url = crate::state::state().map(|s| s.config.public_url.clone()).unwrap_or_default();
    let subject = fill(tp::MAIL_SUBJECT, &[("date", &date)]);
    let body = invitation_body(&date, place, &functions, &format!("{public_url}/invitation/{meeting}"));
    let mut out = Vec::new();
    for (id, role, email, _) in guests {
        let Some(address) = email.filter(|_| role != "person") else { continue };
        let (already,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM mail_outbox WHERE meeting_id = $1 AND recipient_id = $2 AND subject = $3")
                .bind(meeting)
                .bind(id)
                .bind(&subject)
                .fetch_one(&mut *conn)
                .await?;
        if already > 0 {
            continue;
        }
        let (mail_id,): (i64,) = sqlx::query_as(
            "INSERT INTO mail_outbox (recipient_id, address, subject, body, meeting_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)
             RETURNING id",
        )
        .bind(id)
        .bind(&address)
        .bind(&subject)
        .bind(&body)
        .bind(meeting)
        .bind(now)
        .fetch_one(&mut *conn)
        .await?;
        out.push(Mail { id: mail_id, address, subject: subject.clone(), body: body.clone() });
    }
    Ok(out)
}

/// The text of an invitation: nothing of hers.
pub fn invitation_body(date: &str, place: &str, functions: &[String], link: &str) -> String {
    let mut s = String::new();
    s.push_str(tp::MAIL_HELLO);
    s.push_str("\n\n");
    s.push_str(tp::MAIL_INTRO);
    s.push_str("\n\n");
    s.push_str(&fill(tp::MAIL_DATE, &[("date", date)]));
    s.push('\n');
    s.push_str(&fill(tp::MAIL_PLACE, &[("place", place)]));
    s.push('\n');
    s.push_str(&fill(tp::MAIL_WHO, &[("functions", &functions.join(", "))]));
    s.push_str("\n\n");
    s.push_str(&fill(tp::MAIL_LINK, &[("link", link)]));
    s.push_str("\n\n");
    s.push_str(t::CHARTER_TITLE);
    s.push('\n');
    for line in t::CHARTER {
        s.push_str("- ");
        s.push_str(line);
        s.push('\n');
    }
    s.push('\n');
    s.push_str(t::DATA_NOTICE_TITLE);
    s.push('\n');
    for line in t::DATA_NOTICE {
        s.push_str(line);
        s.push('\n');
    }
    s
}

/// Sends the e-mails written by a committed transaction; each is marked
/// sent, or keeps why not (the animateur sees who was not reached).
pub async fn send_all(pool: &AnyPool, mails: Vec<Mail>) {
    if mails.is_empty() {
        return;
    }
    let config = match crate::state::state() {
        Ok(s) => s.config,
        Err(_) => return,
    };
    for mail in mails {
        let outcome = send(&config, &mail).await;
        let update = match &outcome {
            Ok(()) => sqlx::query("UPDATE mail_outbox SET sent_at = $1, error = NULL WHERE id = $2")
                .bind(crate::state::now())
                .bind(mail.id),
            Err(e) => sqlx::query("UPDATE mail_outbox SET error = $1 WHERE id = $2").bind(e.clone()).bind(mail.id),
        };
        if let Err(e) = update.execute(pool).await {
            tracing::error!(error = %e, "mail outbox not updated");
        }
        if let Err(e) = outcome {
            tracing::warn!(mail = mail.id, error = %e, "e-mail not sent");
        }
    }
}

async fn send(config: &Config, mail: &Mail) -> Result<(), String> {
    use lettre::message::header::ContentType;
    use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
    let Some(url) = config.smtp_url.as_deref() else {
        return Err("no SMTP server configured (LIVRET_SMTP_URL)".into());
    };
    let message = Message::builder()
        .from(config.mail_from.parse().map_err(|e| format!("sender address: {e}"))?)
        .to(mail.address.parse().map_err(|e| format!("recipient address: {e}"))?)
        .subject(mail.subject.clone())
        .header(ContentType::TEXT_PLAIN)
        .body(mail.body.clone())
        .map_err(|e| e.to_string())?;
    let transport =
        AsyncSmtpTransport::<Tokio1Executor>::from_url(url).map_err(|e| e.to_string())?.timeout(Some(SEND_TIMEOUT)).build();
    match tokio::time::timeout(SEND_TIMEOUT, transport.send(message)).await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err("SMTP server did not answer in time".into()),
    }
}

/// Writes one e-mail in the outbox (in the caller's transaction), to send
/// once it commits.
pub async fn queue(
    conn: &mut AnyConnection,
    recipient: i64,
    address: &str,
    subject: &str,
    body: &str,
    now: i64,
) -> Result<Mail, AppError> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO mail_outbox (recipient_id, address, subject, body, meeting_id, created_at) VALUES ($1, $2, $3, $4, NULL, $5)
         RETURNING id",
    )
    .bind(recipient)
    .bind(address)
    .bind(subject)
    .bind(body)
    .bind(now)
    .fetch_one(conn)
    .await?;
    Ok(Mail { id, address: address.to_owned(), subject: subject.to_owned(), body: body.to_owned() })
}

/// A reminder: the date and a link, nothing of hers (not even her name).
pub fn reminder_body(line: &str, link: &str) -> String {
    let mut s = String::new();
    s.push_str(tp::MAIL_HELLO);
    s.push_str("\n\n");
    s.push_str(line);
    s.push('\n');
    s.push_str(&fill(tp::MAIL_REMINDER_LINK, &[("link", link)]));
    s.push_str("\n\n");
    s.push_str(tp::MAIL_REMINDER_NOTHING_OF_HERS);
    s.push('\n');
    s
}
