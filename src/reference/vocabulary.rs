//! The controlled vocabulary: help categories, initiative themes, skills and languages.
//! Ids are stable snake_case (languages: ISO 639-1); a published id never changes.

use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct Term {
    pub id: &'static str,
    pub label_nl: &'static str,
    pub label_en: &'static str,
}

const fn t(id: &'static str, label_nl: &'static str, label_en: &'static str) -> Term {
    Term {
        id,
        label_nl,
        label_en,
    }
}

/// Kinds of help a request asks for and an offer gives.
pub const CATEGORIES: &[Term] = &[
    t("groceries", "Boodschappen", "Groceries"),
    t(
        "informal_care",
        "Mantelzorgondersteuning",
        "Support for informal carers",
    ),
    t(
        "companionship",
        "Gezelschap en een praatje",
        "Companionship",
    ),
    t(
        "transport",
        "Vervoer en begeleiding",
        "Transport and accompaniment",
    ),
    t(
        "paperwork",
        "Administratie en formulieren",
        "Paperwork and forms",
    ),
    t(
        "money_matters",
        "Geldzaken en budget",
        "Money matters and budgeting",
    ),
    t("household", "Huishoudelijke hulp", "Household help"),
    t(
        "odd_jobs",
        "Klussen in en om het huis",
        "Odd jobs and repairs",
    ),
    t("gardening", "Tuinieren", "Gardening"),
    t(
        "digital_help",
        "Digitale hulp",
        "Help with computers and phones",
    ),
    t("language_practice", "Taalmaatje", "Language practice"),
    t("homework_help", "Huiswerkbegeleiding", "Homework help"),
    t(
        "child_activities",
        "Activiteiten voor kinderen",
        "Activities for children",
    ),
    t("pet_care", "Hulp bij huisdieren", "Pet care"),
    t("meals", "Koken en maaltijden", "Cooking and meals"),
    t(
        "walking_and_exercise",
        "Wandelen en bewegen",
        "Walking and exercise",
    ),
    t(
        "neighbourhood_activities",
        "Activiteiten in de buurt",
        "Neighbourhood activities",
    ),
    t("moving_house", "Verhuizen", "Moving house"),
];

/// Themes of initiatives. The first three are the report's own themes.
pub const THEMES: &[Term] = &[
    t(
        "samenleving_in_de_buurt",
        "Samenleving in de buurt",
        "Community in the neighbourhood",
    ),
    t(
        "actief_in_de_samenleving",
        "Actief in de samenleving",
        "Active in society",
    ),
    t("mantelzorg", "Mantelzorg", "Informal care"),
    t(
        "groen_en_tuinen",
        "Groen en tuinen",
        "Green spaces and gardens",
    ),
    t(
        "kinderen_en_jeugd",
        "Kinderen en jeugd",
        "Children and youth",
    ),
    t("ouderen", "Ouderen", "Older people"),
    t("eenzaamheid", "Eenzaamheid", "Loneliness"),
    t(
        "armoede_en_geldzorgen",
        "Armoede en geldzorgen",
        "Poverty and money worries",
    ),
    t(
        "gezondheid_en_bewegen",
        "Gezondheid en bewegen",
        "Health and exercise",
    ),
    t(
        "cultuur_en_ontmoeting",
        "Cultuur en ontmoeting",
        "Culture and meeting",
    ),
    t("duurzaamheid", "Duurzaamheid", "Sustainability"),
    t(
        "taal_en_meedoen",
        "Taal en meedoen",
        "Language and participation",
    ),
    t("dieren", "Dieren", "Animals"),
    t(
        "wonen_en_leefbaarheid",
        "Wonen en leefbaarheid",
        "Housing and liveability",
    ),
];

