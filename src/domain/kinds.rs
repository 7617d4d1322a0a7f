//! Kinds that records carry: who may see a key figure, what a partner link points to.

crate::text_enum! {
    /// Who may see a key figure: team workers and admins only, or everyone.
    #[derive(Default)]
    pub enum Visibility {
        #[default]
        TeamOnly = "team_only",
        Public = "public",
    }
}

crate::text_enum! {
    /// What an initiative's partner link points to.
    pub enum PartnerKind {
        Volunteer = "volunteer",
        KeyFigure = "key_figure",
        WijContact = "wij_contact",
    }
}

crate::text_enum_schema!(Visibility, PartnerKind);
