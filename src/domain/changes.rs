//! The vocabulary of the change feed: what happened, to what kind of record.

crate::text_enum! {
    /// What a write did to a record.
    #[derive(PartialOrd, Ord)]
    pub enum ChangeKind {
        Created = "created",
        Updated = "updated",
        Deleted = "deleted",
    }
}

crate::text_enum! {
    /// The kinds of record the feed reports on.
    #[derive(PartialOrd, Ord)]
    pub enum Entity {
        Request = "request",
        Offer = "offer",
        Match = "match",
        Volunteer = "volunteer",
        Initiative = "initiative",
        Team = "team",
        KeyFigure = "key_figure",
        Hours = "hours",
    }
}
