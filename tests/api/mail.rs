//! E-mail notifications and password reset through a real SMTP server (`smtp::SmtpSink`):
//! who gets what in which language, that no private part leaves in a mail, and the
//! outbox's promises — retried until accepted and then never again, nothing for a
//! rolled-back change, nothing lost while e-mail is off or a worker dies mid-send.

use reqwest::StatusCode;
use secrecy::SecretString;
use serde_json::{Value, json};

use crate::fixtures::{self, ADDRESS, NOTES, REQUESTER, act, created, helper, matched, ok, scalar};
use crate::helpers::{PASSWORD, TestApp, assert_problem, spawn_app, spawn_app_with};
use crate::smtp::SmtpSink;

async fn mail_app() -> (TestApp, SmtpSink) {
    let sink = SmtpSink::start();
    let url = sink.url();
    let app = spawn_app_with(move |s| s.mail.smtp_url = SecretString::from(url)).await;
    (app, sink)
}

/// One round of the outbox, as its timer runs it.
async fn deliver(app: &TestApp) -> wijkmatch::jobs::outbox::Round {
    wijkmatch::jobs::outbox::run(app.ctx.clone())
        .await
        .expect("the outbox round runs")
}

fn email_of(app: &TestApp, id: &str) -> String {
    scalar(
        app,
        &format!("SELECT email AS v FROM users WHERE id = '{id}'"),
    )
    .unwrap()
}

fn subjects(sink: &SmtpSink, address: &str) -> Vec<String> {
    sink.to(address).into_iter().map(|m| m.subject).collect()
}

async fn set_language(app: &TestApp, token: &str, language: &str) {
    ok(app
        .patch("/api/v1/me", Some(token), &json!({"language": language}))
        .await)
    .await;
}

const TITLE: &str = "Boodschappen op dinsdag";

#[actix_web::test]
async fn each_event_reaches_the_other_side_in_their_language_without_private_parts() {
    let (app, sink) = mail_app().await;
    let world = fixtures::world(&app, 2).await;
    let worker = email_of(&app, &world.worker_id);
    let (vera_id, vera_token, vera_offer) = helper(&app, "Vera", "propose", 2).await;
    let vera = email_of(&app, &vera_id);
    set_language(&app, &vera_token, "en").await;

    // A proposal goes to the volunteer, in English.
    let m1 = matched(&app, &world.worker, &world.request_id, &vera_offer).await;
    let m1 = m1["id"].as_str().unwrap();
    deliver(&app).await;
    assert_eq!(
        subjects(&sink, &vera),
        [format!("A request for you: {TITLE}")]
    );
    let proposal = &sink.to(&vera)[0];
    assert!(
        proposal.text.starts_with("Hello Vera,"),
        "{}",
        proposal.text
    );
    assert!(proposal.text.contains("Oud-Oost"), "{}", proposal.text);
    let link = format!("http://127.0.0.1:8080/account/koppelingen/{m1}");
    assert!(proposal.text.contains(&link) && proposal.html.contains(&link));
    assert!(
        subjects(&sink, &worker).is_empty(),
        "the proposer is not told"
    );

    // A confirmation goes to both sides, each in their own language.
    assert_eq!(act(&app, &vera_token, m1, "accept").await.status(), 200);
    deliver(&app).await;
    assert_eq!(
        subjects(&sink, &worker),
        [format!("Match bevestigd: {TITLE}")]
    );
    assert!(sink.to(&worker)[0].text.starts_with("Hallo "));
    assert_eq!(
        subjects(&sink, &vera)[1],
        format!("Match confirmed: {TITLE}")
    );

    // The volunteer cancels: the managers hear of it, the volunteer does not.
    assert_eq!(act(&app, &vera_token, m1, "cancel").await.status(), 200);
    deliver(&app).await;
    assert_eq!(
        subjects(&sink, &worker)[1],
        format!("Match gaat niet door: {TITLE}")
    );
    assert!(
        sink.to(&worker)[1]
            .text
            .contains("De ander heeft de match gestopt.")
    );
    assert_eq!(sink.to(&vera).len(), 2);

    // An application goes to the managers; closing the request tells the volunteer.
    let (wim_id, wim_token, wim_offer) = helper(&app, "Wim", "propose", 1).await;
    let wim = email_of(&app, &wim_id);
    let m2 = matched(&app, &wim_token, &world.request_id, &wim_offer).await;
    assert_eq!(m2["status"], "applied");
    deliver(&app).await;
    assert_eq!(
        subjects(&sink, &worker)[2],
        format!("Een vrijwilliger wil helpen: {TITLE}")
    );
    ok(app
        .post(
            &format!("/api/v1/requests/{}/close", world.request_id),
            Some(&world.worker),
            &json!({}),
        )
        .await)
    .await;
    deliver(&app).await;
    assert_eq!(
        subjects(&sink, &wim),
        [format!("Match gaat niet door: {TITLE}")]
    );
    assert!(sink.to(&wim)[0].text.contains("De hulpvraag is gesloten."));

    // Nothing else was sent: not to the admin, not twice.
    assert_eq!(sink.accepted().len(), 6);
    assert_eq!(sink.to(&worker).len(), 3);
    // No mail holds anything of the request's private part.
    for mail in sink.accepted() {
        let all = mail.everything();
        for secret in [
            REQUESTER,
            NOTES,
            ADDRESS,
            "06-99999999",
            "Verborgen",
            "geheim",
        ] {
            assert!(!all.contains(secret), "{secret} in {all}");
        }
    }
}

