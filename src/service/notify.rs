//! Notifications: the e-mails a change causes are written to the outbox in the change's
//! own transaction (so a rolled-back change sends nothing and a committed one is never
//! lost), and written out in the recipient's language when the outbox delivers them.
//!
//! An outbox item holds ids only; the e-mail is composed at delivery from what is stored
//! then, and names a request by its title and wijk, never its private part or a note.

use crate::auth::reset::ResetKey;
use crate::db::matches::MatchRow;
use crate::db::outbox::{self as repo, NewItem, OutboxRow};
use crate::db::requests::RequestRow;
use crate::db::users::{self as users, UserRow};
use crate::db::{DbConnection, new_id, now};
use crate::domain::notices::{CancelCause, OutboxEvent, OutboxKind, Payload};
use crate::error::{AppError, AppResult};
use crate::i18n::{Lang, Mail};
use crate::mail::OutgoingMail;

/// Write one e-mail for `recipient` to the outbox, unless they turned this notice off. With
/// a `dedupe_key`, an item already written under it is not written again.
pub fn enqueue(
    conn: &mut DbConnection,
    event: OutboxEvent,
    recipient: &str,
    payload: &Payload,
    dedupe_key: Option<&str>,
) -> AppResult<bool> {
    let Some(user) = users::find(conn, recipient)? else {
        return Ok(false);
    };
    if event
        .notice()
        .is_some_and(|n| user.notices_off.contains(&n))
    {
        return Ok(false);
    }
    let payload = serde_json::to_string(payload).map_err(AppError::internal)?;
    let at = now();
    Ok(repo::insert(
        conn,
        &NewItem {
            id: &new_id(),
            kind: OutboxKind::Email,
            event,
            recipient_id: Some(recipient),
            payload: &payload,
            dedupe_key,
            created_at: at,
            next_attempt_at: at,
        },
    )?)
}

fn for_match(row: &MatchRow) -> Payload {
    Payload {
        match_id: Some(row.id.clone()),
        ..Payload::default()
    }
}

fn managers(conn: &mut DbConnection, request: &RequestRow) -> AppResult<Vec<String>> {
    Ok(users::managers_of(
        conn,
        &request.wijk_code,
        request.initiative_id.as_deref(),
    )?)
}

/// A manager proposed a match: the volunteer hears of it.
pub fn proposed(conn: &mut DbConnection, row: &MatchRow) -> AppResult<()> {
    enqueue(
        conn,
        OutboxEvent::Proposal,
        &row.volunteer_id,
        &for_match(row),
        None,
    )?;
    Ok(())
}

/// A volunteer applied: the request's managers hear of it.
pub fn applied(conn: &mut DbConnection, row: &MatchRow, request: &RequestRow) -> AppResult<()> {
    for manager in managers(conn, request)? {
        enqueue(
            conn,
            OutboxEvent::Application,
            &manager,
            &for_match(row),
            None,
        )?;
    }
    Ok(())
}

/// A match was confirmed: both sides hear of it.
pub fn confirmed(conn: &mut DbConnection, row: &MatchRow, request: &RequestRow) -> AppResult<()> {
    let mut to = managers(conn, request)?;
    to.push(row.volunteer_id.clone());
    for person in to {
        enqueue(
            conn,
            OutboxEvent::Confirmation,
            &person,
            &for_match(row),
            None,
        )?;
    }
    Ok(())
}

/// The side of a match that hears of its cancellation: the other one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Volunteer,
    Managers,
}

/// Matches were cancelled for `cause`: `to` hears of each.
pub fn cancelled(
    conn: &mut DbConnection,
    match_ids: &[String],
    cause: CancelCause,
    to: Side,
) -> AppResult<()> {
    for id in match_ids {
        let Some(row) = crate::db::matches::find(conn, id)? else {
            continue;
        };
        let payload = Payload {
            match_id: Some(row.id.clone()),
            cause: Some(cause),
            ..Payload::default()
        };
        let people = match to {
            Side::Volunteer => vec![row.volunteer_id.clone()],
            Side::Managers => match crate::db::requests::find(conn, &row.request_id)? {
                Some(request) => managers(conn, &request)?,
                None => Vec::new(),
            },
        };
        for person in people {
            enqueue(conn, OutboxEvent::Cancellation, &person, &payload, None)?;
        }
    }
    Ok(())
}

/// Where the links in e-mails point.
#[derive(Debug, Clone)]
pub struct Links {
    base: String,
}

