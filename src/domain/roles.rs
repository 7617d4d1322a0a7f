//! Roles of an account. Being an initiative's coordinator is a relation, not a role.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Volunteer,
    TeamWorker,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Volunteer => "volunteer",
            Self::TeamWorker => "team_worker",
            Self::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "volunteer" => Some(Self::Volunteer),
            "team_worker" => Some(Self::TeamWorker),
            "admin" => Some(Self::Admin),
            _ => None,
        }
    }
}

/// A non-empty, sorted, duplicate-free set of roles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roles(Vec<Role>);

impl Roles {
    pub fn volunteer() -> Self {
        Self(vec![Role::Volunteer])
    }

    /// Build from a list; `None` when empty.
    pub fn from_list(list: &[Role]) -> Option<Self> {
        let mut v = list.to_vec();
        v.sort();
        v.dedup();
        (!v.is_empty()).then_some(Self(v))
    }

    /// Parse the stored comma-separated form.
    pub fn from_stored(s: &str) -> Option<Self> {
        let parsed: Option<Vec<Role>> = s.split(',').map(Role::parse).collect();
        Self::from_list(&parsed?)
    }

    pub fn to_stored(&self) -> String {
        self.0
            .iter()
            .map(|r| r.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }

    pub fn contains(&self, role: Role) -> bool {
        self.0.contains(&role)
    }

    pub fn as_slice(&self) -> &[Role] {
        &self.0
    }

    /// The role an audit entry names: the strongest one held.
    pub fn strongest(&self) -> Role {
        self.0.iter().copied().max().unwrap_or(Role::Volunteer)
    }

    /// Staff sessions (team workers, admins) have a shorter absolute limit.
    pub fn is_staff(&self) -> bool {
        self.contains(Role::Admin) || self.contains(Role::TeamWorker)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_form_round_trips_sorted_and_deduplicated() {
        let r = Roles::from_list(&[Role::Admin, Role::Volunteer, Role::Admin]).unwrap();
        assert_eq!(r.to_stored(), "volunteer,admin");
        assert_eq!(Roles::from_stored("volunteer,admin"), Some(r));
        assert_eq!(Roles::from_stored("volunteer,root"), None);
        assert_eq!(Roles::from_list(&[]), None);
    }
}