#[actix_web::test]
async fn a_refused_mail_is_retried_with_backoff_and_delivered_once() {
    let (app, sink) = mail_app().await;
    sink.refuse_next(&["451 4.3.0 try again later", "554 5.0.0 not now"]);
    let (id, _) = app.volunteer("Rik").await;
    let email = email_of(&app, &id);
    let r = app
        .post(
            "/api/v1/auth/password-reset",
            None,
            &json!({"email": email}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    deliver(&app).await;
    assert!(sink.accepted().is_empty(), "refused with 451");
    deliver(&app).await;
    assert!(
        sink.accepted().is_empty(),
        "not due again before the backoff"
    );
    app.advance(chrono::Duration::seconds(31));
    deliver(&app).await;
    assert!(sink.accepted().is_empty(), "refused with 554");
    app.advance(chrono::Duration::seconds(61));
    deliver(&app).await;
    assert_eq!(sink.to(&email).len(), 1);
    app.advance(chrono::Duration::hours(3));
    deliver(&app).await;
    deliver(&app).await;
    assert_eq!(sink.accepted().len(), 1, "accepted once, never sent again");
    assert_eq!(
        scalar(&app, "SELECT CAST(attempts AS TEXT) AS v FROM outbox").as_deref(),
        Some("3")
    );
    assert!(scalar(&app, "SELECT CAST(sent_at AS TEXT) AS v FROM outbox").is_some());
}

#[actix_web::test]
async fn a_rolled_back_change_leaves_nothing_to_send() {
    let (app, sink) = mail_app().await;
    let (id, _) = app.volunteer("Tess").await;
    let email = email_of(&app, &id);
    {
        let _now = app.ctx.clock.install();
        let mut conn = app.ctx.db.get().unwrap();
        let outcome: Result<(), wijkmatch::error::AppError> = conn.write_tx(|conn| {
            wijkmatch::service::password_reset::request(conn, &email, &app.ctx.reset_key)?;
            assert_eq!(
                wijkmatch::db::outbox::backlog(conn).unwrap().0,
                1,
                "written in the transaction"
            );
            Err(wijkmatch::error::AppError::internal(
                "the change fails after all",
            ))
        });
        assert!(outcome.is_err());
    }
    assert_eq!(app.count("outbox"), 0);
    assert_eq!(app.count("password_resets"), 0);
    deliver(&app).await;
    assert!(sink.accepted().is_empty());
}

#[actix_web::test]
async fn items_wait_while_mail_is_off_and_an_instance_with_mail_delivers_them() {
    let app = spawn_app().await;
    let (id, _) = app.volunteer("Noor").await;
    let email = email_of(&app, &id);
    let r = app
        .post(
            "/api/v1/auth/password-reset",
            None,
            &json!({"email": email}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    let round = deliver(&app).await;
    assert_eq!((round.sent, round.waiting), (0, 1));
    let metrics = app.get("/metrics", None).await.text().await.unwrap();
    assert!(
        metrics.contains("wijkmatch_outbox_undeliverable 1"),
        "{metrics}"
    );

    // The service restarts with e-mail on: the kept item goes out, once.
    let sink = SmtpSink::start();
    let mut settings = app.settings.clone();
    settings.mail.smtp_url = SecretString::from(sink.url());
    let restarted = wijkmatch::startup::Application::build_with_clock(
        settings,
        wijkmatch::clock::Clock::adjustable(),
    )
    .unwrap();
    let ctx = restarted.context().clone();
    actix_web::rt::spawn(restarted.run_until_stopped());
    wijkmatch::jobs::outbox::run(ctx.clone()).await.unwrap();
    wijkmatch::jobs::outbox::run(ctx).await.unwrap();
    assert_eq!(sink.to(&email).len(), 1);
    assert_eq!(sink.accepted().len(), 1);
}

#[actix_web::test]
async fn a_worker_that_dies_mid_send_leaves_its_items_to_the_next_after_the_lease() {
    let (app, sink) = mail_app().await;
    let (id, _) = app.volunteer("Sem").await;
    let email = email_of(&app, &id);
    {
        let _now = app.ctx.clock.install();
        let mut conn = app.ctx.db.get().unwrap();
        wijkmatch::service::password_reset::request(&mut conn, &email, &app.ctx.reset_key).unwrap();
        // A worker claims the item and dies before it sends anything.
        let claimed = wijkmatch::service::outbox::claim(&mut conn).unwrap();
        assert_eq!(claimed.len(), 1);
    }
    deliver(&app).await;
    assert!(
        sink.accepted().is_empty(),
        "still held by the dead worker's lease"
    );
    app.advance(wijkmatch::service::outbox::LEASE + chrono::Duration::seconds(1));
    deliver(&app).await;
    deliver(&app).await;
    assert_eq!(sink.to(&email).len(), 1);
}

#[actix_web::test]
async fn notices_turned_off_are_not_sent_and_bad_settings_change_nothing() {
    let (app, sink) = mail_app().await;
    let world = fixtures::world(&app, 1).await;
    let (vid, vtoken, offer) = helper(&app, "Lotte", "propose", 1).await;
    let email = email_of(&app, &vid);
    let all_on = ok(app.get("/api/v1/me/notifications", Some(&vtoken)).await).await;
    assert_eq!(
        all_on,
        json!({"email": {"proposal": true, "application": true, "confirmation": true,
                         "cancellation": true, "hours_to_confirm": true, "offer_expiring": true}})
    );
    let mut off = all_on.clone();
    off["email"]["proposal"] = json!(false);
    assert_eq!(
        ok(app
            .put("/api/v1/me/notifications", Some(&vtoken), &off)
            .await)
        .await,
        off
    );

    // Refused bodies: every field is named, nothing changes.
    let missing = json!({"email": {"proposal": true}});
    let r = app
        .put("/api/v1/me/notifications", Some(&vtoken), &missing)
        .await;
    assert_problem(r, 400).await;
    let r = app
        .patch("/api/v1/me", Some(&vtoken), &json!({"language": "de"}))
        .await;
    assert_problem(r, 400).await;
    assert_eq!(
        ok(app.get("/api/v1/me/notifications", Some(&vtoken)).await).await,
        off
    );
    let me = ok(app.get("/api/v1/me", Some(&vtoken)).await).await;
    assert_eq!(me["language"], "nl");

    let m = matched(&app, &world.worker, &world.request_id, &offer).await;
    assert_eq!(app.count("outbox"), 0, "no item for a notice turned off");
    assert_eq!(
        act(&app, &vtoken, m["id"].as_str().unwrap(), "accept")
            .await
            .status(),
        200
    );
    deliver(&app).await;
    assert_eq!(
        subjects(&sink, &email),
        [format!("Match bevestigd: {TITLE}")],
        "confirmations are still on"
    );
}

fn token_in(mail: &crate::smtp::Captured) -> String {
    let at = mail.text.find("token=").expect("a reset link") + "token=".len();
    mail.text[at..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

const NEW_PASSWORD: &str = "zeven-Lantaarns-bij-de-Vismarkt";

#[actix_web::test]
async fn password_reset_by_mail_ends_every_session_and_works_once_within_30_minutes() {
    let (app, sink) = mail_app().await;
    let (id, token) = app.volunteer("Fenna").await;
    set_language(&app, &token, "en").await;
    let email = email_of(&app, &id);
    let other_session = app.token_for(&email).await;

    // Unknown addresses get the same answer, and no mail.
    let r = app
        .post(
            "/api/v1/auth/password-reset",
            None,
            &json!({"email": "nobody-here@example.nl"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    assert_eq!(r.text().await.unwrap(), "");
    assert_eq!(app.count("outbox"), 0);

    let r = app
        .post(
            "/api/v1/auth/password-reset",
            None,
            &json!({"email": email.to_uppercase()}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    assert_eq!(r.text().await.unwrap(), "");
    deliver(&app).await;
    let mails = sink.to(&email);
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].subject, "Choose a new password");
    assert!(
        mails[0]
            .text
            .contains("http://127.0.0.1:8080/wachtwoord-herstellen?token=")
    );
    let reset = token_in(&mails[0]);
    assert_eq!(reset.len(), 43);
    assert!(
        scalar(
            &app,
            &format!("SELECT id AS v FROM password_resets WHERE token_hash = '{reset}'")
        )
        .is_none(),
        "the token itself is not stored"
    );

    // A refused new password changes nothing and leaves the link usable.
    let r = app
        .post(
            "/api/v1/auth/password-reset/confirm",
            None,
            &json!({"token": reset, "new_password": "password"}),
        )
        .await;
    assert_problem(r, 400).await;
    assert_eq!(app.get("/api/v1/me", Some(&token)).await.status(), 200);

    let r = app
        .post(
            "/api/v1/auth/password-reset/confirm",
            None,
            &json!({"token": reset, "new_password": NEW_PASSWORD}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    for old in [&token, &other_session] {
        assert_eq!(app.get("/api/v1/me", Some(old)).await.status(), 401);
    }
    assert_eq!(app.login(&email, PASSWORD).await.status(), 401);
    assert_eq!(app.login(&email, NEW_PASSWORD).await.status(), 200);

    // Used once; a second use is refused.
    let r = app
        .post(
            "/api/v1/auth/password-reset/confirm",
            None,
            &json!({"token": reset, "new_password": "een-Ander-Wachtwoord-voor-later"}),
        )
        .await;
    let problem = assert_problem(r, 400).await;
    assert!(problem["detail"].as_str().unwrap().contains("expired"));

    // An unknown token is refused alike.
    let r = app
        .post(
            "/api/v1/auth/password-reset/confirm",
            None,
            &json!({"token": "x".repeat(43), "new_password": "een-Ander-Wachtwoord-voor-later"}),
        )
        .await;
    assert_problem(r, 400).await;

    // A link older than 30 minutes is refused, and the password stays.
    app.post(
        "/api/v1/auth/password-reset",
        None,
        &json!({"email": email}),
    )
    .await;
    deliver(&app).await;
    let late = token_in(&sink.to(&email)[1]);
    app.advance(chrono::Duration::minutes(31));
    let r = app
        .post(
            "/api/v1/auth/password-reset/confirm",
            None,
            &json!({"token": late, "new_password": "een-Ander-Wachtwoord-voor-later"}),
        )
        .await;
    assert_problem(r, 400).await;
    assert_eq!(app.login(&email, NEW_PASSWORD).await.status(), 200);
}

#[actix_web::test]
async fn an_admin_sends_the_reset_mail_and_others_may_not() {
    let (app, sink) = mail_app().await;
    let (_, admin) = app.admin().await;
    let (id, token) = app.volunteer("Joost").await;
    let email = email_of(&app, &id);
    let path = format!("/api/v1/users/{id}/password-reset");
    let r = app.post(&path, Some(&token), &json!({})).await;
    assert_problem(r, 403).await;
    assert_eq!(app.count("outbox"), 0);
    let r = app
        .post(
            &format!("/api/v1/users/{}/password-reset", uuid::Uuid::new_v4()),
            Some(&admin),
            &json!({}),
        )
        .await;
    assert_problem(r, 404).await;
    let r = app.post(&path, Some(&admin), &json!({})).await;
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    deliver(&app).await;
    let mails = sink.to(&email);
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].subject, "Kies een nieuw wachtwoord");
    assert_eq!(token_in(&mails[0]).len(), 43);
}

#[actix_web::test]
async fn the_daily_digest_and_the_expiry_warning_are_sent_once() {
    let (app, sink) = mail_app().await;
    let world = fixtures::world(&app, 1).await;
    let worker = email_of(&app, &world.worker_id);
    let (vid, vtoken, offer) = helper(&app, "Bas", "propose", 1).await;
    let volunteer = email_of(&app, &vid);
    let m = matched(&app, &vtoken, &world.request_id, &offer).await;
    let m = m["id"].as_str().unwrap();
    assert_eq!(act(&app, &world.worker, m, "accept").await.status(), 200);
    let today = app.now().date_naive().to_string();
    for _ in 0..2 {
        created(
            app.post(
                &format!("/api/v1/matches/{m}/hours"),
                Some(&vtoken),
                &json!({"date": today, "hours": 1.5}),
            )
            .await,
        )
        .await;
    }
    deliver(&app).await;
    let before = sink.accepted().len();
    let run = || wijkmatch::jobs::notices::run(app.ctx.clone());
    assert_eq!(
        run().await,
        Some(1),
        "the hours digest; the offer ends in 30 days"
    );
    assert_eq!(run().await, Some(0), "once a day");
    deliver(&app).await;
    let digest: Vec<Value> = sink
        .to(&worker)
        .iter()
        .filter(|m| m.subject.starts_with("Uren"))
        .map(|m| json!(m.subject))
        .collect();
    assert_eq!(digest, [json!("Uren die op jou wachten: 2")]);

    // 28 days on, the offer ends within 3 days: one warning; the next day's digest too.
    app.advance(chrono::Duration::days(28));
    assert_eq!(run().await, Some(2));
    assert_eq!(run().await, Some(0));
    deliver(&app).await;
    let warnings = sink
        .to(&volunteer)
        .into_iter()
        .filter(|m| m.subject == "Je aanbod stopt bijna")
        .count();
    assert_eq!(warnings, 1);
    assert_eq!(sink.accepted().len(), before + 3);
}

#[actix_web::test]
async fn a_writing_run_tells_each_proposed_volunteer_and_reports_to_the_feed() {
    let (app, sink) = mail_app().await;
    let w = fixtures::world(&app, 1).await;
    let (volunteer_id, volunteer, offer) = helper(&app, "Anna", "propose", 1).await;
    let before = ok(app
        .get(
            &format!("/api/v1/offers/{offer}/suggestions"),
            Some(&volunteer),
        )
        .await)
    .await;
    assert!(
        before["items"].to_string().contains(&w.request_id),
        "{before}"
    );

    let run = ok(app
        .post(
            "/api/v1/matching/runs",
            Some(&w.worker),
            &json!({"dry_run": false}),
        )
        .await)
    .await;
    let match_id = run["proposals"][0]["match_id"].as_str().unwrap().to_owned();
    let fed = scalar(
        &app,
        &format!(
            "SELECT CAST(COUNT(*) AS TEXT) AS v FROM changes \
             WHERE entity = 'match' AND kind = 'created' AND entity_id = '{match_id}'"
        ),
    );
    assert_eq!(
        fed.as_deref(),
        Some("1"),
        "the run's proposal is on the feed"
    );
    // The live index learnt of it: the pair has a match, so it is no suggestion any more.
    let after = ok(app
        .get(
            &format!("/api/v1/offers/{offer}/suggestions"),
            Some(&volunteer),
        )
        .await)
    .await;
    assert!(
        !after["items"].to_string().contains(&w.request_id),
        "{after}"
    );

    deliver(&app).await;
    let address = email_of(&app, &volunteer_id);
    assert_eq!(subjects(&sink, &address).len(), 1, "one proposal mail");
    assert!(
        sink.to(&address)[0]
            .text
            .contains(&format!("/account/koppelingen/{match_id}"))
    );
}
