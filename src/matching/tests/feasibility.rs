use chrono::{Duration, TimeZone, Utc};

use super::super::model::*;
use super::super::{Ctx, ExclusionSet, Infeasible, NoExclusions, Proposer, check_feasible};
use super::fixtures::*;

fn check(r: &RequestSpec, o: &OfferSpec) -> Result<(), Infeasible> {
    check_feasible(r, o, &Ctx::new(now(), Proposer::Others, &NoExclusions))
}

#[test]
fn the_fixture_pair_is_feasible() {
    assert_eq!(check(&request(), &offer()), Ok(()));
}

#[test]
fn rule_1_category() {
    let mut o = offer();
    o.categories = vec!["informal_care".into()];
    assert_eq!(check(&request(), &o), Err(Infeasible::CategoryMismatch));
    o.categories = vec!["groceries".into()];
    assert_eq!(check(&request(), &o), Ok(()));
}

#[test]
fn rule_2_reach_by_radius_or_by_wijk() {
    let mut o = offer();
    o.location = east(CENTRE, 5.0);
    assert_eq!(check(&request(), &o), Err(Infeasible::OutOfReach));
    o.max_distance_km = 5.1;
    assert_eq!(check(&request(), &o), Ok(()));
    o.max_distance_km = 0.0;
    o.wijk_codes.push("WK001401".into());
    assert_eq!(
        check(&request(), &o),
        Ok(()),
        "the request's wijk is listed: any distance"
    );
}

#[test]
fn rule_3_weekly_needs_30_minutes_or_the_whole_window() {
    let mut o = offer();
    o.availability = vec![slot(2, (11, 30), (15, 0))];
    assert_eq!(check(&request(), &o), Ok(()), "exactly 30 minutes");
    o.availability = vec![slot(2, (11, 31), (15, 0))];
    assert_eq!(check(&request(), &o), Err(Infeasible::NoTimeOverlap));
    o.availability = vec![slot(3, (10, 0), (12, 0))];
    assert_eq!(
        check(&request(), &o),
        Err(Infeasible::NoTimeOverlap),
        "other weekday"
    );
    // A 20-minute window fully covered is enough.
    let mut r = request();
    r.schedule = Some(Schedule::Weekly {
        slots: vec![slot(2, (12, 40), (13, 0))],
    });
    o.availability = vec![slot(2, (12, 0), (13, 0))];
    assert_eq!(check(&r, &o), Ok(()));
    o.availability = vec![slot(2, (12, 0), (12, 55))];
    assert_eq!(check(&r, &o), Err(Infeasible::NoTimeOverlap));
}

#[test]
fn rule_3_no_schedule_overlaps_always_and_no_availability_means_any_time() {
    let mut r = request();
    r.schedule = None;
    let mut o = offer();
    o.availability = vec![slot(6, (9, 0), (9, 30))];
    assert_eq!(check(&r, &o), Ok(()));
    let mut o = offer();
    o.availability = vec![];
    assert_eq!(check(&request(), &o), Ok(()));
}

#[test]
fn rule_3_once_window_across_the_dst_change_in_amsterdam() {
    // Sunday 2026-10-25, 00:30–01:30 UTC = 02:30 CEST – 02:30 CET (clocks back at 03:00 CEST).
    let mut r = request();
    r.schedule = Some(Schedule::Once {
        starts_at: Utc.with_ymd_and_hms(2026, 10, 25, 0, 30, 0).unwrap(),
        ends_at: Utc.with_ymd_and_hms(2026, 10, 25, 1, 30, 0).unwrap(),
    });
    let mut o = offer();
    // Local 02:00–02:45 on Sunday: 15 min before the change and 30 after it = 45 minutes.
    o.availability = vec![slot(7, (2, 0), (2, 45))];
    assert_eq!(check(&r, &o), Ok(()));
    // Summer-time reading only (02:30–03:30 as if CEST throughout) would say 02:45–03:30;
    // local 03:00–03:30 is not in the window at all after the change.
    o.availability = vec![slot(7, (3, 0), (3, 30))];
    assert_eq!(check(&r, &o), Err(Infeasible::NoTimeOverlap));
    // Read as UTC (00:30–01:30) it would overlap 00:30–01:30 local; it must not.
    o.availability = vec![slot(7, (0, 30), (1, 30))];
    assert_eq!(check(&r, &o), Err(Infeasible::NoTimeOverlap));
}

