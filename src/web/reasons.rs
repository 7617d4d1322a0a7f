//! Why a request suits an offer, in sentences a volunteer reads at B1 level: "3 km van je
//! wijk", "je bent dinsdagochtend beschikbaar", "je spreekt Arabisch". Built from the
//! engine's reasons (the same the API answers), the request's public schedule and the
//! offer's availability; vocabulary ids become their labels, never codes.

use chrono::{NaiveTime, Timelike};

use crate::domain::schedule::{ScheduleInput, SlotInput};
use crate::i18n::{Lang, Ui};
use crate::matching::Urgency;
use crate::reference::vocabulary::{self, Term};
use crate::service::suggestions::ReasonsView;

/// The weekdays, Monday first (ISO 1–7).
pub const DAYS: [Ui; 7] = [
    Ui::Monday,
    Ui::Tuesday,
    Ui::Wednesday,
    Ui::Thursday,
    Ui::Friday,
    Ui::Saturday,
    Ui::Sunday,
];

/// The parts of a day with the hours they stand for (as the profile's grid).
pub const PARTS: [(Ui, (u32, u32)); 3] = [
    (Ui::Morning, (9, 12)),
    (Ui::Afternoon, (12, 17)),
    (Ui::Evening, (18, 21)),
];

/// A vocabulary id as its label in `lang` (an unknown id as it is).
pub fn label(terms: &[Term], id: &str, lang: Lang) -> String {
    terms.iter().find(|t| t.id == id).map_or_else(
        || id.to_owned(),
        |t| match lang {
            Lang::Nl => t.label_nl.to_owned(),
            Lang::En => t.label_en.to_owned(),
        },
    )
}

