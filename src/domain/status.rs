//! The life-cycle states of requests, offers, matches and hours entries, each declared once
//! and used from the API to the database column (whose `CHECK` lists the same texts).

crate::text_enum! {
    /// `filled` when every place is held; `open` again when one frees.
    pub enum RequestStatus {
        Open = "open",
        Filled = "filled",
        Closed = "closed",
    }
}

crate::text_enum! {
    pub enum OfferStatus {
        Active = "active",
        Expired = "expired",
        Withdrawn = "withdrawn",
    }
}

crate::text_enum! {
    pub enum MatchStatus {
        Proposed = "proposed",
        Applied = "applied",
        Confirmed = "confirmed",
        Declined = "declined",
        Completed = "completed",
        Cancelled = "cancelled",
    }
}

impl MatchStatus {
    /// Still waiting for an answer: the match holds no place yet, but the pair may not be
    /// matched twice.
    pub const PENDING: &'static [Self] = &[Self::Proposed, Self::Applied];
    /// Waiting or agreed: at most one such match per (request, offer).
    pub const LIVE: &'static [Self] = &[Self::Proposed, Self::Applied, Self::Confirmed];
}

crate::text_enum! {
    /// Who made a match: a manager proposing it (`team`) or the volunteer applying.
    pub enum InitiatedBy {
        Team = "team",
        Volunteer = "volunteer",
    }
}

crate::text_enum! {
    pub enum HoursStatus {
        Logged = "logged",
        Confirmed = "confirmed",
        Rejected = "rejected",
    }
}

crate::text_enum_schema!(
    RequestStatus,
    OfferStatus,
    MatchStatus,
    InitiatedBy,
    HoursStatus
);
