//! What belongs to an initiative theme beyond initiatives themselves: the skills that serve
//! it (a volunteer with one of them is a partner for that theme) and the words that name it
//! in a key figure's `connects` (free text, Dutch or English). The social map narrows its
//! volunteers and key figures by these.
//!
//! Words match at the start of a word of the folded text (case and accents ignored), so
//! "mantelzorg" finds "Mantelzorgers" but "zorg" does not find "geldzorgen".

use super::search::fold;

struct ThemeLinks {
    theme: &'static str,
    skills: &'static [&'static str],
    words: &'static [&'static str],
}

const LINKS: &[ThemeLinks] = &[
    ThemeLinks {
        theme: "samenleving_in_de_buurt",
        skills: &["event_organising", "listening", "social_media", "diy"],
        words: &["buurt", "straat", "wijk", "buren", "neighbour", "street"],
    },
    ThemeLinks {
        theme: "actief_in_de_samenleving",
        skills: &[
            "event_organising",
            "administration",
            "social_media",
            "driving",
        ],
        words: &["vrijwillig", "meedoen", "actief", "volunteer", "active"],
    },
    ThemeLinks {
        theme: "mantelzorg",
        skills: &[
            "elderly_care",
            "dementia_awareness",
            "listening",
            "first_aid",
            "driving",
            "cooking",
        ],
        words: &["mantelzorg", "zorg", "carer", "care"],
    },
    ThemeLinks {
        theme: "groen_en_tuinen",
        skills: &["gardening", "heavy_lifting", "diy"],
        words: &["tuin", "groen", "garden", "park"],
    },
    ThemeLinks {
        theme: "kinderen_en_jeugd",
        skills: &[
            "tutoring",
            "child_care",
            "sports_coaching",
            "music",
            "arts_and_crafts",
        ],
        words: &[
            "kind", "jeugd", "jonger", "tiener", "school", "child", "youth", "young", "kids",
        ],
    },
    ThemeLinks {
        theme: "ouderen",
        skills: &[
            "elderly_care",
            "dementia_awareness",
            "smartphone_help",
            "driving",
            "listening",
        ],
        words: &["ouderen", "senior", "bejaard", "elderly", "older"],
    },
    ThemeLinks {
        theme: "eenzaamheid",
        skills: &["listening", "cooking", "event_organising", "elderly_care"],
        words: &["eenza", "alleen", "isolement", "lonel", "alone", "isolat"],
    },
    ThemeLinks {
        theme: "armoede_en_geldzorgen",
        skills: &["budgeting", "administration"],
        words: &[
            "armoede",
            "geld",
            "schuld",
            "voedselbank",
            "dakloz",
            "poverty",
            "money",
            "debt",
            "homeless",
        ],
    },
    ThemeLinks {
        theme: "gezondheid_en_bewegen",
        skills: &["sports_coaching", "first_aid", "cycling", "cooking"],
        words: &["gezond", "sport", "beweg", "health", "exercise"],
    },
    ThemeLinks {
        theme: "cultuur_en_ontmoeting",
        skills: &["music", "arts_and_crafts", "event_organising", "cooking"],
        words: &[
            "cultuur", "muziek", "kunst", "ontmoet", "culture", "music", "artist",
        ],
    },
    ThemeLinks {
        theme: "duurzaamheid",
        skills: &["gardening", "diy", "cycling"],
        words: &[
            "duurza",
            "energie",
            "afval",
            "klimaat",
            "sustainab",
            "energy",
            "waste",
            "climate",
        ],
    },
    ThemeLinks {
        theme: "taal_en_meedoen",
        skills: &[
            "language_teaching",
            "translation",
            "tutoring",
            "computer_skills",
            "smartphone_help",
        ],
        words: &[
            "taal",
            "nieuwkom",
            "statushoud",
            "inburger",
            "vluchteling",
            "language",
            "newcomer",
            "refugee",
        ],
    },
    ThemeLinks {
        theme: "dieren",
        skills: &["animal_care"],
        words: &["dier", "hond", "katten", "animal", "dogs", "pets"],
    },
    ThemeLinks {
        theme: "wonen_en_leefbaarheid",
        skills: &["diy", "heavy_lifting", "gardening", "administration"],
        words: &["wonen", "woning", "huur", "leefbaar", "housing", "tenant"],
    },
];

fn links(theme: &str) -> Option<&'static ThemeLinks> {
    LINKS.iter().find(|l| l.theme == theme)
}

/// The skills that serve `theme` (none for an unknown theme).
pub fn skills_of(theme: &str) -> &'static [&'static str] {
    links(theme).map_or(&[], |l| l.skills)
}

/// Does a key figure's `connects` name `theme`: does a word of it start with one of the
/// theme's words?
pub fn connects_names(theme: &str, connects: &str) -> bool {
    let Some(l) = links(theme) else {
        return false;
    };
    let folded = fold(connects);
    folded
        .split(|c: char| !c.is_alphanumeric())
        .any(|word| l.words.iter().any(|w| word.starts_with(w)))
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::reference::vocabulary::{SKILLS, THEMES, is_skill};

    #[test]
    fn every_theme_has_skills_and_words_and_every_skill_a_theme() {
        let themes: Vec<&str> = LINKS.iter().map(|l| l.theme).collect();
        let known: Vec<&str> = THEMES.iter().map(|t| t.id).collect();
        assert_eq!(
            themes, known,
            "one entry per theme, in the vocabulary's order"
        );
        let mut served = HashSet::new();
        for l in LINKS {
            assert!(!l.skills.is_empty() && !l.words.is_empty(), "{}", l.theme);
            for s in l.skills {
                assert!(is_skill(s), "{} names unknown skill {s}", l.theme);
                served.insert(*s);
            }
            for w in l.words {
                assert_eq!(&fold(w), w, "words are stored folded");
            }
        }
        for s in SKILLS {
            assert!(served.contains(s.id), "skill {} serves no theme", s.id);
        }
    }

    #[test]
    fn a_theme_has_its_own_skills_and_an_unknown_theme_none() {
        assert_eq!(skills_of("dieren"), ["animal_care"]);
        assert!(skills_of("armoede_en_geldzorgen").contains(&"budgeting"));
        assert!(!skills_of("groen_en_tuinen").contains(&"budgeting"));
        assert!(skills_of("no_such_theme").is_empty());
    }

    #[test]
    fn connects_names_a_theme_at_the_start_of_a_word_whatever_case_and_accents() {
        assert!(connects_names(
            "mantelzorg",
            "Mantelzorgers in de Oosterparkwijk"
        ));
        assert!(connects_names(
            "armoede_en_geldzorgen",
            "DAKLOZEN en mensen met schulden"
        ));
        assert!(connects_names(
            "kinderen_en_jeugd",
            "de jongeren op het plein"
        ));
        assert!(connects_names("eenzaamheid", "eenzame ouderen"));
        assert!(connects_names("ouderen", "eenzame ouderen"));
        assert!(connects_names(
            "cultuur_en_ontmoeting",
            "Ontmoeting in het café"
        ));
        // Inside a word is no match: "geldzorgen" is not about care.
        assert!(!connects_names("mantelzorg", "geldzorgen"));
        assert!(!connects_names("dieren", "de straat"));
        assert!(!connects_names("no_such_theme", "alles"));
    }
}
