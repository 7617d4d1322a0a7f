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