#[test]
fn rule_3_once_window_split_at_local_midnight() {
    // Tuesday 2026-11-03 22:30 UTC = 23:30 CET to Wednesday 00:30 CET (23:30 UTC).
    let mut r = request();
    r.schedule = Some(Schedule::Once {
        starts_at: Utc.with_ymd_and_hms(2026, 11, 3, 22, 30, 0).unwrap(),
        ends_at: Utc.with_ymd_and_hms(2026, 11, 3, 23, 30, 0).unwrap(),
    });
    let mut o = offer();
    o.availability = vec![slot(3, (0, 0), (0, 30))]; // Wednesday, after local midnight
    assert_eq!(check(&r, &o), Ok(()));
    o.availability = vec![slot(2, (23, 40), (0, 0)), slot(3, (0, 0), (0, 10))];
    assert_eq!(
        check(&r, &o),
        Ok(()),
        "20 + 10 minutes on both sides of midnight"
    );
    o.availability = vec![slot(2, (23, 45), (0, 0)), slot(3, (0, 0), (0, 10))];
    assert_eq!(check(&r, &o), Err(Infeasible::NoTimeOverlap));
    o.availability = vec![slot(3, (23, 30), (0, 0))]; // Wednesday night: wrong day
    assert_eq!(check(&r, &o), Err(Infeasible::NoTimeOverlap));
}

#[test]
fn rule_3_ended_window_is_infeasible() {
    let mut r = request();
    r.schedule = Some(Schedule::Once {
        starts_at: now() - Duration::hours(3),
        ends_at: now() - Duration::hours(1),
    });
    let mut o = offer();
    o.availability = vec![];
    assert_eq!(check(&r, &o), Err(Infeasible::WindowEnded));
    // Still running: only what is left of it counts (now is Tuesday 14:00 local).
    r.schedule = Some(Schedule::Once {
        starts_at: now() - Duration::hours(3),
        ends_at: now() + Duration::hours(1),
    });
    o.availability = vec![slot(2, (10, 0), (13, 0))];
    assert_eq!(check(&r, &o), Err(Infeasible::NoTimeOverlap));
    o.availability = vec![slot(2, (14, 0), (15, 0))];
    assert_eq!(check(&r, &o), Ok(()));
}

#[test]
fn rule_4_language() {
    let mut o = offer();
    o.languages = vec!["ar".into()];
    assert_eq!(check(&request(), &o), Err(Infeasible::NoSharedLanguage));
    o.languages = vec!["ar".into(), "en".into()];
    assert_eq!(check(&request(), &o), Ok(()));
    let mut r = request();
    r.languages = vec![];
    o.languages = vec![];
    assert_eq!(check(&r, &o), Ok(()), "no language named");
}

#[test]
fn rule_5_mode() {
    let mut o = offer();
    o.modes = vec![Mode::Project];
    assert_eq!(check(&request(), &o), Err(Infeasible::ModeMismatch));
    o.modes = vec![Mode::Project, Mode::Recurring];
    assert_eq!(check(&request(), &o), Ok(()));
}

#[test]
fn rule_6_capacity_on_both_sides() {
    let mut r = request();
    r.free_places = 0;
    assert_eq!(check(&r, &offer()), Err(Infeasible::NoCapacity));
    let mut o = offer();
    o.free_matches = 0;
    assert_eq!(check(&request(), &o), Err(Infeasible::NoCapacity));
    r.free_places = 3;
    o.free_matches = 1;
    assert_eq!(check(&r, &o), Ok(()));
}

