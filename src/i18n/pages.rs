//! The web pages' texts, English and Dutch side by side, in Dutch at B1 level with "je".
//! Templates show them with `c.t(Ui::Key)`; texts with parameters are rendered in the
//! handler and handed to the template.

use super::messages;

messages! {
    /// Texts of the web pages.
    pub enum Ui {
        // Every page.
        SkipToContent => en: "Skip to content", nl: "Naar de inhoud";
        MainMenu => en: "Main menu", nl: "Hoofdmenu";
        NavFindWijk => en: "Find your wijk", nl: "Zoek je wijk";
        NavInitiatives => en: "Initiatives", nl: "Initiatieven";
        NavLogIn => en: "Log in", nl: "Inloggen";
        NavRegister => en: "Create an account", nl: "Account maken";
        NavAccount => en: "My account", nl: "Mijn account";
        LogOut => en: "Log out", nl: "Uitloggen";
        OtherLanguage => en: "Nederlands", nl: "English";
        TitleSuffix => en: "wijkmatch Groningen", nl: "wijkmatch Groningen";
        ErrorPrefix => en: "Error: ", nl: "Fout: ";
        ErrorSummaryTitle => en: "There is a problem", nl: "Er is een probleem";
        FooterAbout => en: "wijkmatch brings volunteers, residents' initiatives and WIJ-teams in the wijken of Groningen together.",
            nl: "wijkmatch brengt vrijwilligers, bewonersinitiatieven en WIJ-teams in de wijken van Groningen bij elkaar.";
        FooterMapSource => en: "Maps and figures of the wijken: CBS, Kadaster (Wijk- en buurtkaart).",
            nl: "Kaarten en cijfers van de wijken: CBS, Kadaster (Wijk- en buurtkaart).";
        FooterApi => en: "API for developers", nl: "API voor ontwikkelaars";

        // Home: find your wijk.
        HomeTitle => en: "Which wijk do you live in?", nl: "In welke wijk woon je?";
        HomeIntro => en: "Find the residents' initiatives, the WIJ-team and the figures of your wijk.",
            nl: "Vind de bewonersinitiatieven, het WIJ-team en de cijfers van je wijk.";
        LookupLabel => en: "Postcode or name of your wijk", nl: "Postcode of naam van je wijk";
        LookupHint => en: "For example 9714 AB or Oosterparkwijk.",
            nl: "Bijvoorbeeld 9714 AB of Oosterparkwijk.";
        LookupButton => en: "Find my wijk", nl: "Zoek mijn wijk";
        LookupFound => en: "Wijken that match", nl: "Wijken die passen";
        LookupFoundPostcode => en: "This postcode lies in more than one wijk. The wijk with the largest part comes first.",
            nl: "Deze postcode ligt in meer dan één wijk. De wijk met het grootste deel staat bovenaan.";
        LookupNothing => en: "We found no wijk for this. Check the postcode or the name, or choose your wijk from the list below.",
            nl: "We vonden hier geen wijk bij. Kijk of de postcode of de naam klopt, of kies je wijk uit de lijst hieronder.";
        AllWijken => en: "All wijken of Groningen", nl: "Alle wijken van Groningen";

        // A wijk.
        FormerName => en: "Until 2025 this wijk was called", nl: "Tot 2025 heette deze wijk";
        Inhabitants => en: "inhabitants", nl: "inwoners";
        MapHeading => en: "Map", nl: "Kaart";
        MapTitle => en: "Map of the wijk with its neighbouring wijken",
            nl: "Kaart van de wijk met de wijken eromheen";
        MapTextHeading => en: "What the map shows", nl: "Wat de kaart laat zien";
        MapBuurten => en: "The buurten in this wijk:", nl: "De buurten in deze wijk:";
        MapNeighbours => en: "Neighbouring wijken:", nl: "Wijken eromheen:";
        InitiativesHere => en: "Residents' initiatives in this wijk",
            nl: "Bewonersinitiatieven in deze wijk";
        NoInitiativesHere => en: "No residents' initiative in this wijk is known yet.",
            nl: "We kennen nog geen bewonersinitiatief in deze wijk.";
        AllInitiativesHere => en: "All initiatives in this wijk", nl: "Alle initiatieven in deze wijk";
        TeamHeading => en: "Your WIJ-team", nl: "Je WIJ-team";
        TeamIntro => en: "A WIJ-team helps with questions about care, money, work, upbringing and living together.",
            nl: "Een WIJ-team helpt bij vragen over zorg, geld, werk, opvoeden en samenleven.";
        NoTeamKnown => en: "We do not know yet which WIJ-team works in this wijk.",
            nl: "We weten nog niet welk WIJ-team in deze wijk werkt.";
        Address => en: "Address", nl: "Adres";
        WalkIn => en: "Walk-in hours", nl: "Inloop";
        NotKnown => en: "not known yet", nl: "nog niet bekend";
        StatsHeading => en: "Figures", nl: "Cijfers";
        StatsIntro => en: "We show small numbers as \"fewer than 5\", so that nobody can be recognised.",
            nl: "Kleine aantallen tonen we als \"minder dan 5\". Zo is niemand te herkennen.";
        StatsWhat => en: "What", nl: "Wat";
        StatsNumber => en: "Number", nl: "Aantal";
        StatsVolunteers => en: "Volunteers who live here", nl: "Vrijwilligers die hier wonen";
        StatsInitiatives => en: "Residents' initiatives", nl: "Bewonersinitiatieven";
        StatsOpenRequests => en: "Open requests for help", nl: "Open hulpvragen";
        StatsMatches => en: "Matches made in the last 30 days", nl: "Koppelingen in de laatste 30 dagen";
        StatsHoursToMatch => en: "Median time until a match (hours)",
            nl: "Tijd tot een koppeling (mediaan, in uren)";
        StatsHoursGiven => en: "Hours of help in the last 30 days", nl: "Uren hulp in de laatste 30 dagen";
        FewerThanFive => en: "fewer than 5", nl: "minder dan 5";
        NotEnoughData => en: "not enough data", nl: "te weinig gegevens";

        // Initiatives.
        InitiativesTitle => en: "Residents' initiatives", nl: "Bewonersinitiatieven";
        InitiativesIntro => en: "Initiatives of residents in the wijken of Groningen: a community garden, a coffee morning, a neighbourhood app.",
            nl: "Initiatieven van bewoners in de wijken van Groningen: een buurttuin, een koffie-inloop, een buurtapp.";
        FilterHeading => en: "Filter", nl: "Filteren";
        FilterWijk => en: "Wijk", nl: "Wijk";
        FilterAnyWijk => en: "All wijken", nl: "Alle wijken";
        FilterTheme => en: "Theme", nl: "Thema";
        FilterAnyTheme => en: "All themes", nl: "Alle thema's";
        FilterWords => en: "Words", nl: "Zoekwoorden";
        FilterWordsHint => en: "Words in the name or the description.",
            nl: "Woorden in de naam of de beschrijving.";
        FilterButton => en: "Show initiatives", nl: "Initiatieven tonen";
        NoInitiativesFound => en: "No initiatives found. Try fewer filters.",
            nl: "Geen initiatieven gevonden. Probeer het met minder filters.";
        NextPage => en: "Next page", nl: "Volgende pagina";
        FirstPage => en: "First page", nl: "Eerste pagina";
        Themes => en: "Themes", nl: "Thema's";
        Wijk => en: "Wijk", nl: "Wijk";
        Email => en: "Email", nl: "E-mail";
        Website => en: "Website", nl: "Website";
        BackToInitiatives => en: "Back to all initiatives", nl: "Terug naar alle initiatieven";

        // Accounts.
        LogInTitle => en: "Log in", nl: "Inloggen";
        LogInButton => en: "Log in", nl: "Inloggen";
        NoAccountYet => en: "No account yet?", nl: "Nog geen account?";
        RegisterTitle => en: "Create an account", nl: "Account maken";
        RegisterIntro => en: "With an account you can offer help as a volunteer or start a residents' initiative.",
            nl: "Met een account kun je als vrijwilliger hulp aanbieden of een bewonersinitiatief starten.";
        RegisterButton => en: "Create account", nl: "Account maken";
        HaveAccount => en: "Already have an account?", nl: "Heb je al een account?";
        EmailLabel => en: "Email address", nl: "E-mailadres";
        PasswordLabel => en: "Password", nl: "Wachtwoord";
        PasswordHint => en: "At least 15 characters. A sentence of a few words works well.",
            nl: "Minstens 15 tekens. Een zin van een paar woorden werkt goed.";
        NameLabel => en: "Your name", nl: "Je naam";
        NameHint => en: "Others see this name.", nl: "Deze naam zien anderen.";
        AccountTitle => en: "My account", nl: "Mijn account";
        ChangePassword => en: "Change password", nl: "Wachtwoord wijzigen";
        CurrentPasswordLabel => en: "Current password", nl: "Huidig wachtwoord";
        NewPasswordLabel => en: "New password", nl: "Nieuw wachtwoord";
        PasswordChanged => en: "Your password has been changed. You are logged out on your other devices.",
            nl: "Je wachtwoord is gewijzigd. Op je andere apparaten ben je uitgelogd.";
        Registered => en: "Your account has been created. You are logged in.",
            nl: "Je account is gemaakt. Je bent ingelogd.";
        LoggedOut => en: "You are logged out.", nl: "Je bent uitgelogd.";
        LogInToContinue => en: "Log in to see this page.", nl: "Log in om deze pagina te zien.";

        // The volunteer profile.
        ProfileTitle => en: "My volunteer profile", nl: "Mijn vrijwilligersprofiel";
        ProfileIntro => en: "Tell us when and how you want to help. WIJ-team workers and admins see your profile, without your email address.",
            nl: "Vertel wanneer en hoe je wilt helpen. Medewerkers van WIJ-teams en beheerders zien je profiel, zonder je e-mailadres.";
        HomeWijkLabel => en: "The wijk you live in", nl: "De wijk waar je woont";
        ChooseWijk => en: "Choose your wijk", nl: "Kies je wijk";
        DistanceLabel => en: "How far do you want to travel? (km)", nl: "Hoe ver wil je reizen? (km)";
        DistanceHint => en: "0 to 100 kilometres.", nl: "0 tot 100 kilometer.";
        HoursLabel => en: "How many hours a week can you help?", nl: "Hoeveel uur per week kun je helpen?";
        HoursHint => en: "0 to 80 hours.", nl: "0 tot 80 uur.";
        AvailabilityLegend => en: "When can you help?", nl: "Wanneer kun je helpen?";
        AvailabilityHint => en: "Tick the parts of the day when you can usually help. Morning is 9 to 12, afternoon 12 to 17, evening 18 to 21.",
            nl: "Kies de dagdelen waarop je meestal kunt. Ochtend is van 9 tot 12 uur, middag van 12 tot 17 uur, avond van 18 tot 21 uur.";
        Day => en: "Day", nl: "Dag";
        Morning => en: "Morning", nl: "Ochtend";
        Afternoon => en: "Afternoon", nl: "Middag";
        Evening => en: "Evening", nl: "Avond";
        Monday => en: "Monday", nl: "maandag";
        Tuesday => en: "Tuesday", nl: "dinsdag";
        Wednesday => en: "Wednesday", nl: "woensdag";
        Thursday => en: "Thursday", nl: "donderdag";
        Friday => en: "Friday", nl: "vrijdag";
        Saturday => en: "Saturday", nl: "zaterdag";
        Sunday => en: "Sunday", nl: "zondag";
        ModesLegend => en: "How do you want to help?", nl: "Hoe wil je helpen?";
        ModeOneOff => en: "Once", nl: "Eén keer";
        ModeRecurring => en: "Regularly", nl: "Regelmatig";
        ModeProject => en: "In a project", nl: "In een project";
        ContactLegend => en: "May we suggest requests to you?", nl: "Mogen we je hulpvragen voorstellen?";
        ContactPropose => en: "Yes, suggest requests for help that suit me.",
            nl: "Ja, stel me hulpvragen voor die bij me passen.";
        ContactOnlyWhenIAsk => en: "No, I look for myself when I want to.",
            nl: "Nee, ik kijk zelf als ik dat wil.";
        SaveProfile => en: "Save profile", nl: "Profiel opslaan";
        ProfileSaved => en: "Your profile has been saved.", nl: "Je profiel is opgeslagen.";

        // Error pages.
        NotFoundTitle => en: "Page not found", nl: "Pagina niet gevonden";
        NotFoundText => en: "Check the address, or start again on the home page.",
            nl: "Kijk of het adres klopt, of begin opnieuw op de startpagina.";
        ToHome => en: "To the home page", nl: "Naar de startpagina";
        FormExpiredTitle => en: "This form has expired", nl: "Dit formulier is verlopen";
        FormExpiredText => en: "To protect you, we did not process this form. Go back, reload the page and try again.",
            nl: "Om je te beschermen, hebben we dit formulier niet verwerkt. Ga terug, laad de pagina opnieuw en probeer het nog een keer.";
        ErrorTitle => en: "Something went wrong", nl: "Er ging iets mis";
    }
}