impl Links {
    pub fn new(base_url: &str) -> Self {
        Self {
            base: base_url.trim_end_matches('/').to_owned(),
        }
    }

    fn to(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The page that resets a password with `token`.
    pub fn reset(&self, token: &str) -> String {
        self.to(&format!("/wachtwoord-herstellen?token={token}"))
    }
}

/// An e-mail's content before it is addressed.
struct Content {
    subject: Mail,
    paragraphs: Vec<String>,
    link: String,
    /// Whether the notice can be turned off (the footer says how).
    optional: bool,
}

/// The e-mail an outbox item stands for, written now in its recipient's language; `None`
/// when there is nothing to send any more (the account is gone, the person turned the
/// notice off since, or the record it is about no longer exists).
pub fn compose(
    conn: &mut DbConnection,
    item: &OutboxRow,
    links: &Links,
    reset_key: &ResetKey,
) -> AppResult<Option<OutgoingMail>> {
    let Some(recipient) = item.recipient_id.as_deref() else {
        return Ok(None);
    };
    let Some(user) = users::find(conn, recipient)? else {
        return Ok(None);
    };
    if item
        .event
        .notice()
        .is_some_and(|n| user.notices_off.contains(&n))
    {
        return Ok(None);
    }
    let payload: Payload = serde_json::from_str(&item.payload).map_err(AppError::internal)?;
    let lang = user.language.lang();
    let Some(content) = content(conn, item.event, &payload, lang, links, reset_key)? else {
        return Ok(None);
    };
    Ok(Some(address(&user, content, lang)))
}

fn content(
    conn: &mut DbConnection,
    event: OutboxEvent,
    payload: &Payload,
    lang: Lang,
    links: &Links,
    reset_key: &ResetKey,
) -> AppResult<Option<Content>> {
    let about_match = |conn: &mut DbConnection| -> AppResult<Option<(String, String, String)>> {
        let Some(id) = payload.match_id.as_deref() else {
            return Ok(None);
        };
        let Some(row) = crate::db::matches::find(conn, id)? else {
            return Ok(None);
        };
        let Some(request) = crate::db::requests::find(conn, &row.request_id)? else {
            return Ok(None);
        };
        let wijk = crate::reference::wijk(&request.wijk_code)
            .map_or_else(|| request.wijk_code.clone(), |w| w.name.to_owned());
        Ok(Some((
            request.title,
            wijk,
            links.to(&format!("/account/koppelingen/{}", row.id)),
        )))
    };
    let content = match event {
        OutboxEvent::Proposal
        | OutboxEvent::Application
        | OutboxEvent::Confirmation
        | OutboxEvent::Cancellation => {
            let Some((title, wijk, link)) = about_match(conn)? else {
                return Ok(None);
            };
            let (subject, body) = match event {
                OutboxEvent::Proposal => (
                    Mail::ProposalSubject {
                        title: title.clone(),
                    },
                    Mail::ProposalBody { title, wijk },
                ),
                OutboxEvent::Application => (
                    Mail::ApplicationSubject {
                        title: title.clone(),
                    },
                    Mail::ApplicationBody { title, wijk },
                ),
                OutboxEvent::Confirmation => (
                    Mail::ConfirmationSubject {
                        title: title.clone(),
                    },
                    Mail::ConfirmationBody { title, wijk },
                ),
                _ => (
                    Mail::CancellationSubject {
                        title: title.clone(),
                    },
                    Mail::CancellationBody { title, wijk },
                ),
            };
            let mut paragraphs = vec![body.render(lang)];
            if let Some(cause) = payload.cause {
                let why = match cause {
                    CancelCause::Cancelled => Mail::CauseCancelled,
                    CancelCause::Erased => Mail::CauseErased,
                    CancelCause::OfferExpired => Mail::CauseOfferExpired,
                    CancelCause::RequestClosed => Mail::CauseRequestClosed,
                };
                paragraphs.push(why.render(lang));
            }
            Content {
                subject,
                paragraphs,
                link,
                optional: true,
            }
        }
        OutboxEvent::HoursToConfirm => {
            let count = payload.count.unwrap_or(0);
            Content {
                subject: Mail::HoursSubject { count },
                paragraphs: vec![Mail::HoursBody { count }.render(lang)],
                link: links.to("/account"),
                optional: true,
            }
        }
        OutboxEvent::OfferExpiring => {
            let Some(offer) = payload
                .offer_id
                .as_deref()
                .map(|id| crate::db::offers::find(conn, id))
                .transpose()?
                .flatten()
            else {
                return Ok(None);
            };
            let date = offer.valid_until.date();
            let date = match lang {
                Lang::Nl => date.format("%d-%m-%Y").to_string(),
                Lang::En => date.format("%Y-%m-%d").to_string(),
            };
            Content {
                subject: Mail::ExpiringSubject,
                paragraphs: vec![Mail::ExpiringBody { date }.render(lang)],
                link: links.to(&format!("/account/aanbod/{}", offer.id)),
                optional: true,
            }
        }
        OutboxEvent::PasswordReset => {
            let Some(reset_id) = payload.reset_id.as_deref() else {
                return Ok(None);
            };
            Content {
                subject: Mail::ResetSubject,
                paragraphs: vec![Mail::ResetBody.render(lang), Mail::ResetNotYou.render(lang)],
                link: links.reset(&reset_key.token(reset_id)),
                optional: false,
            }
        }
    };
    Ok(Some(content))
}

#[derive(askama::Template)]
#[template(path = "mail.html")]
struct MailHtml<'a> {
    lang: &'a str,
    subject: &'a str,
    greeting: &'a str,
    paragraphs: &'a [String],
    open_link: &'a str,
    link: &'a str,
    sign_off: &'a str,
    footer: Option<&'a str>,
}

