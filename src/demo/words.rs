//! What demo records are made of: Dutch names, streets, places, kinds of initiative, needs,
//! travel radii and whole hours.

use chrono::NaiveTime;

pub(super) const KINDS: &[(&str, &str)] = &[
    ("Buurttuin", "groen_en_tuinen"),
    ("Schooltuin", "kinderen_en_jeugd"),
    ("Kinderboerderij", "dieren"),
    ("Koffie-inloop", "samenleving_in_de_buurt"),
    ("Coöperatieve wijkraad", "actief_in_de_samenleving"),
    ("Buurtapp", "samenleving_in_de_buurt"),
    ("Repair Café", "duurzaamheid"),
    ("Taalcafé", "taal_en_meedoen"),
    ("Speeltuinvereniging", "kinderen_en_jeugd"),
    ("Wandelclub", "gezondheid_en_bewegen"),
    ("Kledingruil", "armoede_en_geldzorgen"),
    ("Maaltijdproject", "eenzaamheid"),
    ("Huiswerkklas", "kinderen_en_jeugd"),
    ("Seniorensoos", "ouderen"),
    ("Mantelzorgcafé", "mantelzorg"),
    ("Buurtkamer", "samenleving_in_de_buurt"),
    ("Muziekproject", "cultuur_en_ontmoeting"),
    ("Bewonerscommissie", "wonen_en_leefbaarheid"),
];

/// Street names for demo initiatives, combined with the initiative's real wijk.
pub(super) const STREETS: &[&str] = &[
    "Vinkenstraat",
    "Oosterweg",
    "Kerklaan",
    "Parkweg",
    "Molenstraat",
    "Schoolstraat",
    "Dorpsstraat",
    "Hoofdweg",
    "Tuinstraat",
    "Kanaalweg",
    "Zonnelaan",
    "Esdoornlaan",
    "Lindenlaan",
    "Beukenlaan",
    "Wilhelminastraat",
    "Julianaplein",
];

pub(super) const PLACES: &[&str] = &[
    "De Hoogte",
    "Oosterpark",
    "Selwerd",
    "Paddepoel",
    "Vinkhuizen",
    "Beijum",
    "Lewenborg",
    "De Wijert",
    "Corpus den Hoorn",
    "Hoornse Meer",
    "Helpman",
    "Korrewegwijk",
    "Schildersbuurt",
    "Rivierenbuurt",
    "Herewegbuurt",
    "Reitdiep",
    "Hoogkerk",
    "Meerstad",
    "Ten Boer",
    "Haren",
    "Glimmen",
    "De Held",
    "Zeeheldenbuurt",
    "Indische buurt",
    "Noorderplantsoen",
    "Kostverloren",
];

pub(super) const FIRST_NAMES: &[&str] = &[
    "Anna", "Bram", "Carla", "Daan", "Eva", "Fatima", "Gerrit", "Hanna", "Ibrahim", "Jantje",
    "Kees", "Lotte", "Mohammed", "Noor", "Olga", "Pieter", "Quinten", "Roos", "Sem", "Tessa",
    "Umut", "Vera", "Willem", "Yara", "Zeynep", "Aukje", "Tjeerd", "Marleen", "Koen", "Ayşe",
];

pub(super) const LAST_NAMES: &[&str] = &[
    "de Vries",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "Bos",
    "Kuipers",
    "Dijkstra",
    "Hoekstra",
    "Veenstra",
    "Yilmaz",
    "El Amrani",
    "Nowak",
    "Jansen",
    "Postma",
    "Wieringa",
    "Huizinga",
    "Zijlstra",
];

pub(super) const ORGANISATIONS: &[&str] = &[
    "Supermarkt",
    "Snackbar",
    "Kapsalon",
    "Buurthuis",
    "Moskee",
    "Kerk",
    "Sportvereniging",
    "Huisartsenpraktijk",
    "Bibliotheek",
    "Apotheek",
    "Fietsenmaker",
    "Bakkerij",
];

/// Travel radii with a median of 3 km, from 1 to 15 km.
pub(super) const RADII_KM: &[f64] = &[
    1., 1., 2., 2., 2., 2., 3., 3., 3., 3., 3., 4., 4., 5., 5., 6., 8., 10., 12., 15.,
];

/// Request categories with a typical title.
pub(super) const NEEDS: &[(&str, &str)] = &[
    ("groceries", "Boodschappen doen"),
    ("companionship", "Wekelijks een kop koffie en een praatje"),
    ("transport", "Begeleiding naar het ziekenhuis"),
    ("paperwork", "Hulp bij formulieren en post"),
    ("informal_care", "Even de mantelzorger ontlasten"),
];

/// The time `h`:00 (`h` below 24).
pub(super) fn hour(h: usize) -> NaiveTime {
    u32::try_from(h)
        .ok()
        .and_then(|h| NaiveTime::from_hms_opt(h, 0, 0))
        .unwrap_or(NaiveTime::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radii_have_a_median_of_three_km() {
        let mut sorted = RADII_KM.to_vec();
        sorted.sort_by(f64::total_cmp);
        assert_eq!(sorted[sorted.len() / 2], 3.0);
        assert_eq!(sorted.first(), Some(&1.0));
        assert_eq!(sorted.last(), Some(&15.0));
    }
}
