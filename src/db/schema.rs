//! The one schema both backends share, in portable SQL types only.

diesel::table! {
    wijken (code) {
        code -> Text,
        name -> Text,
        former_name -> Nullable<Text>,
        population -> BigInt,
        lat -> Double,
        lon -> Double,
    }
}

diesel::table! {
    wij_teams (id) {
        id -> Text,
        name -> Text,
        address -> Nullable<Text>,
        walk_in_hours -> Nullable<Text>,
        seed_key -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    wij_team_wijken (team_id, wijk_code) {
        team_id -> Text,
        wijk_code -> Text,
    }
}

diesel::table! {
    wij_contacts (id) {
        id -> Text,
        team_id -> Text,
        name -> Text,
        role -> Text,
        email -> Text,
        phone -> Text,
        expertise -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        email -> Text,
        email_key -> Text,
        display_name -> Text,
        password_hash -> Text,
        roles -> Text,
        wij_team_id -> Nullable<Text>,
        is_demo -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        user_id -> Text,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Text,
        at -> Timestamp,
        actor_id -> Nullable<Text>,
        actor_role -> Nullable<Text>,
        action -> Text,
        subject_type -> Text,
        subject_id -> Text,
    }
}

diesel::joinable!(wij_team_wijken -> wij_teams (team_id));
diesel::joinable!(wij_team_wijken -> wijken (wijk_code));
diesel::joinable!(wij_contacts -> wij_teams (team_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(users -> wij_teams (wij_team_id));

diesel::allow_tables_to_appear_in_same_query!(
    wijken,
    wij_teams,
    wij_team_wijken,
    wij_contacts,
    users,
    sessions,
    audit_log,
);