fn address(user: &UserRow, content: Content, lang: Lang) -> OutgoingMail {
    use askama::Template;
    let subject = content.subject.render(lang);
    let greeting = Mail::Greeting {
        name: user.display_name.clone(),
    }
    .render(lang);
    let open_link = Mail::OpenLink.render(lang);
    let sign_off = Mail::SignOff.render(lang);
    let footer = content.optional.then(|| Mail::WhyYouGetThis.render(lang));
    let mut text = format!("{greeting}\n\n");
    for p in &content.paragraphs {
        text.push_str(p);
        text.push_str("\n\n");
    }
    text.push_str(&format!("{open_link}\n{}\n\n{sign_off}\n", content.link));
    if let Some(footer) = &footer {
        text.push_str(&format!("\n--\n{footer}\n"));
    }
    let html = MailHtml {
        lang: lang.tag(),
        subject: &subject,
        greeting: &greeting,
        paragraphs: &content.paragraphs,
        open_link: &open_link,
        link: &content.link,
        sign_off: &sign_off,
        footer: footer.as_deref(),
    }
    .render()
    // A template that compiled renders; were it ever to fail, the plain text still goes.
    .unwrap_or_else(|_| String::new());
    OutgoingMail {
        to_address: user.email.clone(),
        to_name: user.display_name.clone(),
        subject,
        text,
        html,
    }
}

/// How far ahead a volunteer hears that their offer ends.
pub const EXPIRY_WARNING: chrono::Duration = chrono::Duration::days(3);

/// The notices time brings, written at `at`: one digest per manager per day with the hours
/// waiting for them, and one warning per offer ending within [`EXPIRY_WARNING`]. Returns how
/// many were written (those already written under their key are not counted).
pub fn periodic(conn: &mut DbConnection, at: chrono::NaiveDateTime) -> AppResult<usize> {
    use std::collections::BTreeMap;
    let waiting = crate::db::notices::hours_waiting(conn)?;
    let mut per_manager: BTreeMap<String, i64> = BTreeMap::new();
    for (wijk, initiative, count) in waiting {
        for manager in users::managers_of(conn, &wijk, initiative.as_deref())? {
            *per_manager.entry(manager).or_default() += count;
        }
    }
    let ending = crate::db::notices::offers_ending(conn, at, at + EXPIRY_WARNING)?;
    let day = at.date();
    conn.write_tx(|conn| {
        let mut written = 0;
        for (manager, count) in &per_manager {
            let payload = Payload {
                count: Some(*count),
                ..Payload::default()
            };
            let key = format!("hours_to_confirm:{manager}:{day}");
            written += usize::from(enqueue(
                conn,
                OutboxEvent::HoursToConfirm,
                manager,
                &payload,
                Some(&key),
            )?);
        }
        for (offer, volunteer, until) in &ending {
            let payload = Payload {
                offer_id: Some(offer.clone()),
                ..Payload::default()
            };
            // Per end date: an offer extended and ending again is warned again.
            let key = format!("offer_expiring:{offer}:{}", until.and_utc().timestamp());
            written += usize::from(enqueue(
                conn,
                OutboxEvent::OfferExpiring,
                volunteer,
                &payload,
                Some(&key),
            )?);
        }
        Ok(written)
    })
}
