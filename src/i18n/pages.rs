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
        ForgotLink => en: "Forgot your password?", nl: "Wachtwoord vergeten?";
        ForgotTitle => en: "Forgot your password", nl: "Wachtwoord vergeten";
        ForgotIntro => en: "Fill in the e-mail address of your account. We send you a link to choose a new password.",
            nl: "Vul het e-mailadres van je account in. We sturen je een link om een nieuw wachtwoord te kiezen.";
        ForgotButton => en: "Send me a link", nl: "Stuur me een link";
        ForgotSent => en: "If an account has this address, you get an e-mail with a link within a few minutes. The link works for 30 minutes.",
            nl: "Als er een account is met dit adres, krijg je binnen een paar minuten een e-mail met een link. De link werkt 30 minuten.";
        ResetTitle => en: "Choose a new password", nl: "Kies een nieuw wachtwoord";
        ResetButton => en: "Save my new password", nl: "Bewaar mijn nieuwe wachtwoord";
        ResetAskNew => en: "Ask for a new link", nl: "Vraag een nieuwe link aan";
        ResetDone => en: "Your password is changed. Log in with your new password.",
            nl: "Je wachtwoord is veranderd. Log in met je nieuwe wachtwoord.";
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

        // Offers.
        NavOffers => en: "My offers", nl: "Mijn aanbod";
        OffersTitle => en: "My offers of help", nl: "Mijn hulpaanbod";
        OffersIntro => en: "An offer says what you want to help with and until when. We look for requests for help that suit it.",
            nl: "In een aanbod zeg je waarmee je wilt helpen en tot wanneer. Wij zoeken hulpvragen die daarbij passen.";
        NoOffersYet => en: "You have no offers yet.", nl: "Je hebt nog geen aanbod.";
        NewOfferTitle => en: "Offer help", nl: "Hulp aanbieden";
        NewOfferIntro => en: "How far you travel, when you can and how you want to help come from your volunteer profile.",
            nl: "Hoe ver je reist, wanneer je kunt en hoe je wilt helpen, halen we uit je vrijwilligersprofiel.";
        OfferTitleLabel => en: "What do you offer?", nl: "Wat bied je aan?";
        OfferTitleHint => en: "In a few words, for example: I like to cycle to the supermarket.",
            nl: "In een paar woorden, bijvoorbeeld: Ik fiets graag naar de supermarkt.";
        OfferCategoriesLegend => en: "What kind of help?", nl: "Wat voor hulp?";
        OfferSkillsLegend => en: "What are you good at?", nl: "Waar ben je goed in?";
        OfferSkillsHint => en: "You may leave this empty.", nl: "Dit mag je leeg laten.";
        OfferWijkLabel => en: "Also help in this wijk", nl: "Ook helpen in deze wijk";
        OfferWijkHint => en: "Whatever the distance. You may leave this empty.",
            nl: "Hoe ver het ook is. Dit mag je leeg laten.";
        NoExtraWijk => en: "No other wijk", nl: "Geen andere wijk";
        OfferCountLabel => en: "How many people do you want to help at the same time?",
            nl: "Hoeveel mensen wil je tegelijk helpen?";
        OfferCountHint => en: "1 to 50.", nl: "1 tot 50.";
        OfferUntilLabel => en: "Until when does your offer count?", nl: "Tot wanneer geldt je aanbod?";
        OfferUntilHint => en: "A date in the future, up to and including that day.",
            nl: "Een datum in de toekomst. Tot en met die dag.";
        CreateOfferButton => en: "Save offer", nl: "Aanbod opslaan";
        OfferCreated => en: "Your offer has been saved.", nl: "Je aanbod is opgeslagen.";
        OfferWhat => en: "Help with", nl: "Hulp bij";
        OfferStatusLabel => en: "Where it stands", nl: "Stand van zaken";
        OfferUntil => en: "Valid until", nl: "Geldig tot en met";
        OfferActive => en: "active", nl: "actief";
        OfferExpired => en: "expired", nl: "verlopen";
        OfferWithdrawn => en: "withdrawn", nl: "ingetrokken";
        SeeSuggestions => en: "Requests that suit you", nl: "Verzoeken die bij je passen";
        WithdrawOfferTitle => en: "Withdraw your offer?", nl: "Aanbod intrekken?";
        WithdrawOfferWhich { title: String } => en: "Your offer: {title}.", nl: "Je aanbod: {title}.";
        WithdrawOfferText => en: "Requests that were suggested to you or that you applied for will be cancelled. Help you already agreed on stays.",
            nl: "Voorstellen en aanmeldingen die nog open staan, vervallen. Hulp die al is afgesproken, blijft staan.";
        WithdrawOfferButton => en: "Withdraw offer", nl: "Aanbod intrekken";
        KeepOffer => en: "No, keep my offer", nl: "Nee, aanbod houden";
        OfferWithdrawnStatus => en: "Your offer has been withdrawn.", nl: "Je aanbod is ingetrokken.";
        BackToOffers => en: "Back to my offers", nl: "Terug naar mijn aanbod";

        // Requests that suit an offer.
        SuggestionsTitle => en: "Requests that suit you", nl: "Verzoeken die bij je passen";
        SuggestionsIntro => en: "The best first. You only see what the resident wants everyone to see; name and address follow once the help is agreed.",
            nl: "De beste staan bovenaan. Je ziet alleen wat iedereen mag zien. Naam en adres krijg je pas als de hulp is afgesproken.";
        NoSuggestions => en: "There are no requests that suit this offer right now. Look again later.",
            nl: "Er zijn nu geen hulpvragen die bij dit aanbod passen. Kijk later nog eens.";
        OfferNotActive => en: "This offer is no longer active, so we suggest nothing for it.",
            nl: "Dit aanbod is niet meer actief. Daarom stellen we er niets bij voor.";
        WhyItSuits => en: "Why this suits you", nl: "Waarom dit bij je past";
        ApplyButton => en: "I want to help", nl: "Ik wil helpen";
        ReasonOwnWijk => en: "In your own wijk", nl: "In je eigen wijk";
        ReasonDistance { km: f64 } => en: "{km} km from your wijk", nl: "{km} km van je wijk";
        ReasonAnyTime => en: "Any time suits", nl: "Het kan op elk moment";
        ReasonTimeFits => en: "The time suits you", nl: "Het tijdstip past bij je";
        ReasonAvailable { when: String } => en: "You are available on {when}", nl: "Je bent {when} beschikbaar";
        ReasonLanguages { languages: String } => en: "You speak {languages}", nl: "Je spreekt {languages}";
        ReasonSkills { skills: String } => en: "You have the skills asked for: {skills}", nl: "Je kunt wat er gevraagd wordt: {skills}";
        ReasonSkillsMissing { skills: String } => en: "Asked for, but not in your offer: {skills}", nl: "Gevraagd, maar niet in je aanbod: {skills}";
        ReasonAskedToday => en: "Asked today", nl: "De vraag is vandaag gesteld";
        ReasonWaitingOneDay => en: "The request has been waiting for 1 day", nl: "De vraag wacht al 1 dag";
        ReasonWaiting { days: u32 } => en: "The request has been waiting for {days} days", nl: "De vraag wacht al {days} dagen";
        ReasonUrgent => en: "This help is urgent", nl: "Deze hulp is dringend";
        ReasonNoHurry => en: "There is no hurry", nl: "Het heeft geen haast";

        // Matches.
        NavMatches => en: "My matches", nl: "Mijn koppelingen";
        MatchesTitle => en: "My matches", nl: "Mijn koppelingen";
        MatchesIntro => en: "A match is you and a request for help. First a WIJ-team proposes it or you apply; when both sides say yes, the help is agreed.",
            nl: "Een koppeling is jij en een hulpvraag. Eerst stelt een WIJ-team die voor of meld jij je aan. Zeggen beide kanten ja, dan is de hulp afgesproken.";
        GroupProposals => en: "Proposals for you", nl: "Voorstellen voor jou";
        GroupWaiting => en: "Waiting for an answer", nl: "Wachten op antwoord";
        GroupConfirmed => en: "Help agreed", nl: "Afgesproken hulp";
        GroupEarlier => en: "Earlier", nl: "Eerder";
        NoneHere => en: "None.", nl: "Geen.";
        MatchFor => en: "For your offer:", nl: "Voor je aanbod:";
        MatchSince => en: "Since", nl: "Sinds";
        MatchProposed => en: "proposed to you", nl: "aan je voorgesteld";
        MatchApplied => en: "you applied", nl: "je hebt je aangemeld";
        MatchConfirmed => en: "agreed", nl: "afgesproken";
        MatchDeclined => en: "declined", nl: "afgewezen";
        MatchCompleted => en: "finished", nl: "afgerond";
        MatchCancelled => en: "cancelled", nl: "vervallen";
        BackToMatches => en: "Back to my matches", nl: "Terug naar mijn koppelingen";
        MatchTitle => en: "Match", nl: "Koppeling";
        PrivateHeading => en: "Who you help", nl: "Wie je helpt";
        PrivateRule => en: "Only the WIJ-team and you see this. Use it only for this help. You see it while the help is agreed and up to 30 days after it is finished. We write down each time you look at it.",
            nl: "Alleen het WIJ-team en jij zien dit. Gebruik het alleen voor deze hulp. Je ziet het zolang de hulp is afgesproken en tot 30 dagen nadat die is afgerond. We schrijven op wanneer je dit bekijkt.";
        PrivateName => en: "Name", nl: "Naam";
        PrivateContact => en: "How to reach them", nl: "Bereikbaar via";
        PrivateNotes => en: "Good to know", nl: "Goed om te weten";
        PrivateLater => en: "You see the name and address of the person you help once the help is agreed.",
            nl: "Naam en adres van wie je helpt, zie je pas als de hulp is afgesproken.";
        RequestNotShown => en: "This request is no longer open, so we do not show it.",
            nl: "Deze hulpvraag staat niet meer open. Daarom tonen we hem niet.";
        AnswerHeading => en: "Do you want to help?", nl: "Wil je helpen?";
        AnswerText => en: "If you say no, you do not need to give a reason. We will not propose this request to you again.",
            nl: "Zeg je nee, dan hoef je niet te zeggen waarom. We stellen deze hulpvraag dan niet meer aan je voor.";
        AcceptButton => en: "Yes, I will help", nl: "Ja, ik help";
        DeclineButton => en: "No, not this time", nl: "Nee, deze keer niet";
        AppliedStatus => en: "You have applied. The WIJ-team or the initiative will let you know.",
            nl: "Je hebt je aangemeld. Het WIJ-team of het initiatief laat van zich horen.";
        AcceptedStatus => en: "Thank you! The help is agreed.", nl: "Dank je wel! De hulp is afgesproken.";
        DeclinedStatus => en: "You said no to this proposal.", nl: "Je hebt nee gezegd tegen dit voorstel.";

        // Hours.
        NavHours => en: "My hours", nl: "Mijn uren";
        LogHoursTitle => en: "Log hours", nl: "Uren doorgeven";
        HoursDateLabel => en: "Date", nl: "Datum";
        HoursDateHint => en: "Today or earlier.", nl: "Vandaag of eerder.";
        HoursAmountLabel => en: "How many hours?", nl: "Hoeveel uur?";
        HoursAmountHint => en: "For example 1,5. At most 24.", nl: "Bijvoorbeeld 1,5. Hoogstens 24.";
        HoursNoteLabel => en: "Note", nl: "Opmerking";
        HoursNoteHint => en: "You may leave this empty. The WIJ-team reads it.",
            nl: "Dit mag je leeg laten. Het WIJ-team leest dit.";
        LogHoursButton => en: "Save hours", nl: "Uren opslaan";
        HoursSavedStatus => en: "Your hours have been saved. The WIJ-team will confirm them.",
            nl: "Je uren zijn opgeslagen. Het WIJ-team bevestigt ze.";
        HoursOnMatch => en: "Hours for this help", nl: "Uren voor deze hulp";
        HoursColumn => en: "Hours", nl: "Uren";
        HoursLogged => en: "waiting for confirmation", nl: "wacht op bevestiging";
        HoursConfirmed => en: "confirmed", nl: "bevestigd";
        HoursRejected => en: "not accepted", nl: "niet goedgekeurd";
        MyHoursTitle => en: "My hours", nl: "Mijn uren";
        MyHoursIntro => en: "The hours you logged, newest first.", nl: "De uren die je hebt doorgegeven, de nieuwste eerst.";
        NoHoursYet => en: "You have not logged any hours yet.", nl: "Je hebt nog geen uren doorgegeven.";
        StatementTitle => en: "Statement of hours", nl: "Urenoverzicht";
        StatementIntro => en: "A statement of your confirmed hours, to print or to save as PDF. For example for your school or your benefits agency.",
            nl: "Een overzicht van je bevestigde uren, om te printen of als pdf te bewaren. Bijvoorbeeld voor je school of voor de gemeente.";
        PeriodFrom => en: "From", nl: "Van";
        PeriodTo => en: "To", nl: "Tot en met";
        ShowStatement => en: "Show statement", nl: "Overzicht tonen";
        StatementVolunteer => en: "Volunteer", nl: "Vrijwilliger";
        StatementPeriodLabel => en: "Period", nl: "Periode";
        StatementPeriod { from: String, to: String } => en: "{from} to {to}", nl: "{from} tot en met {to}";
        StatementTotal => en: "Confirmed hours in total", nl: "Bevestigde uren in totaal";
        NoConfirmedHours => en: "No confirmed hours in this period.", nl: "Geen bevestigde uren in deze periode.";
        StatementFootnote => en: "Only hours a WIJ-team or an initiative has confirmed are counted.",
            nl: "Alleen uren die een WIJ-team of een initiatief heeft bevestigd, tellen mee.";
        PrintHint => en: "Use your browser's print button to print this page or save it as PDF.",
            nl: "Gebruik de printknop van je browser om deze pagina te printen of als pdf op te slaan.";
        BackToHours => en: "Back to my hours", nl: "Terug naar mijn uren";

        // My data.
        NavMyData => en: "My data", nl: "Mijn gegevens";
        MyDataTitle => en: "My data", nl: "Mijn gegevens";
        DownloadHeading => en: "Download your data", nl: "Je gegevens downloaden";
        DownloadText => en: "You get one file (JSON) with everything we store about you. You can do this 5 times a day.",
            nl: "Je krijgt één bestand (JSON) met alles wat we over je bewaren. Dit kan 5 keer per dag.";
        DownloadButton => en: "Download my data", nl: "Mijn gegevens downloaden";
        DeleteHeading => en: "Delete your account", nl: "Je account verwijderen";
        DeleteAccountTitle => en: "Delete my account", nl: "Mijn account verwijderen";
        DeleteAccountText => en: "We delete your account, your profile, your offers, your name and your email address. Help that was agreed stops. You cannot undo this.",
            nl: "We verwijderen je account, je profiel, je aanbod, je naam en je e-mailadres. Afgesproken hulp stopt. Dit kun je niet ongedaan maken.";
        DeleteAccountKept => en: "Your hours stay, without your notes and without your name, so that the wijk's figures stay right.",
            nl: "Je uren blijven bewaard, zonder je opmerkingen en zonder je naam. Zo kloppen de cijfers van de wijk.";
        DeleteAccountButton => en: "Yes, delete my account", nl: "Ja, verwijder mijn account";
        KeepAccount => en: "No, keep my account", nl: "Nee, account houden";
        AccountDeletedTitle => en: "Your account has been deleted", nl: "Je account is verwijderd";
        AccountDeletedText => en: "You are logged out everywhere. Thank you for your help.",
            nl: "Je bent overal uitgelogd. Dank je wel voor je hulp.";
        LogInAgainTitle => en: "Log in again first", nl: "Log eerst opnieuw in";
        LogInAgainText => en: "To delete your account, you must have logged in less than 10 minutes ago. Your account has not been deleted.",
            nl: "Om je account te verwijderen, moet je minder dan 10 minuten geleden zijn ingelogd. Je account is niet verwijderd.";
        LogInAgainLink => en: "Log in again", nl: "Opnieuw inloggen";

        // Coordinators and admins.
        MenuMyInitiatives => en: "My initiatives", nl: "Mijn initiatieven";
        MenuTeam => en: "My WIJ-team", nl: "Mijn WIJ-team";
        MenuTeamStart => en: "The requests and matches of your team", nl: "De hulpvragen en koppelingen van je team";
        MenuUsers => en: "Users", nl: "Gebruikers";
        MenuTeams => en: "Manage WIJ-teams", nl: "WIJ-teams beheren";
        AdminHeading => en: "Management", nl: "Beheer";
        InitiativesHeading => en: "Residents' initiatives", nl: "Bewonersinitiatieven";
        VolunteerHeading => en: "Volunteering", nl: "Vrijwilligerswerk";
        YourAccountHeading => en: "Your account", nl: "Je account";
        MyInitiativesTitle => en: "My initiatives", nl: "Mijn initiatieven";
        MyInitiativesIntro => en: "The initiatives you coordinate, with their open requests for help.",
            nl: "De initiatieven waarvan jij coördinator bent, met hun open hulpvragen.";
        NoInitiativesYet => en: "You do not coordinate an initiative yet.", nl: "Je bent nog geen coördinator van een initiatief.";
        NewInitiativeTitle => en: "Register an initiative", nl: "Een initiatief aanmelden";
        EditInitiativeTitle => en: "Edit the initiative", nl: "Initiatief wijzigen";
        InitiativeFormIntro => en: "Everyone can see what you fill in here on the initiative's page.",
            nl: "Wat je hier invult, kan iedereen zien op de pagina van het initiatief.";
        InitiativeNameLabel => en: "Name of the initiative", nl: "Naam van het initiatief";
        InitiativeDescriptionLabel => en: "What do you do?", nl: "Wat doen jullie?";
        InitiativeDescriptionHint => en: "Tell in a few sentences what the initiative does and for whom.",
            nl: "Vertel in een paar zinnen wat het initiatief doet en voor wie.";
        InitiativeThemesHint => en: "Choose at least one.", nl: "Kies er minstens één.";
        OptionalHint => en: "You may leave this empty.", nl: "Dit mag je leeg laten.";
        InitiativeEmailLabel => en: "Email address for questions", nl: "E-mailadres voor vragen";
        InitiativeEmailHint => en: "You may leave this empty. Everyone can see it.",
            nl: "Dit mag je leeg laten. Iedereen kan het zien.";
        InitiativeWebsiteHint => en: "You may leave this empty. For example https://www.onzebuurttuin.nl.",
            nl: "Dit mag je leeg laten. Bijvoorbeeld https://www.onzebuurttuin.nl.";
        CreateInitiativeButton => en: "Register initiative", nl: "Initiatief aanmelden";
        SaveInitiativeButton => en: "Save changes", nl: "Wijzigingen opslaan";
        InitiativeCreated => en: "Your initiative has been registered. You are its coordinator.",
            nl: "Je initiatief is aangemeld. Jij bent de coördinator.";
        InitiativeSaved => en: "Your changes have been saved.", nl: "Je wijzigingen zijn opgeslagen.";
        BackToMyInitiatives => en: "Back to my initiatives", nl: "Terug naar mijn initiatieven";
        BackToInitiative => en: "Back to the initiative", nl: "Terug naar het initiatief";
        ForCoordinatorsHeading => en: "For the coordinators", nl: "Voor de coördinatoren";
        ManageInitiativeLink => en: "Manage this initiative", nl: "Dit initiatief beheren";
        PublicPageLink => en: "See the page everyone sees", nl: "Bekijk de pagina die iedereen ziet";
        CoordOpenRequests => en: "Open requests for help", nl: "Open hulpvragen";
        CoordNoOpenRequests => en: "There are no open requests for help.", nl: "Er zijn geen open hulpvragen.";
        CoordRequestPlaces { held: i64, needed: i64 } => en: "{held} of {needed} helpers found",
            nl: "{held} van de {needed} helpers gevonden";
        CoordWaitingApplications { count: usize } => en: "Applications waiting for your answer: {count}",
            nl: "Aanmeldingen die wachten op je antwoord: {count}";
        CoordAskForHelp => en: "Ask for help", nl: "Hulp vragen";
        CoordHelpersHeading => en: "Helpers who agreed to help", nl: "Helpers die hebben toegezegd";
        CoordNoHelpers => en: "No helper has agreed yet.", nl: "Er heeft nog geen helper toegezegd.";
        PartnersLink => en: "Partners and coordinators", nl: "Partners en coördinatoren";
        PartnersTitle { name: String } => en: "Partners of {name}", nl: "Partners van {name}";
        LinkedPartnersHeading => en: "Linked partners", nl: "Gekoppelde partners";
        NoPartnersYet => en: "No partner is linked yet.", nl: "Er is nog geen partner gekoppeld.";
        PartnerNameColumn => en: "Name", nl: "Naam";
        PartnerKindColumn => en: "Who", nl: "Wie";
        PartnerRoleColumn => en: "Role", nl: "Rol";
        InvitationWaiting => en: "Invited volunteer (not confirmed yet)", nl: "Uitgenodigde vrijwilliger (nog niet bevestigd)";
        KindVolunteer => en: "Volunteer", nl: "Vrijwilliger";
        KindKeyFigure => en: "Key figure", nl: "Sleutelfiguur";
        KindWijContact => en: "Contact person of a WIJ-team", nl: "Contactpersoon van een WIJ-team";
        LinkPartnerHeading => en: "Link a partner", nl: "Een partner koppelen";
        LinkPartnerIntro => en: "A volunteer gets an invitation. Their name shows only after they say yes.",
            nl: "Een vrijwilliger krijgt een uitnodiging. Je ziet de naam pas als die ja zegt.";
        PartnerKindLegend => en: "Who is the partner?", nl: "Wie is de partner?";
        PartnerIdLabel => en: "Number of the partner", nl: "Nummer van de partner";
        PartnerIdHint => en: "The code of the partner, for example 1b4e28ba-2fa1-11d2-883f-0016d3cca427. The partner or the WIJ-team can give it to you.",
            nl: "De code van de partner, bijvoorbeeld 1b4e28ba-2fa1-11d2-883f-0016d3cca427. De partner of het WIJ-team kan je die geven.";
        PartnerRoleLabel => en: "What does the partner do for the initiative?", nl: "Wat doet de partner voor het initiatief?";
        PartnerRoleHint => en: "For example: gives the keys of the garden shed.", nl: "Bijvoorbeeld: geeft de sleutels van het tuinhuis.";
        LinkPartnerButton => en: "Link partner", nl: "Partner koppelen";
        PartnerLinked => en: "The partner has been linked.", nl: "De partner is gekoppeld.";
        UnlinkPartnerTitle => en: "Unlink this partner?", nl: "Deze partner ontkoppelen?";
        UnlinkPartnerText { name: String } => en: "The partner is then no longer linked to {name}.",
            nl: "De partner hoort dan niet meer bij {name}.";
        UnlinkPartnerButton => en: "Unlink", nl: "Ontkoppelen";
        KeepPartner => en: "No, keep the partner", nl: "Nee, partner houden";
        PartnerUnlinked => en: "The partner has been unlinked.", nl: "De partner is ontkoppeld.";
        CoordinatorsHeading => en: "Coordinators", nl: "Coördinatoren";
        AccountNumberLabel => en: "Account number", nl: "Accountnummer";
        AddCoordinatorHeading => en: "Add a coordinator", nl: "Een coördinator toevoegen";
        CoordinatorAccountLabel => en: "Account number of the new coordinator", nl: "Accountnummer van de nieuwe coördinator";
        CoordinatorAccountHint => en: "The new coordinator needs an account. They find its number on their account page.",
            nl: "De nieuwe coördinator heeft een account nodig. Het nummer staat op de accountpagina van die persoon.";
        AddCoordinatorButton => en: "Add coordinator", nl: "Coördinator toevoegen";
        CoordinatorAdded => en: "The coordinator has been added.", nl: "De coördinator is toegevoegd.";
        RemoveCoordinatorTitle => en: "Remove this coordinator?", nl: "Deze coördinator verwijderen?";
        RemoveCoordinatorText { name: String } => en: "This person then no longer manages {name}. An initiative always keeps one coordinator.",
            nl: "Deze persoon beheert {name} dan niet meer. Een initiatief houdt altijd één coördinator.";
        RemoveCoordinatorButton => en: "Remove", nl: "Verwijderen";
        KeepCoordinator => en: "No, keep this coordinator", nl: "Nee, coördinator houden";
        CoordinatorRemoved => en: "The coordinator has been removed.", nl: "De coördinator is verwijderd.";
        UsersTitle => en: "Users", nl: "Gebruikers";
        UsersSearchLabel => en: "Search by email address", nl: "Zoeken op e-mailadres";
        UsersSearchHint => en: "A part of the address is enough.", nl: "Een deel van het adres is genoeg.";
        UsersSearchButton => en: "Search", nl: "Zoeken";
        NoUsersFound => en: "No account found.", nl: "Geen account gevonden.";
        RolesColumn => en: "Roles", nl: "Rollen";
        AdminTeamColumn => en: "Team", nl: "WIJ-team";
        ChangeRoles => en: "Change roles", nl: "Rollen wijzigen";
        RoleVolunteer => en: "Volunteer", nl: "Vrijwilliger";
        RoleTeamWorker => en: "WIJ-team worker", nl: "Medewerker WIJ-team";
        RoleAdmin => en: "Admin", nl: "Beheerder";
        RolesTitle { name: String } => en: "Roles of {name}", nl: "Rollen van {name}";
        RolesIntro => en: "A WIJ-team worker belongs to one WIJ-team. After a change, this person must log in again.",
            nl: "Een medewerker van een WIJ-team hoort bij één WIJ-team. Na een wijziging moet deze persoon opnieuw inloggen.";
        RolesRecentLogin => en: "To change roles, you must have logged in less than 10 minutes ago.",
            nl: "Om rollen te wijzigen, moet je minder dan 10 minuten geleden zijn ingelogd.";
        RolesLogInAgain => en: "You logged in more than 10 minutes ago. Log in again, then save the roles. Nothing has been changed.",
            nl: "Je bent meer dan 10 minuten geleden ingelogd. Log opnieuw in en sla de rollen dan op. Er is niets gewijzigd.";
        RolesTeamHint => en: "Only for a WIJ-team worker.", nl: "Alleen voor een medewerker van een WIJ-team.";
        AdminNoTeam => en: "No WIJ-team", nl: "Geen WIJ-team";
        SaveRolesButton => en: "Save roles", nl: "Rollen opslaan";
        RolesSaved => en: "The roles have been saved. This person must log in again.",
            nl: "De rollen zijn opgeslagen. Deze persoon moet opnieuw inloggen.";
        BackToUsers => en: "Back to the users", nl: "Terug naar de gebruikers";
        AdminTeamsTitle => en: "Manage WIJ-teams", nl: "WIJ-teams beheren";
        AdminNewTeamTitle => en: "Add a WIJ-team", nl: "Een WIJ-team toevoegen";
        AdminEditTeamTitle => en: "Edit the WIJ-team", nl: "WIJ-team wijzigen";
        AdminTeamNameLabel => en: "Name of the WIJ-team", nl: "Naam van het WIJ-team";
        AdminWalkInHint => en: "For example: Monday to Friday 9:00 to 12:00.", nl: "Bijvoorbeeld: maandag tot en met vrijdag 9.00 tot 12.00 uur.";
        AdminTeamWijken => en: "Wijken the team works in", nl: "Wijken waar het team werkt";
        AdminCreateTeamButton => en: "Add WIJ-team", nl: "WIJ-team toevoegen";
        AdminSaveTeamButton => en: "Save changes", nl: "Wijzigingen opslaan";
        AdminTeamCreated => en: "The WIJ-team has been added.", nl: "Het WIJ-team is toegevoegd.";
        AdminTeamSaved => en: "The WIJ-team has been saved.", nl: "Het WIJ-team is opgeslagen.";
        AdminBackToTeams => en: "Back to the WIJ-teams", nl: "Terug naar de WIJ-teams";
        // WIJ-team worker and request managers.
        WorkersOnlyTitle => en: "Only for WIJ-team workers", nl: "Alleen voor medewerkers van een WIJ-team";
        WorkersOnlyText => en: "This page is for workers of a WIJ-team. Ask an administrator if you should have access.",
            nl: "Deze pagina is voor medewerkers van een WIJ-team. Vraag een beheerder als je toegang nodig hebt.";
        TeamTitle => en: "My WIJ-team", nl: "Mijn WIJ-team";
        TeamCovers => en: "Your team works in these wijken:", nl: "Je team werkt in deze wijken:";
        QueueTitle => en: "Open requests", nl: "Open hulpvragen";
        QueueIntro => en: "The request that has waited longest comes first.",
            nl: "De hulpvraag die het langst wacht, staat bovenaan.";
        WaitingLabel => en: "Waiting", nl: "Wacht";
        WaitingToday => en: "since today", nl: "sinds vandaag";
        WaitingOneDay => en: "1 day", nl: "1 dag";
        WaitingDays { days: i64 } => en: "{days} days", nl: "{days} dagen";
        GroupApplications => en: "Volunteers who applied", nl: "Vrijwilligers die zich aanmeldden";
        GroupProposalsSent => en: "Proposals waiting for an answer", nl: "Voorstellen die wachten op antwoord";
        GroupHelpers => en: "Helpers agreed", nl: "Afgesproken helpers";
        HoursToConfirmTitle => en: "Hours to confirm", nl: "Uren om te bevestigen";
        RequestLabel => en: "Request", nl: "Hulpvraag";
        DecisionColumn => en: "Your decision", nl: "Jouw besluit";
        ConfirmHoursButton => en: "Confirm", nl: "Bevestigen";
        RejectHoursButton => en: "Do not accept", nl: "Niet goedkeuren";
        HoursConfirmedStatus => en: "The hours have been confirmed.", nl: "De uren zijn bevestigd.";
        HoursRejectedStatus => en: "The hours have not been accepted.", nl: "De uren zijn niet goedgekeurd.";
        NewRequestTitle => en: "New request for help", nl: "Nieuwe hulpvraag";
        NewRequestIntro => en: "Describe what help is needed. Volunteers see the title, the description, the wijk and when; never the name or address.",
            nl: "Beschrijf welke hulp nodig is. Vrijwilligers zien de titel, de omschrijving, de wijk en wanneer. Nooit de naam of het adres.";
        FilingForInitiative => en: "You ask for help for the initiative", nl: "Je vraagt hulp voor het initiatief";
        RequestTitleLabel => en: "Title", nl: "Titel";
        RequestTitleHint => en: "Short, for example: Groceries on Tuesday.", nl: "Kort, bijvoorbeeld: Boodschappen op dinsdag.";
        RequestDescriptionLabel => en: "What is the help?", nl: "Wat is de hulp?";
        RequestDescriptionHint => en: "Everyone who may help reads this. Do not write a name or an address here.",
            nl: "Iedereen die mag helpen, leest dit. Schrijf hier geen naam of adres.";
        RequestCategoryLabel => en: "Kind of help", nl: "Soort hulp";
        ChooseCategory => en: "Choose a kind of help", nl: "Kies een soort hulp";
        UrgencyLegend => en: "How urgent is it?", nl: "Hoe dringend is het?";
        UrgencyLow => en: "No hurry", nl: "Geen haast";
        UrgencyNormal => en: "Normal", nl: "Gewoon";
        UrgencyHigh => en: "Urgent", nl: "Dringend";
        HelpersLabel => en: "Helpers needed", nl: "Aantal helpers";
        HelpersHint => en: "How many volunteers are needed, 1 to 50.", nl: "Hoeveel vrijwilligers nodig zijn, 1 tot 50.";
        PlacesTaken { held: i64, needed: i64 } => en: "{held} of {needed} agreed", nl: "{held} van {needed} afgesproken";
        RequestHoursLabel => en: "Hours each time", nl: "Uren per keer";
        RequestHoursHint => en: "About how long the help takes each time, for example 1,5.",
            nl: "Ongeveer hoe lang de hulp per keer duurt, bijvoorbeeld 1,5.";
        ModeLegend => en: "How often?", nl: "Hoe vaak?";
        WhenLegend => en: "When?", nl: "Wanneer?";
        WhenHint => en: "Choose one. Then fill in the week grid or the date below.",
            nl: "Kies er één. Vul daarna hieronder het weekrooster of de datum in.";
        WhenAnyTime => en: "Any time", nl: "Op elk moment";
        WhenWeekly => en: "Every week, at the times ticked below", nl: "Elke week, op de tijden die je hieronder aankruist";
        WhenOnce => en: "Once, on the date below", nl: "Eén keer, op de datum hieronder";
        AnyTime => en: "any time", nl: "op elk moment";
        OnceWindow { date: String, from: String, to: String } => en: "{date}, {from} to {to}", nl: "{date}, {from} tot {to}";
        WeeklyLegend => en: "Every week", nl: "Elke week";
        WeeklyHint => en: "Tick the parts of the day when help is needed: morning 9–12, afternoon 12–17, evening 18–21.",
            nl: "Kruis de dagdelen aan waarop hulp nodig is: ochtend 9–12, middag 12–17, avond 18–21.";
        OnceLegend => en: "Once", nl: "Eén keer";
        OnceHint => en: "The date and the times, for example 10:00 to 12:00.", nl: "De datum en de tijden, bijvoorbeeld 10:00 tot 12:00.";
        OnceDate => en: "Date", nl: "Datum";
        OnceFrom => en: "From", nl: "Van";
        OnceTo => en: "Until", nl: "Tot";
        RequestSkillsLegend => en: "Skills asked for", nl: "Gevraagde vaardigheden";
        RequestSkillsHint => en: "You may leave this empty.", nl: "Dit mag je leeg laten.";
        LanguagesLegend => en: "Languages", nl: "Talen";
        LanguagesHint => en: "The languages the resident speaks. The helper speaks at least one of them.",
            nl: "De talen die de bewoner spreekt. De helper spreekt er minstens één van.";
        PrivateLegend => en: "About the resident (private)", nl: "Over de bewoner (privé)";
        PrivateWhoSees => en: "Only the managers of this request see this: the WIJ-team (and the initiative's coordinators). A helper sees it only once the help is agreed. Needed when you ask for a resident.",
            nl: "Alleen de beheerders van deze hulpvraag zien dit: het WIJ-team (en de coördinatoren van het initiatief). Een helper ziet het pas als de hulp is afgesproken. Nodig als je hulp vraagt voor een bewoner.";
        PrivateContactHint => en: "A phone number or an email address.", nl: "Een telefoonnummer of e-mailadres.";
        FileRequestButton => en: "Ask for help", nl: "Hulpvraag opslaan";
        RequestFiledStatus => en: "The request has been saved. Below you see volunteers who suit it.",
            nl: "De hulpvraag is opgeslagen. Hieronder zie je vrijwilligers die erbij passen.";
        BackToTeam => en: "Back to my WIJ-team", nl: "Terug naar mijn WIJ-team";
        RequestOpen => en: "open", nl: "staat open";
        RequestFilled => en: "all helpers found", nl: "alle helpers gevonden";
        RequestClosedStatus => en: "closed", nl: "gesloten";
        NoneAsked => en: "none asked", nl: "niets gevraagd";
        AskedOn => en: "Asked on", nl: "Gevraagd op";
        PrivateRuleManager => en: "You see this because you manage this request. Use it only for this help. We write down each time someone looks at it. A helper sees it only once the help is agreed.",
            nl: "Je ziet dit omdat je deze hulpvraag beheert. Gebruik het alleen voor deze hulp. We schrijven op wie het bekijkt. Een helper ziet het pas als de hulp is afgesproken.";
        AVolunteer => en: "A volunteer", nl: "Een vrijwilliger";
        OfferLabel => en: "Offer", nl: "Aanbod";
        RunVolunteerLabel => en: "Volunteer", nl: "Vrijwilliger";
        RunWhyLabel => en: "Why they suit", nl: "Waarom het past";
        ScoreLabel => en: "How well it suits (0–100)", nl: "Hoe goed het past (0–100)";
        AcceptApplication => en: "Accept", nl: "Accepteren";
        DeclineApplication => en: "Decline", nl: "Afwijzen";
        ApplicationAcceptedStatus => en: "The help is agreed. The volunteer now sees the resident's details.",
            nl: "De hulp is afgesproken. De vrijwilliger ziet nu de gegevens van de bewoner.";
        ApplicationDeclinedStatus => en: "The application has been declined.", nl: "De aanmelding is afgewezen.";
        OfferSuggestionsTitle => en: "Volunteers who suit this request", nl: "Vrijwilligers die bij deze hulpvraag passen";
        OfferSuggestionsIntro => en: "The best first. If you propose, the volunteer gets a proposal and answers it.",
            nl: "De beste staan bovenaan. Stel je iemand voor, dan krijgt die een voorstel en geeft antwoord.";
        NoOfferSuggestions => en: "No volunteer suits this request right now.", nl: "Er past nu geen vrijwilliger bij deze hulpvraag.";
        RequestNotOpen => en: "This request is no longer open, so we suggest nobody.",
            nl: "Deze hulpvraag is niet meer open. Daarom stellen we niemand voor.";
        WhyTheySuit => en: "Why this volunteer suits", nl: "Waarom deze vrijwilliger past";
        ProposeButton => en: "Propose", nl: "Voorstellen";
        ProposedStatus => en: "The proposal has been sent. The volunteer will answer it.",
            nl: "Het voorstel is verstuurd. De vrijwilliger geeft antwoord.";
        ReasonLivesInWijk => en: "Lives in the wijk", nl: "Woont in de wijk";
        ReasonDistanceFromWijk { km: f64 } => en: "{km} km from the wijk", nl: "{km} km van de wijk";
        ReasonFreeThen => en: "Is available at the times asked", nl: "Kan op de gevraagde tijden";
        ReasonSpeaks { languages: String } => en: "Speaks {languages}", nl: "Spreekt {languages}";
        ReasonCan { skills: String } => en: "Has the skills asked for: {skills}", nl: "Kan wat er gevraagd wordt: {skills}";
        ReasonOfferLacks { skills: String } => en: "Asked for, but not in the offer: {skills}", nl: "Gevraagd, maar niet in het aanbod: {skills}";
        CloseRequestHeading => en: "No more help needed?", nl: "Geen hulp meer nodig?";
        CloseRequestLink => en: "Close this request", nl: "Deze hulpvraag sluiten";
        CloseRequestTitle => en: "Close this request?", nl: "Hulpvraag sluiten?";
        CloseRequestWhich { title: String } => en: "The request: {title}.", nl: "De hulpvraag: {title}.";
        CloseRequestText => en: "Volunteers no longer see it, and proposals and applications that wait stop. You cannot open it again.",
            nl: "Vrijwilligers zien hem niet meer, en voorstellen en aanmeldingen die nog wachten, stoppen. Je kunt hem niet opnieuw openen.";
        CloseRequestButton => en: "Yes, close it", nl: "Ja, sluiten";
        KeepRequestOpen => en: "No, keep it open", nl: "Nee, open laten";
        RequestClosedDone => en: "The request has been closed.", nl: "De hulpvraag is gesloten.";
        SocialMapTitle => en: "Social map", nl: "Sociale kaart";
        RunTitle => en: "Matching round", nl: "Koppelronde";
        KeyFiguresTitle => en: "Key figures", nl: "Sleutelfiguren";

        RunIntro => en: "A matching round looks for the best volunteer for each open request in the wijken you choose, for all of them at once. First you see a preview; nothing is sent until you say so.",
            nl: "Een koppelronde zoekt voor alle open hulpvragen in de wijken die je kiest tegelijk de beste vrijwilliger. Eerst zie je een voorbeeld. Er gaat pas iets weg als jij dat zegt.";
        RunWijken => en: "Wijken in this round", nl: "Wijken in deze ronde";
        RunChooseWijk => en: "Choose at least one wijk.", nl: "Kies minstens één wijk.";
        RunPreviewButton => en: "Show preview", nl: "Voorbeeld tonen";
        RunPreviewTitle => en: "Preview", nl: "Voorbeeld";
        RunPreviewSummary { count: usize, places: u64 } => en: "This round would send {count} proposals and fill {places} places.",
            nl: "Deze ronde zou {count} voorstellen versturen en {places} plekken vullen.";
        RunSendText => en: "The volunteers get the proposals and answer them. The round looks again at the moment you send, so the result may differ a little from this preview.",
            nl: "De vrijwilligers krijgen de voorstellen en geven antwoord. De ronde kijkt opnieuw op het moment dat je verstuurt. De uitkomst kan dus een beetje anders zijn dan dit voorbeeld.";
        RunSendButton => en: "Send the proposals", nl: "Voorstellen versturen";
        RunSentTitle => en: "Proposals sent", nl: "Voorstellen verstuurd";
        RunSent { count: usize } => en: "{count} proposals have been sent.", nl: "Er zijn {count} voorstellen verstuurd.";
        RunUnmatchedTitle => en: "Requests without a proposal", nl: "Hulpvragen zonder voorstel";
        RunOffersTaken => en: "the volunteers who suit it are proposed for other requests",
            nl: "de vrijwilligers die passen, worden voor andere hulpvragen voorgesteld";
        RunChanged => en: "something changed during the round; try again", nl: "er veranderde iets tijdens de ronde. Probeer het opnieuw";
        SocialMapOf { wijk: String } => en: "Social map of {wijk}", nl: "Sociale kaart van {wijk}";
        SocialMapIntro => en: "Initiatives, key figures, contacts of the WIJ-team and volunteers who reach this wijk, nearest first.",
            nl: "Initiatieven, sleutelfiguren, contactpersonen van het WIJ-team en vrijwilligers die in deze wijk komen. De dichtstbijzijnde eerst.";
        KindLabel => en: "Kind", nl: "Soort";
        AllKinds => en: "All kinds", nl: "Alle soorten";
        KindInitiative => en: "Initiative", nl: "Initiatief";
        ThemeFilterLabel => en: "Theme", nl: "Thema";
        ThemeFilterHint => en: "Initiatives with this theme, volunteers with its skills and key figures who connect with it; contacts of the WIJ-team are always listed.",
            nl: "Initiatieven met dit thema, vrijwilligers die erbij passen en sleutelfiguren die ermee verbonden zijn. Contactpersonen van het WIJ-team staan er altijd bij.";
        AllThemes => en: "All themes", nl: "Alle thema's";
        MapFilterButton => en: "Filter", nl: "Filteren";
        PartnersHeading => en: "Partners in the wijk", nl: "Partners in de wijk";
        MapDistanceLabel => en: "Distance", nl: "Afstand";
        DistanceKm { km: f64 } => en: "{km} km", nl: "{km} km";
        KeyFiguresIntro => en: "People in the wijken of your team who connect residents. Only record someone who agreed to it.",
            nl: "Mensen in de wijken van je team die bewoners met elkaar verbinden. Leg alleen iemand vast die daar toestemming voor gaf.";
        OrganisationLabel => en: "Organisation", nl: "Organisatie";
        FigureDescriptionLabel => en: "Who is this?", nl: "Wie is dit?";
        ConnectsLabel => en: "Whom they connect", nl: "Wie ze verbinden";
        ConnectsHint => en: "For example: parents at the school, older people in the flat.",
            nl: "Bijvoorbeeld: ouders op school, ouderen in de flat.";
        FigureContactLabel => en: "How to reach them", nl: "Bereikbaar via";
        VisibilityLegend => en: "Who may see them?", nl: "Wie mag deze persoon zien?";
        VisibilityTeamOnly => en: "Only WIJ-teams", nl: "Alleen WIJ-teams";
        VisibilityPublic => en: "Everyone (without how to reach them)", nl: "Iedereen (zonder hoe je ze bereikt)";
        ConsentLegend => en: "Consent", nl: "Toestemming";
        ConsentHint => en: "Ask first whether the person agrees to be recorded here.",
            nl: "Vraag eerst of de persoon het goed vindt om hier te staan.";
        ConsentGiven => en: "This person agreed to be recorded", nl: "Deze persoon vindt het goed om hier te staan";
        ConsentGivenOn => en: "Consent given on", nl: "Toestemming gegeven op";
        RecordedByLabel => en: "Consent recorded by", nl: "Toestemming vastgelegd door";
        ConsentNeeded => en: "Tick that the person agreed. Without consent we record nobody.",
            nl: "Kruis aan dat de persoon het goed vindt. Zonder toestemming leggen we niemand vast.";
        ConsentDateNeeded => en: "Fill in the day of the consent as YYYY-MM-DD.", nl: "Vul de dag van de toestemming in als JJJJ-MM-DD.";
        AddKeyFigureTitle => en: "Add a key figure", nl: "Sleutelfiguur toevoegen";
        AddKeyFigureButton => en: "Save key figure", nl: "Sleutelfiguur opslaan";
        KeyFigureSaved => en: "The key figure has been saved.", nl: "De sleutelfiguur is opgeslagen.";

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