#[test]
fn rule_7_offer_active_and_valid() {
    let mut o = offer();
    o.active = false;
    assert_eq!(check(&request(), &o), Err(Infeasible::OfferNotValid));
    let mut o = offer();
    o.valid_until = now();
    assert_eq!(check(&request(), &o), Err(Infeasible::OfferNotValid));
    o.valid_until = now() + Duration::minutes(1);
    assert_eq!(check(&request(), &o), Ok(()));
    // A once window starting after the offer expires.
    let mut r = request();
    r.schedule = Some(Schedule::Once {
        starts_at: now() + Duration::days(2),
        ends_at: now() + Duration::days(2) + Duration::hours(2),
    });
    o.availability = vec![];
    o.valid_until = now() + Duration::days(1);
    assert_eq!(check(&r, &o), Err(Infeasible::OfferNotValid));
    o.valid_until = now() + Duration::days(3);
    assert_eq!(check(&r, &o), Ok(()));
}

#[test]
fn rule_8_not_the_creator_nor_a_coordinator() {
    let mut o = offer();
    o.volunteer_id = request().creator_id;
    assert_eq!(check(&request(), &o), Err(Infeasible::OwnRequest));
    o.volunteer_id = request().coordinator_ids[0];
    assert_eq!(check(&request(), &o), Err(Infeasible::OwnRequest));
    o.volunteer_id = id(999);
    assert_eq!(check(&request(), &o), Ok(()));
}

#[test]
fn rule_9_earlier_decline_with_any_offer_of_the_volunteer_and_live_matches() {
    let (r, o) = (request(), offer());
    let mut ex = ExclusionSet::default();
    ex.declined.insert((r.id, o.volunteer_id));
    let ctx = Ctx::new(now(), Proposer::Volunteer, &ex);
    let mut other_offer = o.clone();
    other_offer.id = id(3);
    assert_eq!(
        check_feasible(&r, &other_offer, &ctx),
        Err(Infeasible::PreviousMatch)
    );
    let mut other_request = r.clone();
    other_request.id = id(4);
    assert_eq!(check_feasible(&other_request, &o, &ctx), Ok(()));

    let mut ex = ExclusionSet::default();
    ex.live.insert((r.id, o.id));
    let ctx = Ctx::new(now(), Proposer::Volunteer, &ex);
    assert_eq!(check_feasible(&r, &o, &ctx), Err(Infeasible::PreviousMatch));
    assert_eq!(
        check_feasible(&r, &other_offer, &ctx),
        Ok(()),
        "another offer of the volunteer"
    );
}

#[test]
fn rule_10_only_when_i_ask_is_not_proposed_by_others() {
    let mut o = offer();
    o.contact_preference = ContactPreference::OnlyWhenIAsk;
    let r = request();
    assert_eq!(
        check_feasible(&r, &o, &Ctx::new(now(), Proposer::Others, &NoExclusions)),
        Err(Infeasible::NotProposable)
    );
    assert_eq!(
        check_feasible(&r, &o, &Ctx::new(now(), Proposer::Volunteer, &NoExclusions)),
        Ok(())
    );
}

#[test]
fn the_first_failing_rule_in_order_is_reported() {
    let mut o = offer();
    o.active = false; // rule 7
    o.modes = vec![Mode::Project]; // rule 5
    assert_eq!(check(&request(), &o), Err(Infeasible::ModeMismatch));
}

#[test]
fn reasons_serialise_to_snake_case_codes() {
    use Infeasible::*;
    for v in [
        CategoryMismatch,
        OutOfReach,
        NoTimeOverlap,
        WindowEnded,
        NoSharedLanguage,
        ModeMismatch,
        NoCapacity,
        OfferNotValid,
        OwnRequest,
        PreviousMatch,
        NotProposable,
    ] {
        assert_eq!(
            serde_json::to_value(v).unwrap(),
            serde_json::Value::String(v.code().into())
        );
    }
    assert_eq!(
        serde_json::to_string(&NoTimeOverlap).unwrap(),
        "\"no_time_overlap\""
    );
}
