//! Notifications: what a person can be told by e-mail, in which language, and which notices
//! they turned off; and what the outbox delivers.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::codes::CodeSet;
use crate::i18n::Lang;

crate::text_enum! {
    /// The language of a person's e-mails and pages.
    #[derive(Default)]
    pub enum Language {
        #[default]
        Nl = "nl",
        En = "en",
    }
}
crate::text_enum_schema!(Language);

impl Language {
    pub fn lang(self) -> Lang {
        match self {
            Language::Nl => Lang::Nl,
            Language::En => Lang::En,
        }
    }
}

crate::text_enum! {
    /// The notices a person may turn off.
    #[derive(PartialOrd, Ord)]
    pub enum Notice {
        Proposal = "proposal",
        Application = "application",
        Confirmation = "confirmation",
        Cancellation = "cancellation",
        HoursToConfirm = "hours_to_confirm",
        OfferExpiring = "offer_expiring",
    }
}

/// The notices a person turned off, as the account stores them.
pub type NoticesOff = CodeSet<Notice>;

crate::text_enum! {
    /// How an outbox item leaves: an e-mail (a webhook delivery is the next kind).
    pub enum OutboxKind {
        Email = "email",
    }
}

crate::text_enum! {
    /// What an outbox item tells.
    pub enum OutboxEvent {
        Proposal = "proposal",
        Application = "application",
        Confirmation = "confirmation",
        Cancellation = "cancellation",
        HoursToConfirm = "hours_to_confirm",
        OfferExpiring = "offer_expiring",
        PasswordReset = "password_reset",
    }
}

impl OutboxEvent {
    /// The notice that turns this e-mail off; `None` for one nobody may turn off.
    pub fn notice(self) -> Option<Notice> {
        match self {
            Self::Proposal => Some(Notice::Proposal),
            Self::Application => Some(Notice::Application),
            Self::Confirmation => Some(Notice::Confirmation),
            Self::Cancellation => Some(Notice::Cancellation),
            Self::HoursToConfirm => Some(Notice::HoursToConfirm),
            Self::OfferExpiring => Some(Notice::OfferExpiring),
            Self::PasswordReset => None,
        }
    }
}

crate::text_enum! {
    /// Why a match was cancelled, as the other side's e-mail says it.
    pub enum CancelCause {
        /// One side cancelled the confirmed match.
        Cancelled = "cancelled",
        /// The volunteer removed their account.
        Erased = "erased",
        /// The volunteer's offer ran out.
        OfferExpired = "offer_expired",
        /// The request was closed.
        RequestClosed = "request_closed",
    }
}

/// What an outbox item's message is written from at delivery: ids and counts only, never a
/// private part, a note or a secret (a reset link's token is derived again from the reset's
/// id with the server's key).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Payload {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub match_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<CancelCause>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reset_id: Option<String>,
}

/// The e-mail notices and whether each is on: the `/me/notifications` shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmailNotices {
    pub proposal: bool,
    pub application: bool,
    pub confirmation: bool,
    pub cancellation: bool,
    pub hours_to_confirm: bool,
    pub offer_expiring: bool,
}

/// A person's notification settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoticeSettings {
    pub email: EmailNotices,
}

impl NoticeSettings {
    pub fn from_off(off: &NoticesOff) -> Self {
        let on = |n| !off.contains(&n);
        Self {
            email: EmailNotices {
                proposal: on(Notice::Proposal),
                application: on(Notice::Application),
                confirmation: on(Notice::Confirmation),
                cancellation: on(Notice::Cancellation),
                hours_to_confirm: on(Notice::HoursToConfirm),
                offer_expiring: on(Notice::OfferExpiring),
            },
        }
    }

    pub fn to_off(self) -> NoticesOff {
        let e = self.email;
        [
            (Notice::Proposal, e.proposal),
            (Notice::Application, e.application),
            (Notice::Confirmation, e.confirmation),
            (Notice::Cancellation, e.cancellation),
            (Notice::HoursToConfirm, e.hours_to_confirm),
            (Notice::OfferExpiring, e.offer_expiring),
        ]
        .into_iter()
        .filter(|(_, on)| !on)
        .map(|(n, _)| n)
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_through_the_stored_set() {
        for bits in 0u8..64 {
            let off: NoticesOff = Notice::ALL
                .iter()
                .enumerate()
                .filter(|(i, _)| bits & (1 << i) != 0)
                .map(|(_, n)| *n)
                .collect();
            let settings = NoticeSettings::from_off(&off);
            assert_eq!(settings.to_off(), off);
        }
        assert!(NoticesOff::default().is_empty());
        let all_on = NoticeSettings::from_off(&NoticesOff::default());
        assert!(all_on.email.proposal && all_on.email.offer_expiring);
    }

    #[test]
    fn every_event_but_the_reset_can_be_turned_off() {
        for event in OutboxEvent::ALL {
            let notice = event.notice();
            assert_eq!(notice.is_none(), *event == OutboxEvent::PasswordReset);
            if let Some(n) = notice {
                assert_eq!(n.as_str(), event.as_str());
            }
        }
    }
}