/// `a`, `a en b`, `a, b en c` (English: `and`).
pub fn join(items: &[String], lang: Lang) -> String {
    let and = match lang {
        Lang::Nl => "en",
        Lang::En => "and",
    };
    match items.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} {and} {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// The labels of `ids`, joined; skills read as words inside a sentence (`lower`), languages
/// keep their capital.
fn labels(terms: &[Term], ids: &[String], lower: bool, lang: Lang) -> String {
    let words: Vec<String> = ids
        .iter()
        .map(|id| {
            let l = label(terms, id, lang);
            if lower { lowercase_first(&l) } else { l }
        })
        .collect();
    join(&words, lang)
}

fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A weekday and a part of the day in words: "dinsdagochtend", "Tuesday morning".
pub fn day_part(weekday: i64, part: Ui, lang: Lang) -> String {
    let day = usize::try_from(weekday - 1)
        .ok()
        .and_then(|i| DAYS.get(i))
        .map_or_else(String::new, |d| d.render(lang));
    let part = part.render(lang).to_lowercase();
    match lang {
        Lang::Nl => format!("{day}{part}"),
        Lang::En => format!("{day} {part}"),
    }
}

fn minutes(raw: &str) -> Option<u32> {
    NaiveTime::parse_from_str(raw, "%H:%M")
        .ok()
        .map(|t| t.hour() * 60 + t.minute())
}

/// A slot as minutes of its day; a slot past midnight runs to midnight.
fn span(slot: &SlotInput) -> Option<(u32, u32)> {
    let (start, end) = (minutes(&slot.start)?, minutes(&slot.end)?);
    Some((start, if end <= start { 24 * 60 } else { end }))
}

/// The day parts in which the request's weekly slots and the offer's availability (empty:
/// any time) meet, in week order, each once.
pub fn shared_day_parts(request: &[SlotInput], offer: &[SlotInput]) -> Vec<(i64, Ui)> {
    let mut out: Vec<(i64, Ui)> = Vec::new();
    for weekday in 1..=7 {
        for (part, (from, to)) in PARTS {
            let part_span = (from * 60, to * 60);
            let meets = request
                .iter()
                .filter(|r| r.weekday == weekday)
                .filter_map(span)
                .any(|r| {
                    let r = (r.0.max(part_span.0), r.1.min(part_span.1));
                    r.0 < r.1
                        && (offer.is_empty()
                            || offer
                                .iter()
                                .filter(|o| o.weekday == weekday)
                                .filter_map(span)
                                .any(|o| o.0.max(r.0) < o.1.min(r.1)))
                });
            if meets {
                out.push((weekday, part));
            }
        }
    }
    out
}

/// The reasons as sentences, most telling first.
pub fn sentences(
    reasons: &ReasonsView,
    schedule: Option<&ScheduleInput>,
    availability: &[SlotInput],
    lang: Lang,
) -> Vec<String> {
    let mut out = Vec::new();
    out.push(if reasons.distance_km < 0.5 {
        Ui::ReasonOwnWijk.render(lang)
    } else {
        Ui::ReasonDistance {
            km: reasons.distance_km.round(),
        }
        .render(lang)
    });
    match schedule {
        None => out.push(Ui::ReasonAnyTime.render(lang)),
        Some(ScheduleInput::Weekly { slots }) => {
            let parts: Vec<String> = shared_day_parts(slots, availability)
                .into_iter()
                .map(|(day, part)| day_part(day, part, lang))
                .collect();
            if parts.is_empty() {
                if reasons.overlap_minutes > 0 {
                    out.push(Ui::ReasonTimeFits.render(lang));
                }
            } else {
                out.push(
                    Ui::ReasonAvailable {
                        when: join(&parts, lang),
                    }
                    .render(lang),
                );
            }
        }
        Some(ScheduleInput::Once { .. }) => {
            if reasons.overlap_minutes > 0 {
                out.push(Ui::ReasonTimeFits.render(lang));
            }
        }
    }
    if !reasons.shared_languages.is_empty() {
        out.push(
            Ui::ReasonLanguages {
                languages: labels(
                    vocabulary::LANGUAGES,
                    &reasons.shared_languages,
                    false,
                    lang,
                ),
            }
            .render(lang),
        );
    }
    if !reasons.skills_matched.is_empty() {
        out.push(
            Ui::ReasonSkills {
                skills: labels(vocabulary::SKILLS, &reasons.skills_matched, true, lang),
            }
            .render(lang),
        );
    }
    if !reasons.skills_missing.is_empty() {
        out.push(
            Ui::ReasonSkillsMissing {
                skills: labels(vocabulary::SKILLS, &reasons.skills_missing, true, lang),
            }
            .render(lang),
        );
    }
    out.push(match reasons.waiting_days {
        0 => Ui::ReasonAskedToday.render(lang),
        1 => Ui::ReasonWaitingOneDay.render(lang),
        days => Ui::ReasonWaiting { days }.render(lang),
    });
    match reasons.urgency {
        Urgency::High => out.push(Ui::ReasonUrgent.render(lang)),
        Urgency::Low => out.push(Ui::ReasonNoHurry.render(lang)),
        Urgency::Normal => {}
    }
    out
}

/// The reasons as a request's manager reads them about a suggested volunteer: the same
/// facts, said of the volunteer ("Spreekt Arabisch"); the offer's availability is not the
/// manager's to read, so a time that fits is said without day parts.
pub fn manager_sentences(
    reasons: &ReasonsView,
    schedule: Option<&ScheduleInput>,
    lang: Lang,
) -> Vec<String> {
    let mut out = Vec::new();
    out.push(if reasons.distance_km < 0.5 {
        Ui::ReasonLivesInWijk.render(lang)
    } else {
        Ui::ReasonDistanceFromWijk {
            km: reasons.distance_km.round(),
        }
        .render(lang)
    });
    match schedule {
        None => out.push(Ui::ReasonAnyTime.render(lang)),
        Some(_) if reasons.overlap_minutes > 0 => out.push(Ui::ReasonFreeThen.render(lang)),
        Some(_) => {}
    }
    if !reasons.shared_languages.is_empty() {
        out.push(
            Ui::ReasonSpeaks {
                languages: labels(
                    vocabulary::LANGUAGES,
                    &reasons.shared_languages,
                    false,
                    lang,
                ),
            }
            .render(lang),
        );
    }
    if !reasons.skills_matched.is_empty() {
        out.push(
            Ui::ReasonCan {
                skills: labels(vocabulary::SKILLS, &reasons.skills_matched, true, lang),
            }
            .render(lang),
        );
    }
    if !reasons.skills_missing.is_empty() {
        out.push(
            Ui::ReasonOfferLacks {
                skills: labels(vocabulary::SKILLS, &reasons.skills_missing, true, lang),
            }
            .render(lang),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(weekday: i64, start: &str, end: &str) -> SlotInput {
        SlotInput {
            weekday,
            start: start.into(),
            end: end.into(),
        }
    }

    fn reasons() -> ReasonsView {
        ReasonsView {
            distance_km: 3.0,
            overlap_minutes: 120,
            skills_matched: vec!["cycling".into()],
            skills_missing: vec!["cooking".into()],
            shared_languages: vec!["nl".into(), "ar".into()],
            waiting_days: 4,
            urgency: Urgency::High,
        }
    }

    #[test]
    fn the_reasons_read_as_dutch_sentences() {
        let schedule = ScheduleInput::Weekly {
            slots: vec![slot(2, "10:00", "12:00"), slot(4, "19:00", "20:00")],
        };
        let said = sentences(
            &reasons(),
            Some(&schedule),
            &[slot(2, "09:00", "12:00")],
            Lang::Nl,
        );
        assert_eq!(
            said,
            [
                "3 km van je wijk",
                "Je bent dinsdagochtend beschikbaar",
                "Je spreekt Nederlands en Arabisch",
                "Je kunt wat er gevraagd wordt: fietsen",
                "Gevraagd, maar niet in je aanbod: koken",
                "De vraag wacht al 4 dagen",
                "Deze hulp is dringend",
            ]
        );
        let said = sentences(&reasons(), Some(&schedule), &[], Lang::En);
        assert_eq!(
            said[1],
            "You are available on Tuesday morning and Thursday evening"
        );
        assert_eq!(said[2], "You speak Dutch and Arabic");
    }

    #[test]
    fn the_day_parts_are_those_both_share() {
        let request = [slot(2, "11:00", "13:00"), slot(5, "20:00", "01:00")];
        assert_eq!(
            shared_day_parts(&request, &[]),
            [(2, Ui::Morning), (2, Ui::Afternoon), (5, Ui::Evening)]
        );
        assert_eq!(
            shared_day_parts(&request, &[slot(2, "12:30", "14:00")]),
            [(2, Ui::Afternoon)]
        );
        assert!(shared_day_parts(&request, &[slot(3, "09:00", "21:00")]).is_empty());
        assert_eq!(day_part(7, Ui::Evening, Lang::Nl), "zondagavond");
    }

    #[test]
    fn lists_join_with_and() {
        let items = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(join(&items(&["a"]), Lang::Nl), "a");
        assert_eq!(join(&items(&["a", "b", "c"]), Lang::Nl), "a, b en c");
        assert_eq!(join(&items(&["a", "b"]), Lang::En), "a and b");
    }
}
