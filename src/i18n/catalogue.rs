//! The messages, English and Dutch side by side. Dutch is written at B1 level with "je";
//! the domain words follow the glossary (wijk, WIJ-team, vrijwilliger, sleutelfiguur,
//! bewonersinitiatief, hulpvraag, hulpaanbod, koppeling). Field names, codes and status
//! values stay as the API writes them, in both languages: they are what a client sends.
//!
//! A parameter named `english` is a library's own English text (serde's, actix's): it is
//! shown in the English message only, never in the Dutch one.

use super::{Choices, messages};

messages! {
    /// Problem titles and details.
    pub enum Text {
        // Titles, one per status (and per problem type that has its own).
        TitleBadRequest => en: "Bad Request", nl: "Ongeldig verzoek";
        TitleInvalidInput => en: "Invalid input", nl: "Ongeldige invoer";
        TitleUnauthorized => en: "Unauthorized", nl: "Niet ingelogd";
        TitleForbidden => en: "Forbidden", nl: "Geen toegang";
        TitleRecentLogin => en: "Recent login required", nl: "Opnieuw inloggen nodig";
        TitleNotFound => en: "Not Found", nl: "Niet gevonden";
        TitleMethodNotAllowed => en: "Method Not Allowed", nl: "Methode niet toegestaan";
        TitleConflict => en: "Conflict", nl: "Conflict";
        TitlePayloadTooLarge => en: "Payload Too Large", nl: "Verzoek te groot";
        TitleUnsupportedMediaType => en: "Unsupported Media Type", nl: "Niet-ondersteund formaat";
        TitleUnprocessable => en: "Unprocessable Entity", nl: "Kan niet worden verwerkt";
        TitleTooManyRequests => en: "Too Many Requests", nl: "Te veel verzoeken";
        TitleInternal => en: "Internal Server Error", nl: "Interne fout";
        TitleUnavailable => en: "Service Unavailable", nl: "Dienst niet beschikbaar";
        TitleStorageFull => en: "Storage full", nl: "Opslag vol";
        TitleError => en: "Error", nl: "Fout";

        // Details that do not depend on the operation.
        InvalidFields => en: "one or more fields are invalid",
            nl: "Een of meer velden kloppen niet.";
        TokenRequired => en: "a valid bearer token is required",
            nl: "Log in: er is een geldig bearer-token nodig.";
        WrongCredentials => en: "email or password is incorrect",
            nl: "Het e-mailadres of het wachtwoord klopt niet.";
        ResetLinkInvalid => en: "this password reset link is unknown, used or expired; ask for a new one",
            nl: "Deze link om je wachtwoord te herstellen is onbekend, al gebruikt of verlopen. Vraag een nieuwe link aan.";
        RecentLoginRequired => en: "this needs a login of the last 10 minutes; log in again, then retry",
            nl: "Hiervoor moet je in de laatste 10 minuten zijn ingelogd. Log opnieuw in en probeer het dan nog een keer.";
        NotFound { what: super::Noun } => en: "{what} not found",
            nl: "Niet gevonden: {what}.";
        TooManyAttempts => en: "too many attempts; try again later",
            nl: "Te veel pogingen. Probeer het later opnieuw.";
        BodyTooLarge { limit: usize } => en: "the body is larger than {limit} bytes",
            nl: "De inhoud is groter dan {limit} bytes.";
        SendJson => en: "send the body as application/json",
            nl: "Stuur de inhoud als application/json.";
        DatabaseUnavailable => en: "the database is unavailable; try again shortly",
            nl: "De database is nu niet bereikbaar. Probeer het zo opnieuw.";
        StorageFull => en: "the server cannot store data right now: its storage is full. \
                Nothing was saved; reading still works. Try again later.",
            nl: "De server kan nu niets opslaan: de opslag is vol. Er is niets bewaard; \
                lezen werkt nog wel. Probeer het later opnieuw.";
        Unexpected => en: "an unexpected error occurred",
            nl: "Er ging iets onverwachts mis.";
        MethodNotAllowed { method: String, allowed: String } =>
            en: "{method} is not allowed here; allowed: {allowed}",
            nl: "{method} kan hier niet. Dit kan wel: {allowed}.";
        Framework { english: String } => en: "{english}",
            nl: "Dit verzoek kan niet worden verwerkt.";

        // Malformed input that is not about one field.
        UnreadableBody => en: "could not read the body", nl: "De inhoud kon niet worden gelezen.";
        MalformedJson { line: usize, column: usize } =>
            en: "malformed JSON at line {line}, column {column}",
            nl: "De JSON klopt niet (regel {line}, kolom {column}).";
        InvalidQuery { english: String } => en: "invalid query: {english}",
            nl: "De query string kan niet worden gelezen.";
        InvalidPath { english: String } => en: "invalid path: {english}",
            nl: "Een deel van het pad klopt niet.";
        BadIdempotencyKey => en: "Idempotency-Key must be 1 to 255 visible ASCII characters",
            nl: "De Idempotency-Key moet 1 tot 255 zichtbare ASCII-tekens zijn.";
        IdempotencyInProgress => en: "a request with this Idempotency-Key is still in progress",
            nl: "Een verzoek met deze Idempotency-Key is nog bezig.";
        IdempotencyKeyReused =>
            en: "this Idempotency-Key was used with another request; use a new key for a new request",
            nl: "Deze Idempotency-Key is al gebruikt voor een ander verzoek. Gebruik een nieuwe key voor een nieuw verzoek.";
        UnknownReference => en: "the request refers to a record that does not exist",
            nl: "Het verzoek verwijst naar iets dat niet bestaat.";
        AlreadyExists => en: "the record already exists", nl: "Dit bestaat al.";
        CalendarName => en: "wijkmatch: my matches", nl: "wijkmatch: mijn koppelingen";
        MetricsLocalOnly => en: "metrics are served to this machine only; set metrics.token for a remote scraper",
            nl: "Metrics zijn alleen voor deze machine; stel metrics.token in voor een scraper elders.";

        // Who may do what.
        NeedsAdmin => en: "this needs the admin role", nl: "Hiervoor moet je beheerder zijn.";
        AuditForAdmins => en: "only admins read the audit log",
            nl: "Alleen beheerders kunnen het logboek lezen.";
        SocialMapForStaff => en: "the social map is for team workers and admins",
            nl: "De sociale kaart is voor medewerkers van een WIJ-team en beheerders.";
        VolunteerListForStaff => en: "only team workers and admins list volunteers",
            nl: "Alleen medewerkers van een WIJ-team en beheerders zien de lijst met vrijwilligers.";
        RunsForStaff => en: "matching runs are for team workers and admins",
            nl: "Koppelrondes zijn voor medewerkers van een WIJ-team en beheerders.";
        RunOnlyOwnWijken => en: "a run covers only wijken your team covers",
            nl: "Een koppelronde gaat alleen over wijken van jouw WIJ-team.";
        KeyFiguresForStaff => en: "only team workers and admins record key figures",
            nl: "Alleen medewerkers van een WIJ-team en beheerders leggen sleutelfiguren vast.";
        KeyFigureForCoveringTeam =>
            en: "only workers of a team covering this wijk, and admins, may change it",
            nl: "Alleen medewerkers van het WIJ-team van deze wijk en beheerders kunnen dit wijzigen.";
        AdminsCreateTeams => en: "only admins create WIJ-teams",
            nl: "Alleen beheerders maken WIJ-teams aan.";
        TeamMembersOnly => en: "only admins and this team's workers may do this",
            nl: "Alleen beheerders en medewerkers van dit WIJ-team kunnen dit doen.";
        TeamMembersEdit => en: "only admins and this team's workers edit it",
            nl: "Alleen beheerders en medewerkers van dit WIJ-team kunnen dit wijzigen.";
        AdminsChangeCoverage => en: "only admins change which wijken a team covers",
            nl: "Alleen beheerders bepalen welke wijken een WIJ-team heeft.";
        TeamMembersAddContacts => en: "only admins and this team's workers add contacts",
            nl: "Alleen beheerders en medewerkers van dit WIJ-team voegen contactpersonen toe.";
        TeamMembersEditContacts => en: "only admins and this team's workers edit contacts",
            nl: "Alleen beheerders en medewerkers van dit WIJ-team wijzigen contactpersonen.";
        TeamMembersRemoveContacts => en: "only admins and this team's workers remove contacts",
            nl: "Alleen beheerders en medewerkers van dit WIJ-team verwijderen contactpersonen.";
        CoordinatorsOnly => en: "only the initiative's coordinators and admins may do this",
            nl: "Alleen coördinatoren van het bewonersinitiatief en beheerders kunnen dit doen.";
        PartnerLinkers =>
            en: "only coordinators, admins and workers of a covering team link partners",
            nl: "Alleen coördinatoren, beheerders en medewerkers van het WIJ-team van de wijk koppelen partners.";
        MayNotUnlinkPartner => en: "you may not unlink this partner",
            nl: "Je kunt deze partner niet loskoppelen.";
        RequestFilers =>
            en: "requests are filed by workers of a team covering the wijk, coordinators of the initiative, and admins",
            nl: "Hulpvragen worden ingediend door medewerkers van het WIJ-team van de wijk, coördinatoren van het bewonersinitiatief en beheerders.";
        RequestManagersOnly => en: "only the request's managers may do this",
            nl: "Alleen wie de hulpvraag beheert kan dit doen.";
        RequestMovesWithinTeam => en: "a request moves only to a wijk your team covers",
            nl: "Een hulpvraag kan alleen naar een wijk van jouw WIJ-team.";
        OfferOwnerOnly => en: "only the offer's volunteer may do this",
            nl: "Alleen de vrijwilliger van dit hulpaanbod kan dit doen.";
        OwnApplication => en: "the volunteer of a match cannot answer their own application",
            nl: "Als vrijwilliger kun je niet zelf op je eigen aanmelding antwoorden.";
        OtherSideAnswers =>
            en: "only the other side accepts or declines: the volunteer a proposal, the request's managers an application",
            nl: "Alleen de andere kant neemt aan of wijst af: de vrijwilliger een voorstel, wie de hulpvraag beheert een aanmelding.";
        MatchedVolunteerLogs => en: "only the matched volunteer logs hours",
            nl: "Alleen de gekoppelde vrijwilliger schrijft uren.";
        ManagersConfirmHours => en: "the request's managers confirm or reject hours",
            nl: "Wie de hulpvraag beheert, keurt uren goed of af.";
        NotOwnHours => en: "the volunteer of a match cannot confirm or reject their own hours",
            nl: "Als vrijwilliger kun je je eigen uren niet goedkeuren of afkeuren.";

        // Conflicts with the current state.
        EmailTaken => en: "an account with this email already exists",
            nl: "Er is al een account met dit e-mailadres.";
        LastAdmin => en: "this is the last admin; make another admin first",
            nl: "Dit is de laatste beheerder. Maak eerst iemand anders beheerder.";
        AlreadyCoordinator => en: "this user already coordinates the initiative",
            nl: "Deze persoon is al coördinator van het bewonersinitiatief.";
        LastCoordinator => en: "an initiative keeps at least one coordinator",
            nl: "Een bewonersinitiatief houdt minstens één coördinator.";
        PartnerAlreadyLinked => en: "this partner is already linked to the initiative",
            nl: "Deze partner is al gekoppeld aan het bewonersinitiatief.";
        ProfileNeededToConfirm => en: "a volunteer profile is needed to confirm a partner link",
            nl: "Je hebt een vrijwilligersprofiel nodig om een koppeling met een partner te bevestigen.";
        ProfileFirst => en: "create your volunteer profile (PUT /api/v1/volunteers/me) first",
            nl: "Maak eerst je vrijwilligersprofiel (PUT /api/v1/volunteers/me).";
        ProfileGone => en: "your volunteer profile is gone",
            nl: "Je vrijwilligersprofiel bestaat niet meer.";
        OfferWithdrawn => en: "the offer is withdrawn", nl: "Het hulpaanbod is ingetrokken.";
        MaxMatchesBelowConfirmed { confirmed: i64 } =>
            en: "max_matches cannot go below the {confirmed} confirmed matches",
            nl: "max_matches kan niet lager dan de {confirmed} bevestigde koppelingen.";
        RequestClosed => en: "the request is closed", nl: "De hulpvraag is gesloten (closed).";
        RequestAlreadyClosed => en: "the request is already closed",
            nl: "De hulpvraag is al gesloten (closed).";
        HelpersBelowHeld { held: i64 } =>
            en: "helpers_needed cannot go below the {held} places held",
            nl: "helpers_needed kan niet lager dan de {held} plaatsen die al bezet zijn.";
        RequestNotOpen { status: &'static str } =>
            en: "the request is {status}; matches are made for open requests",
            nl: "De hulpvraag heeft status {status}. Koppelingen zijn alleen voor open hulpvragen.";
        PairNotMatchable { rule: &'static str, reason: super::Reason } =>
            en: "this pair cannot be matched ({rule}): {reason}",
            nl: "Deze twee kunnen niet gekoppeld worden ({rule}): {reason}.";
        LiveMatchExists => en: "a live match for this pair already exists",
            nl: "Er is al een lopende koppeling voor deze twee.";
        MatchNotAwaiting { status: &'static str } =>
            en: "the match is {status}, not awaiting an answer",
            nl: "De koppeling heeft status {status} en wacht niet op een antwoord.";
        RequestFull => en: "the request has no free place (or is closed)",
            nl: "De hulpvraag heeft geen vrije plaats (of is gesloten).";
        OfferFull => en: "the offer has no free match, or is withdrawn or expired",
            nl: "Het hulpaanbod heeft geen ruimte meer, of is ingetrokken of verlopen.";
        MatchChanged => en: "the match changed meanwhile; it is no longer awaiting an answer",
            nl: "De koppeling is intussen veranderd en wacht niet meer op een antwoord.";
        OnlyConfirmedMatch { status: &'static str, to: &'static str } =>
            en: "the match is {status}; only a confirmed match can be {to}",
            nl: "De koppeling heeft status {status}. Alleen een bevestigde koppeling kan status {to} krijgen.";
        SuggestionsChanged => en: "suggestions for this request changed meanwhile; try again",
            nl: "De suggesties voor deze hulpvraag zijn intussen veranderd. Probeer het opnieuw.";
        RunInProgress => en: "another matching run is writing; try again when it has finished",
            nl: "Er loopt al een andere koppelronde. Probeer het opnieuw als die klaar is.";
        HoursNeedConfirmedMatch { status: &'static str } =>
            en: "hours are logged on confirmed or completed matches; this one is {status}",
            nl: "Je schrijft uren op een bevestigde of afgeronde koppeling. Deze heeft status {status}.";
        HoursEntryAlready { status: &'static str } => en: "the entry is already {status}",
            nl: "Deze urenregel heeft al status {status}.";
        DemoRefused { real: i64 } =>
            en: "the database holds {real} real registry records; seed-demo leaves it alone (use --force to add demo data anyway)",
            nl: "De database bevat {real} echte gegevens. seed-demo laat die met rust (gebruik --force om toch demodata toe te voegen).";

        // Social-map reasons.
        WhyInitiative { wijk: &'static str } => en: "initiative in {wijk}",
            nl: "bewonersinitiatief in {wijk}";
        WhyKeyFigure { wijk: &'static str, organisation: String } =>
            en: "key figure in {wijk} ({organisation})",
            nl: "sleutelfiguur in {wijk} ({organisation})";
        WhyContact { team: String, wijk: &'static str } =>
            en: "contact of {team}, which covers {wijk}",
            nl: "contactpersoon van {team}, het WIJ-team van {wijk}";
        WhyVolunteerHome { wijk: &'static str } => en: "volunteer living in {wijk}",
            nl: "vrijwilliger die in {wijk} woont";
        WhyVolunteerTravels { home: &'static str, km: f64 } =>
            en: "volunteer from {home}, who travels up to {km} km",
            nl: "vrijwilliger uit {home}, die tot {km} km reist";
        WhyVolunteerElsewhere { km: f64 } =>
            en: "volunteer from another wijk, who travels up to {km} km",
            nl: "vrijwilliger uit een andere wijk, die tot {km} km reist";
    }
}

messages! {
    /// Why a volunteer's offer cannot serve a request (the matching engine's rules).
    pub enum Reason {
        CategoryMismatch => en: "the request's category is not among the offer's categories",
            nl: "de categorie van de hulpvraag hoort niet bij het hulpaanbod";
        OutOfReach => en: "the request is outside the offer's wijken and travel radius",
            nl: "de hulpvraag ligt buiten de wijken en de reisafstand van het hulpaanbod";
        NoTimeOverlap => en: "the request's schedule does not overlap the offer's availability",
            nl: "de tijden van de hulpvraag passen niet bij wanneer de vrijwilliger kan";
        WindowEnded => en: "the request's time window has ended",
            nl: "de periode van de hulpvraag is voorbij";
        NoSharedLanguage => en: "the volunteer speaks none of the request's languages",
            nl: "de vrijwilliger spreekt geen van de talen van de hulpvraag";
        ModeMismatch => en: "the request's mode is not among the offer's modes",
            nl: "de vorm van de hulpvraag hoort niet bij het hulpaanbod";
        NoCapacity => en: "no free place on the request or no free match on the offer",
            nl: "de hulpvraag of het hulpaanbod heeft geen ruimte meer";
        OfferNotValid => en: "the offer is not active or not valid at that time",
            nl: "het hulpaanbod is niet actief of niet geldig op dat moment";
        OwnRequest => en: "the volunteer created the request or coordinates its initiative",
            nl: "de vrijwilliger heeft de hulpvraag zelf gemaakt of is coördinator van het bewonersinitiatief";
        PreviousMatch => en: "an earlier declined match or a live match exists for this pair",
            nl: "er is al een afgewezen of lopende koppeling voor deze twee";
        NotProposable => en: "the volunteer does not want to receive proposals",
            nl: "de vrijwilliger wil geen voorstellen krijgen";
    }
}

messages! {
    /// What was not found.
    pub enum Noun {
        Resource => en: "resource", nl: "dit adres";
        User => en: "user", nl: "account";
        Wijk => en: "wijk", nl: "wijk";
        WijTeam => en: "WIJ-team", nl: "WIJ-team";
        Contact => en: "contact", nl: "contactpersoon";
        Match => en: "match", nl: "koppeling";
        Request => en: "request", nl: "hulpvraag";
        Offer => en: "offer", nl: "hulpaanbod";
        Initiative => en: "initiative", nl: "bewonersinitiatief";
        Coordinator => en: "coordinator", nl: "coördinator";
        KeyFigure => en: "key figure", nl: "sleutelfiguur";
        VolunteerProfile => en: "volunteer profile", nl: "vrijwilligersprofiel";
        Volunteer => en: "volunteer", nl: "vrijwilliger";
        HoursEntry => en: "hours entry", nl: "urenregel";
        PartnerLink => en: "partner link", nl: "koppeling met partner";
        Metrics => en: "metrics", nl: "meetgegevens";
    }
}

messages! {
    /// Field errors: each says why in words and implies its stable code.
    pub enum FieldText {
        // Texts in general.
        Empty [Required] => en: "must not be empty", nl: "Vul dit in.";
        AtMostChars { max: usize } [TooLong] => en: "at most {max} characters",
            nl: "Gebruik maximaal {max} tekens.";
        ControlCharacters [NotAllowedCharacters] => en: "must not contain control characters",
            nl: "Gebruik geen stuurtekens.";
        BidiControls [NotAllowedCharacters] =>
            en: "must not contain bidirectional control characters",
            nl: "Gebruik geen tekens die de schrijfrichting veranderen.";
        NeedsLetterOrDigit [InvalidFormat] => en: "must contain a letter or digit",
            nl: "Gebruik minstens één letter of cijfer.";
        OneOf { choices: Choices } [UnknownCode] => en: "must be {choices}",
            nl: "Kies uit: {choices}.";
        Email [InvalidFormat] => en: "must be an email address like name@example.org",
            nl: "Vul een e-mailadres in, zoals naam@voorbeeld.nl.";
        Url [InvalidFormat] => en: "must be an http(s) URL of at most 300 characters",
            nl: "Vul een http(s)-adres in van maximaal 300 tekens.";
        Phone [InvalidFormat] => en: "must be a phone number, e.g. +31 50 123 4567",
            nl: "Vul een telefoonnummer in, bijvoorbeeld +31 50 123 4567.";
        Uuid [InvalidFormat] => en: "must be a record id (a UUID)",
            nl: "Vul een id in (een UUID).";
        UserUuid [InvalidFormat] => en: "must be a user id (a UUID)",
            nl: "Vul het id van een account in (een UUID).";
        Date [InvalidFormat] => en: "must be a date YYYY-MM-DD",
            nl: "Vul een datum in als JJJJ-MM-DD.";
        Time [InvalidFormat] => en: "must be a time \"HH:MM\"",
            nl: "Vul een tijd in als \"UU:MM\".";
        Postcode [InvalidFormat] =>
            en: "must be a Dutch postcode: 4 digits, optionally with 2 letters (9714 AB)",
            nl: "Vul een postcode in: 4 cijfers, eventueel met 2 letters (9714 AB).";
        Cursor [InvalidFormat] => en: "unknown or invalid cursor",
            nl: "Deze cursor is onbekend of ongeldig.";
        JsonObject [InvalidFormat] => en: "must be a JSON object",
            nl: "Stuur een JSON-object.";
        JsonType { english: String } [InvalidFormat] => en: "{english}",
            nl: "Dit heeft niet het goede type of formaat.";
        JsonUnknownVariant { english: String } [UnknownCode] => en: "{english}",
            nl: "Dit is geen van de toegestane waarden.";
        JsonMissing { english: String } [Required] => en: "{english}",
            nl: "Dit is verplicht.";
        NotNull [Required] => en: "may be left out, but not null",
            nl: "Laat dit veld weg of geef een waarde (null kan hier niet).";
        JsonUnknownField { english: String } [UnknownField] => en: "{english}",
            nl: "Dit veld bestaat niet.";
        UnknownQueryParameter { known: String } [UnknownField] =>
            en: "unknown query parameter; known parameters: {known}",
            nl: "Onbekende parameter. Deze bestaan wel: {known}.";
        NoQueryParameters [UnknownField] =>
            en: "unknown query parameter; this operation takes no query parameters",
            nl: "Onbekende parameter. Hier horen geen parameters bij.";

        // Passwords.
        PasswordTooShort { min: usize } [TooShort] => en: "must be at least {min} characters",
            nl: "Gebruik minstens {min} tekens.";
        PasswordTooLong { max: usize } [TooLong] => en: "must be at most {max} characters",
            nl: "Gebruik maximaal {max} tekens.";
        PasswordInvisible [NotAllowedCharacters] =>
            en: "must not be only spaces or invisible characters",
            nl: "Gebruik niet alleen spaties of onzichtbare tekens.";
        PasswordCommon [TooCommon] => en: "is a commonly used password",
            nl: "Dit wachtwoord wordt veel gebruikt. Kies een ander.";
        PasswordRepeats [TooCommon] =>
            en: "is a few characters repeated; choose something less predictable",
            nl: "Dit zijn een paar tekens die zich herhalen. Kies iets dat minder voorspelbaar is.";
        PasswordRepeatedWord [TooCommon] =>
            en: "is a common word or password repeated; choose something less predictable",
            nl: "Dit is een bekend woord of wachtwoord dat zich herhaalt. Kies iets dat minder voorspelbaar is.";
        PasswordSequence [TooCommon] =>
            en: "is a run of neighbouring characters or keys; choose something less predictable",
            nl: "Dit is een rij tekens of toetsen naast elkaar. Kies iets dat minder voorspelbaar is.";
        PasswordContainsWord { word: &'static str } [TooCommon] =>
            en: "must not contain `{word}`", nl: "Gebruik het woord `{word}` niet.";
        PasswordContainsEmail [TooSimilar] => en: "must not contain your email name",
            nl: "Gebruik de naam uit je e-mailadres niet.";
        PasswordContainsName [TooSimilar] => en: "must not contain your name",
            nl: "Gebruik je naam niet.";
        PasswordIncorrect [Incorrect] => en: "is not correct", nl: "Dit klopt niet.";

        // Numbers, dates and places.
        Latitude [OutOfRange] => en: "must be a latitude from -90 to 90",
            nl: "Vul een breedtegraad in van -90 tot 90.";
        Longitude [OutOfRange] => en: "must be a longitude from -180 to 180",
            nl: "Vul een lengtegraad in van -180 tot 180.";
        LatLonTogether [Required] => en: "give lat and lon together",
            nl: "Vul lat en lon allebei in.";
        Weekday [OutOfRange] => en: "must be 1 (Monday) to 7 (Sunday)",
            nl: "Kies 1 (maandag) tot 7 (zondag).";
        EndAfterStart [OutOfRange] => en: "must be after start", nl: "Moet later zijn dan start.";
        EndsAfterStarts [OutOfRange] => en: "must be after starts_at",
            nl: "Moet later zijn dan starts_at.";
        FromNotAfterTo [OutOfRange] => en: "must not be after to",
            nl: "Mag niet later zijn dan to.";
        WholeNumberFrom1 { max: u32 } [OutOfRange] =>
            en: "must be a whole number from 1 to {max}",
            nl: "Vul een heel getal in van 1 tot en met {max}.";
        Range { min: i64, max: i64 } [OutOfRange] => en: "must be {min} to {max}",
            nl: "Kies {min} tot en met {max}.";
        PositiveUpTo { max: i64 } [OutOfRange] => en: "must be more than 0 and at most {max}",
            nl: "Moet meer dan 0 en maximaal {max} zijn.";
        HoursPerDay [OutOfRange] =>
            en: "must be more than 0 and at most 24, with at most two decimals",
            nl: "Moet meer dan 0 en maximaal 24 zijn, met maximaal twee decimalen.";
        DayFull { logged: f64, date: String } [OutOfRange] =>
            en: "at most 24 hours a day in total; {logged} already logged on {date}",
            nl: "Maximaal 24 uur per dag. Op {date} staat al {logged} uur.";
        InTheFuture [InTheFuture] => en: "must not be in the future",
            nl: "Mag niet in de toekomst liggen.";
        NotInTheFuture [InThePast] => en: "must be in the future",
            nl: "Moet in de toekomst liggen.";
        BeforeMatch { date: String } [OutOfRange] =>
            en: "must not be before the match was made ({date})",
            nl: "Mag niet voor de start van de koppeling liggen ({date}).";

        // Lists and codes.
        TooMany { max: usize } [TooMany] => en: "at most {max} items",
            nl: "Kies maximaal {max}.";
        TooManyWijken { max: usize } [TooMany] => en: "at most {max} wijken",
            nl: "Kies maximaal {max} wijken.";
        TooManySlots { max: usize } [TooMany] => en: "at most {max} slots",
            nl: "Maximaal {max} tijdvakken.";
        ThemeCount [OutOfRange] => en: "give 1 to 10 themes", nl: "Kies 1 tot 10 thema's.";
        AtLeastOneCategory [Required] => en: "give at least one category",
            nl: "Kies minstens één categorie.";
        AtLeastOneMode [Required] => en: "give at least one mode",
            nl: "Kies minstens één vorm.";
        AtLeastOneSlot [Required] => en: "give at least one slot",
            nl: "Geef minstens één tijdvak.";
        NoRoles [Required] => en: "must not be empty", nl: "Kies minstens één rol.";
        UnknownWijk [UnknownCode] => en: "unknown wijk code", nl: "Onbekende wijkcode.";
        UnknownTheme [UnknownCode] => en: "unknown theme", nl: "Onbekend thema.";
        UnknownCategory [UnknownCode] => en: "unknown category", nl: "Onbekende categorie.";
        UnknownSkill [UnknownCode] => en: "unknown skill", nl: "Onbekende vaardigheid.";
        UnknownLanguage [UnknownCode] => en: "unknown language (ISO 639-1)",
            nl: "Onbekende taal (ISO 639-1).";

        // References to other records.
        NoSuchAccount [UnknownId] => en: "no account has this id",
            nl: "Er is geen account met dit id.";
        NoSuchTeam [UnknownId] => en: "no WIJ-team has this id",
            nl: "Er is geen WIJ-team met dit id.";
        NoSuchInitiative [UnknownId] => en: "no initiative has this id",
            nl: "Er is geen bewonersinitiatief met dit id.";
        NoSuchPartner [UnknownId] => en: "no such partner", nl: "Deze partner bestaat niet.";
        TeamOnlyForWorkers [InvalidCombination] =>
            en: "is required with the team_worker role, and only then",
            nl: "Verplicht bij de rol team_worker, en alleen dan.";
        PrivateRequired [Required] =>
            en: "required when filing for a resident (without initiative_id)",
            nl: "Verplicht bij een hulpvraag voor een bewoner (zonder initiative_id).";
    }
}
