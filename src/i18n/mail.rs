//! The e-mails' texts, English and Dutch side by side, in Dutch at B1 level with "je". An
//! e-mail names a request by its title and wijk only; the rest is read on the page its link
//! opens, after logging in.

use super::messages;

messages! {
    /// Texts of the e-mails.
    pub enum Mail {
        Greeting { name: String } => en: "Hello {name},", nl: "Hallo {name},";
        SignOff => en: "Kind regards, wijkmatch Groningen", nl: "Groeten van wijkmatch Groningen";
        WhyYouGetThis => en: "You get this e-mail because of your account at wijkmatch. You can turn these e-mails off under your account's notification settings.",
            nl: "Je krijgt deze e-mail door je account bij wijkmatch. Je kunt deze e-mails uitzetten bij de meldingen van je account.";
        OpenLink => en: "Open this link to read more after logging in:", nl: "Open deze link om meer te lezen nadat je bent ingelogd:";

        ProposalSubject { title: String } => en: "A request for you: {title}", nl: "Een hulpvraag voor jou: {title}";
        ProposalBody { title: String, wijk: String } => en: "A request in {wijk} fits your offer: \"{title}\". Please say whether you want to help.",
            nl: "Een hulpvraag in {wijk} past bij je aanbod: \"{title}\". Laat je weten of je wilt helpen?";

        ApplicationSubject { title: String } => en: "A volunteer wants to help: {title}", nl: "Een vrijwilliger wil helpen: {title}";
        ApplicationBody { title: String, wijk: String } => en: "A volunteer applied for the request \"{title}\" in {wijk}. Please accept or decline.",
            nl: "Een vrijwilliger meldde zich voor de hulpvraag \"{title}\" in {wijk}. Wil je die aanmelding accepteren of afwijzen?";

        ConfirmationSubject { title: String } => en: "Match confirmed: {title}", nl: "Match bevestigd: {title}";
        ConfirmationBody { title: String, wijk: String } => en: "The match for \"{title}\" in {wijk} is confirmed. On the page you find how to reach each other.",
            nl: "De match voor \"{title}\" in {wijk} is bevestigd. Op de pagina lees je hoe jullie elkaar bereiken.";

        CancellationSubject { title: String } => en: "Match cancelled: {title}", nl: "Match gaat niet door: {title}";
        CancellationBody { title: String, wijk: String } => en: "The match for \"{title}\" in {wijk} does not go ahead.",
            nl: "De match voor \"{title}\" in {wijk} gaat niet door.";
        CauseCancelled => en: "The other side cancelled it.", nl: "De ander heeft de match gestopt.";
        CauseErased => en: "The volunteer removed their account.", nl: "De vrijwilliger heeft het account verwijderd.";
        CauseOfferExpired => en: "The volunteer's offer ended.", nl: "Het aanbod van de vrijwilliger is afgelopen.";
        CauseRequestClosed => en: "The request was closed.", nl: "De hulpvraag is gesloten.";

        HoursSubject { count: i64 } => en: "Hours waiting for you: {count}", nl: "Uren die op jou wachten: {count}";
        HoursBody { count: i64 } => en: "{count} logged hours are waiting for your confirmation.",
            nl: "Er wachten {count} geschreven uren op je bevestiging.";

        ExpiringSubject => en: "Your offer ends soon", nl: "Je aanbod stopt bijna";
        ExpiringBody { date: String } => en: "Your offer ends on {date}. Do you want to go on helping? Then extend your offer.",
            nl: "Je aanbod stopt op {date}. Wil je blijven helpen? Verleng dan je aanbod.";

        ResetSubject => en: "Choose a new password", nl: "Kies een nieuw wachtwoord";
        ResetBody => en: "Someone asked for a new password for your account. With the link below you choose one. The link works once, for 30 minutes.",
            nl: "Iemand vroeg om een nieuw wachtwoord voor je account. Met de link hieronder kies je een nieuw wachtwoord. De link werkt één keer, 30 minuten lang.";
        ResetNotYou => en: "Did you not ask for this? Then you need not do anything: your password stays the same.",
            nl: "Vroeg je dit niet? Dan hoef je niets te doen. Je wachtwoord blijft hetzelfde.";
    }
}
