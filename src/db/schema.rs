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
        is_demo -> Bool,
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
        language -> Text,
        notices_off -> Text,
    }
}

diesel::table! {
    outbox (id) {
        id -> Text,
        kind -> Text,
        event -> Text,
        recipient_id -> Nullable<Text>,
        payload -> Text,
        dedupe_key -> Nullable<Text>,
        created_at -> Timestamp,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        claimed_until -> Nullable<Timestamp>,
        sent_at -> Nullable<Timestamp>,
        failed_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
    }
}

diesel::table! {
    password_resets (id) {
        id -> Text,
        user_id -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
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
    calendar_feeds (user_id) {
        user_id -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
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
        read_count -> Integer,
        last_at -> Nullable<Timestamp>,
        fold_key -> Nullable<Text>,
    }
}

diesel::table! {
    usage_events (id) {
        id -> Text,
        user_id -> Text,
        action -> Text,
        at -> Timestamp,
    }
}

diesel::table! {
    idempotency_keys (scope, idem_key) {
        scope -> Text,
        idem_key -> Text,
        user_id -> Nullable<Text>,
        request_hash -> Text,
        status -> Nullable<Integer>,
        content_type -> Nullable<Text>,
        body -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    data_upgrades (name) {
        name -> Text,
        applied_at -> Timestamp,
    }
}

diesel::table! {
    login_failures (key) {
        key -> Text,
        consecutive -> Integer,
        last_at -> Timestamp,
    }
}

diesel::table! {
    address_attempts (id) {
        id -> Text,
        kind -> Text,
        address -> Text,
        at -> Timestamp,
    }
}

diesel::table! {
    changes (seq) {
        seq -> BigInt,
        at -> Timestamp,
        kind -> Text,
        entity -> Text,
        entity_id -> Text,
        fields -> Text,
    }
}

diesel::table! {
    storage_probe (id) {
        id -> Integer,
        filler -> Text,
    }
}

diesel::table! {
    initiatives (id) {
        id -> Text,
        name -> Text,
        description -> Text,
        wijk_code -> Text,
        address -> Nullable<Text>,
        lat -> Nullable<Double>,
        lon -> Nullable<Double>,
        contact_email -> Nullable<Text>,
        website -> Nullable<Text>,
        search_text -> Text,
        is_demo -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    initiative_themes (initiative_id, theme) {
        initiative_id -> Text,
        theme -> Text,
    }
}

diesel::table! {
    initiative_coordinators (initiative_id, user_id) {
        initiative_id -> Text,
        user_id -> Text,
        added_at -> Timestamp,
    }
}

diesel::table! {
    volunteer_profiles (user_id) {
        user_id -> Text,
        wijk_code -> Text,
        lat -> Nullable<Double>,
        lon -> Nullable<Double>,
        max_distance_km -> Double,
        languages -> Text,
        availability -> Text,
        hours_per_week -> Double,
        modes -> Text,
        contact_preference -> Text,
        is_demo -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    volunteer_skills (user_id, skill) {
        user_id -> Text,
        skill -> Text,
    }
}

diesel::table! {
    volunteer_reach (wijk_code, user_id) {
        wijk_code -> Text,
        user_id -> Text,
        distance_km -> Double,
        is_home -> Bool,
    }
}

diesel::table! {
    key_figures (id) {
        id -> Text,
        name -> Text,
        description -> Text,
        organisation -> Text,
        wijk_code -> Text,
        connects -> Text,
        contact -> Text,
        visibility -> Text,
        consent_given_at -> Timestamp,
        consent_recorded_by -> Nullable<Text>,
        recorded_by_user_id -> Nullable<Text>,
        is_demo -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    partner_links (id) {
        id -> Text,
        initiative_id -> Text,
        kind -> Text,
        partner_id -> Text,
        role -> Text,
        confirmed -> Bool,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    requests (id) {
        id -> Text,
        title -> Text,
        description -> Text,
        category -> Text,
        skills -> Text,
        languages -> Text,
        wijk_code -> Text,
        mode -> Text,
        schedule -> Nullable<Text>,
        hours_estimate -> Double,
        helpers_needed -> Integer,
        places_held -> Integer,
        urgency -> Text,
        status -> Text,
        initiative_id -> Nullable<Text>,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        closed_at -> Nullable<Timestamp>,
        requester_name -> Nullable<Text>,
        requester_contact -> Nullable<Text>,
        private_notes -> Nullable<Text>,
        address -> Nullable<Text>,
        lat -> Nullable<Double>,
        lon -> Nullable<Double>,
        private_erased_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    offers (id) {
        id -> Text,
        volunteer_id -> Text,
        title -> Text,
        categories -> Text,
        skills -> Text,
        wijk_codes -> Text,
        max_distance_km -> Double,
        availability -> Text,
        hours_per_week -> Double,
        max_matches -> Integer,
        confirmed_matches -> Integer,
        modes -> Text,
        valid_until -> Timestamp,
        status -> Text,
        is_demo -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    offer_reach (wijk_code, category, offer_id) {
        wijk_code -> Text,
        category -> Text,
        offer_id -> Text,
    }
}

diesel::table! {
    matches (id) {
        id -> Text,
        request_id -> Text,
        offer_id -> Text,
        volunteer_id -> Text,
        status -> Text,
        initiated_by -> Text,
        score -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        confirmed_at -> Nullable<Timestamp>,
        completed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    hours (id) {
        id -> Text,
        match_id -> Text,
        volunteer_id -> Text,
        request_id -> Text,
        date -> Date,
        centi_hours -> Integer,
        note -> Nullable<Text>,
        status -> Text,
        confirmed_by -> Nullable<Text>,
        created_at -> Timestamp,
        decided_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    volunteer_aliases (request_id, tag) {
        request_id -> Text,
        tag -> Text,
        ordinal -> Integer,
        created_at -> Timestamp,
    }
}

diesel::joinable!(calendar_feeds -> users (user_id));
diesel::joinable!(wij_team_wijken -> wij_teams (team_id));
diesel::joinable!(wij_team_wijken -> wijken (wijk_code));
diesel::joinable!(wij_contacts -> wij_teams (team_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(usage_events -> users (user_id));
diesel::joinable!(users -> wij_teams (wij_team_id));
diesel::joinable!(initiative_themes -> initiatives (initiative_id));
diesel::joinable!(initiative_coordinators -> initiatives (initiative_id));
diesel::joinable!(initiative_coordinators -> users (user_id));
diesel::joinable!(volunteer_profiles -> users (user_id));
diesel::joinable!(volunteer_skills -> volunteer_profiles (user_id));
diesel::joinable!(volunteer_reach -> volunteer_profiles (user_id));
diesel::joinable!(partner_links -> initiatives (initiative_id));
diesel::joinable!(requests -> initiatives (initiative_id));
diesel::joinable!(offers -> users (volunteer_id));
diesel::joinable!(offers -> volunteer_profiles (volunteer_id));
diesel::joinable!(offer_reach -> offers (offer_id));
diesel::joinable!(matches -> requests (request_id));
diesel::joinable!(hours -> matches (match_id));
diesel::joinable!(hours -> requests (request_id));
diesel::joinable!(volunteer_aliases -> requests (request_id));

diesel::allow_tables_to_appear_in_same_query!(
    wijken,
    wij_teams,
    wij_team_wijken,
    wij_contacts,
    users,
    outbox,
    password_resets,
    sessions,
    calendar_feeds,
    audit_log,
    usage_events,
    data_upgrades,
    storage_probe,
    changes,
    login_failures,
    address_attempts,
    idempotency_keys,
    initiatives,
    initiative_themes,
    initiative_coordinators,
    volunteer_profiles,
    volunteer_skills,
    volunteer_reach,
    key_figures,
    partner_links,
    requests,
    offers,
    offer_reach,
    matches,
    hours,
    volunteer_aliases,
);