pub const SKILLS: &[Term] = &[
    t("listening", "Luisteren", "Listening"),
    t("driving", "Autorijden", "Driving"),
    t("cycling", "Fietsen", "Cycling"),
    t("cooking", "Koken", "Cooking"),
    t("gardening", "Tuinieren", "Gardening"),
    t("diy", "Klussen", "DIY and repairs"),
    t("computer_skills", "Computervaardigheden", "Computer skills"),
    t(
        "smartphone_help",
        "Hulp met smartphone en tablet",
        "Smartphone and tablet help",
    ),
    t("administration", "Administratie", "Administration"),
    t("budgeting", "Budgetteren", "Budgeting"),
    t("tutoring", "Bijles geven", "Tutoring"),
    t("language_teaching", "Taalles geven", "Language teaching"),
    t("child_care", "Kinderopvang en oppassen", "Child care"),
    t(
        "elderly_care",
        "Omgaan met ouderen",
        "Caring for older people",
    ),
    t(
        "dementia_awareness",
        "Omgaan met dementie",
        "Dementia awareness",
    ),
    t("first_aid", "EHBO", "First aid"),
    t("sports_coaching", "Sportbegeleiding", "Sports coaching"),
    t("music", "Muziek", "Music"),
    t("arts_and_crafts", "Creatief en handwerk", "Arts and crafts"),
    t(
        "event_organising",
        "Activiteiten organiseren",
        "Organising events",
    ),
    t(
        "translation",
        "Vertalen en tolken",
        "Translating and interpreting",
    ),
    t("social_media", "Sociale media", "Social media"),
    t("animal_care", "Dierenverzorging", "Animal care"),
    t("heavy_lifting", "Sjouwen en tillen", "Carrying and lifting"),
];

/// Languages (ISO 639-1) spoken in Groningen's neighbourhoods.
pub const LANGUAGES: &[Term] = &[
    t("nl", "Nederlands", "Dutch"),
    t("fy", "Fries", "Frisian"),
    t("en", "Engels", "English"),
    t("de", "Duits", "German"),
    t("fr", "Frans", "French"),
    t("es", "Spaans", "Spanish"),
    t("it", "Italiaans", "Italian"),
    t("pt", "Portugees", "Portuguese"),
    t("pl", "Pools", "Polish"),
    t("ro", "Roemeens", "Romanian"),
    t("bg", "Bulgaars", "Bulgarian"),
    t("hu", "Hongaars", "Hungarian"),
    t("lt", "Litouws", "Lithuanian"),
    t("uk", "Oekraïens", "Ukrainian"),
    t("ru", "Russisch", "Russian"),
    t("el", "Grieks", "Greek"),
    t("tr", "Turks", "Turkish"),
    t("ar", "Arabisch", "Arabic"),
    t("fa", "Perzisch", "Persian"),
    t("ps", "Pasjtoe", "Pashto"),
    t("ku", "Koerdisch", "Kurdish"),
    t("so", "Somalisch", "Somali"),
    t("ti", "Tigrinya", "Tigrinya"),
    t("am", "Amhaars", "Amharic"),
    t("ur", "Urdu", "Urdu"),
    t("hi", "Hindi", "Hindi"),
    t("zh", "Chinees", "Chinese"),
    t("vi", "Vietnamees", "Vietnamese"),
    t("id", "Indonesisch", "Indonesian"),
    t("sq", "Albanees", "Albanian"),
];

pub fn is_category(id: &str) -> bool {
    CATEGORIES.iter().any(|t| t.id == id)
}

pub fn is_theme(id: &str) -> bool {
    THEMES.iter().any(|t| t.id == id)
}

pub fn is_skill(id: &str) -> bool {
    SKILLS.iter().any(|t| t.id == id)
}

pub fn is_language(id: &str) -> bool {
    LANGUAGES.iter().any(|t| t.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_snake_case_and_labelled() {
        for list in [CATEGORIES, THEMES, SKILLS, LANGUAGES] {
            let ids: HashSet<_> = list.iter().map(|t| t.id).collect();
            assert_eq!(ids.len(), list.len(), "duplicate id");
            for term in list {
                assert!(term.id.chars().all(|c| c.is_ascii_lowercase() || c == '_'));
                assert!(!term.label_nl.is_empty() && !term.label_en.is_empty());
            }
        }
        assert!(LANGUAGES.iter().all(|t| t.id.len() == 2));
    }

    #[test]
    fn the_reports_themes_and_the_contracts_examples_exist() {
        for theme in [
            "samenleving_in_de_buurt",
            "actief_in_de_samenleving",
            "mantelzorg",
        ] {
            assert!(is_theme(theme));
        }
        assert!(is_category("informal_care") && is_category("groceries"));
        for lang in ["nl", "en", "ar", "tr", "pl"] {
            assert!(is_language(lang));
        }
    }
}
