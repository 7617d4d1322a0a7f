use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{assert_problem, error_fields, spawn_app};
use crate::initiatives::{create, initiative};
use crate::key_figures::key_figure;
use crate::volunteers::{profile, with_profile};

#[actix_web::test]
async fn partners_are_linked_by_coordinators_admins_and_covering_teams_only() {
    let app = spawn_app().await;
    let (_, owner) = app.volunteer("Carla").await;
    let (vera, vera_token) = with_profile(&app, "Vera", &profile("Vera", "WK001404")).await;
    let (_, stranger) = app.volunteer("Otto").await;
    let oosterpark = app.team_id("WIJ Oosterparkwijk").await;
    let (_, covering) = app.team_worker(&oosterpark).await;
    let (_, elsewhere) = app.team_worker(&app.team_id("WIJ Beijum").await).await;
    let (_, admin) = app.admin().await;
    let i = create(&app, &owner, &initiative("Schooltuin", "WK001404")).await;
    let base = format!("/api/v1/initiatives/{}/partners", i["id"].as_str().unwrap());

    let contact: Value = app
        .post(&format!("/api/v1/wij-teams/{oosterpark}/contacts"), Some(&covering), &json!({"name": "Sanne Bakker", "role": "wijkwerker", "email": "s@example.org", "phone": "050-1234567", "expertise": "jeugd"}))
        .await
        .json()
        .await
        .unwrap();
    let hidden: Value = app
        .post(
            "/api/v1/key-figures",
            Some(&covering),
            &key_figure("Henk", "WK001404", "team_only"),
        )
        .await
        .json()
        .await
        .unwrap();

    let link = json!({"kind": "volunteer", "id": vera, "role": "helper"});
    assert_problem(app.post(&base, Some(&stranger), &link).await, 403).await;
    assert_problem(app.post(&base, Some(&elsewhere), &link).await, 403).await;
    assert_problem(app.post(&base, None, &link).await, 401).await;
    let r = app.post(&base, Some(&covering), &link).await;
    assert_eq!(r.status(), StatusCode::CREATED, "linking is not editing");
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["display"], Value::Null, "an invitation names nobody");
    assert_eq!(v["confirmed"], false);
    assert_problem(app.post(&base, Some(&owner), &link).await, 409).await;

    let r = app
        .post(
            &base,
            Some(&owner),
            &json!({"kind": "wij_contact", "id": contact["id"], "role": "contactpersoon"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = app
        .post(
            &base,
            Some(&admin),
            &json!({"kind": "key_figure", "id": hidden["id"], "role": "verbinder"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    // A coordinator who is not staff cannot link a team-only key figure they cannot see.
    let other = create(&app, &owner, &initiative("Buurtcafé", "WK001404")).await;
    let p = assert_problem(
        app.post(
            &format!(
                "/api/v1/initiatives/{}/partners",
                other["id"].as_str().unwrap()
            ),
            Some(&owner),
            &json!({"kind": "key_figure", "id": hidden["id"], "role": "r"}),
        )
        .await,
        400,
    )
    .await;
    assert_eq!(error_fields(&p), ["id"]);

    for (body, field) in [
        (
            json!({"kind": "volunteer", "id": "nobody", "role": "r"}),
            "id",
        ),
        (
            json!({"kind": "wij_contact", "id": "nobody", "role": "r"}),
            "id",
        ),
        (json!({"kind": "alien", "id": vera, "role": "r"}), "kind"),
        (json!({"kind": "volunteer", "id": vera, "role": ""}), "role"),
    ] {
        let p = assert_problem(app.post(&base, Some(&owner), &body).await, 400).await;
        assert_eq!(error_fields(&p), [field], "{body}");
    }
    assert_eq!(app.count("partner_links"), 3);

    // The public sees the contact and "a key figure", not the unconfirmed volunteer.
    let public: Value = app.get(&base, None).await.json().await.unwrap();
    let items = public["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{public}");
    let kf = items.iter().find(|p| p["kind"] == "key_figure").unwrap();
    assert_eq!(kf["display"], "a key figure");
    assert!(kf["id"].is_null());
    assert!(!public.to_string().contains("Henk"));
    let staff: Value = app.get(&base, Some(&covering)).await.json().await.unwrap();
    assert_eq!(staff["items"].as_array().unwrap().len(), 3);
    assert!(!staff.to_string().contains("Vera"), "unconfirmed: no name");

    // The volunteer confirms; now the public sees them by display name only.
    let link_id = v["link_id"].as_str().unwrap();
    assert_problem(
        app.post(
            &format!("/api/v1/volunteers/me/partner-links/{link_id}/confirm"),
            Some(&stranger),
            &json!({}),
        )
        .await,
        404,
    )
    .await;
    let r = app
        .post(
            &format!("/api/v1/volunteers/me/partner-links/{link_id}/confirm"),
            Some(&vera_token),
            &json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let public: Value = app.get(&base, None).await.json().await.unwrap();
    let vol = public["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["kind"] == "volunteer")
        .unwrap()
        .clone();
    assert_eq!(vol["display"], "Vera");
    assert!(!public.to_string().contains("example.org"));

    // The linked volunteer may unlink themselves; a stranger may not.
    assert_problem(
        app.delete(&format!("{base}/{link_id}"), Some(&stranger))
            .await,
        403,
    )
    .await;
    assert_eq!(
        app.delete(&format!("{base}/{link_id}"), Some(&vera_token))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_problem(
        app.delete(&format!("{base}/{link_id}"), Some(&owner)).await,
        404,
    )
    .await;

    // Withdrawing the key figure's consent removes its links too.
    assert_eq!(
        app.delete(
            &format!("/api/v1/key-figures/{}", hidden["id"].as_str().unwrap()),
            Some(&covering)
        )
        .await
        .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(app.count("partner_links"), 1);
}

#[actix_web::test]
async fn erasing_a_volunteer_removes_their_links_and_profile() {
    let app = spawn_app().await;
    let (_, owner) = app.volunteer("Carla").await;
    let (vera, vera_token) = with_profile(&app, "Vera", &profile("Vera", "WK001404")).await;
    let i = create(&app, &owner, &initiative("Schooltuin", "WK001404")).await;
    let base = format!("/api/v1/initiatives/{}/partners", i["id"].as_str().unwrap());
    app.post(
        &base,
        Some(&owner),
        &json!({"kind": "volunteer", "id": vera, "role": "helper"}),
    )
    .await;
    let export: Value = app
        .get("/api/v1/me/export", Some(&vera_token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(export["volunteer_profile"]["display_name"], "Vera");
    assert_eq!(export["partner_links"].as_array().unwrap().len(), 1);
    assert_eq!(
        app.delete("/api/v1/me", Some(&vera_token)).await.status(),
        StatusCode::NO_CONTENT
    );
    for table in [
        "partner_links",
        "volunteer_profiles",
        "volunteer_skills",
        "volunteer_reach",
    ] {
        assert_eq!(app.count(table), 0, "{table}");
    }
    // The erased coordinator's initiative stays, without them.
    assert_eq!(
        app.delete("/api/v1/me", Some(&owner)).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(app.count("initiatives"), 1);
    assert_eq!(app.count("initiative_coordinators"), 0);
}

async fn invite(
    app: &crate::helpers::TestApp,
    base: &str,
    token: &str,
    id: &str,
) -> reqwest::Response {
    app.post(
        base,
        Some(token),
        &json!({"kind": "volunteer", "id": id, "role": "helper"}),
    )
    .await
}

#[actix_web::test]
async fn a_volunteer_invitation_answers_alike_whether_or_not_the_id_is_a_volunteers() {
    let app = spawn_app().await;
    let (_, owner) = app.volunteer("Carla").await;
    let (vera, vera_token) = with_profile(
        &app,
        "Vera Verborgen",
        &profile("Vera Verborgen", "WK001404"),
    )
    .await;
    let oosterpark = app.team_id("WIJ Oosterparkwijk").await;
    let (worker, worker_token) = app.team_worker(&oosterpark).await;
    let unknown = uuid::Uuid::new_v4().to_string();
    let i = create(&app, &owner, &initiative("Schooltuin", "WK001404")).await;
    let base = format!("/api/v1/initiatives/{}/partners", i["id"].as_str().unwrap());

    // A volunteer, an id nobody has, a team worker: the same answer but for the link id.
    let mut answers = Vec::new();
    for id in [&vera, &unknown, &worker] {
        let r = invite(&app, &base, &owner, id).await;
        let status = r.status();
        let content_type = r.headers()["content-type"].clone();
        let mut body: Value = r.json().await.unwrap();
        assert_eq!(body["id"], id.as_str());
        let fields = body.as_object_mut().unwrap();
        assert!(fields.remove("link_id").unwrap().is_string());
        fields.remove("id");
        answers.push((status, content_type, body));
    }
    assert_eq!(answers[0], answers[1]);
    assert_eq!(answers[1], answers[2]);
    assert_eq!(answers[0].0, StatusCode::CREATED);
    assert_eq!(
        answers[0].2,
        json!({"kind": "volunteer", "role": "helper", "display": null, "confirmed": false})
    );
    // The same id twice is a conflict, alike in all three cases (in any spelling).
    let mut conflicts = Vec::new();
    for id in [vera.to_uppercase(), unknown.clone(), worker.clone()] {
        conflicts.push(assert_problem(invite(&app, &base, &owner, &id).await, 409).await);
    }
    assert_eq!(conflicts[0], conflicts[1]);
    assert_eq!(conflicts[1], conflicts[2]);
    // A malformed id is still refused.
    let p = assert_problem(invite(&app, &base, &owner, "not-an-id").await, 400).await;
    assert_eq!(error_fields(&p), ["id"]);

    // The coordinator lists three invitations that say nothing about whose ids they are;
    // the public sees none of them.
    let list: Value = app.get(&base, Some(&owner)).await.json().await.unwrap();
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 3, "{list}");
    for item in items {
        assert_eq!(item["display"], Value::Null);
        assert_eq!(item["confirmed"], false);
    }
    assert!(!list.to_string().contains("Vera") && !list.to_string().contains("Team Worker"));
    let public: Value = app.get(&base, None).await.json().await.unwrap();
    assert_eq!(public["items"], json!([]));

    // Only a volunteer confirms: the team worker has no volunteer profile.
    let link_of = |id: &str| {
        items.iter().find(|l| l["id"] == id).unwrap()["link_id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let confirm = |link: String| format!("/api/v1/volunteers/me/partner-links/{link}/confirm");
    assert_problem(
        app.post(&confirm(link_of(&worker)), Some(&worker_token), &json!({}))
            .await,
        409,
    )
    .await;
    let r = app
        .post(&confirm(link_of(&vera)), Some(&vera_token), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let public: Value = app.get(&base, None).await.json().await.unwrap();
    let items = public["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{public}");
    assert_eq!(items[0]["display"], "Vera Verborgen");
    assert_eq!(items[0]["confirmed"], true);
}

#[actix_web::test]
async fn unconfirmed_volunteer_invitations_expire_after_30_days() {
    let app = spawn_app().await;
    let (_, owner) = app.volunteer("Carla").await;
    let (vera, vera_token) = with_profile(&app, "Vera", &profile("Vera", "WK001404")).await;
    let (otto, _) = with_profile(&app, "Otto", &profile("Otto", "WK001404")).await;
    let unknown = uuid::Uuid::new_v4().to_string();
    let oosterpark = app.team_id("WIJ Oosterparkwijk").await;
    let (_, covering) = app.team_worker(&oosterpark).await;
    let contact: Value = app
        .post(&format!("/api/v1/wij-teams/{oosterpark}/contacts"), Some(&covering), &json!({"name": "Sanne Bakker", "role": "wijkwerker", "email": "s@example.org", "phone": "050-1234567", "expertise": "jeugd"}))
        .await
        .json()
        .await
        .unwrap();
    let i = create(&app, &owner, &initiative("Schooltuin", "WK001404")).await;
    let base = format!("/api/v1/initiatives/{}/partners", i["id"].as_str().unwrap());
    let mut links = std::collections::HashMap::new();
    let invited = async |owner: &str, id: &str| {
        let r = invite(&app, &base, owner, id).await;
        assert_eq!(r.status(), StatusCode::CREATED);
        let body: Value = r.json().await.unwrap();
        (id.to_owned(), body["link_id"].as_str().unwrap().to_owned())
    };
    for id in [&vera, &otto] {
        links.extend([invited(&owner, id).await]);
    }
    let r = app
        .post(
            &base,
            Some(&owner),
            &json!({"kind": "wij_contact", "id": contact["id"], "role": "contactpersoon"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = app
        .post(
            &format!(
                "/api/v1/volunteers/me/partner-links/{}/confirm",
                links[&vera]
            ),
            Some(&vera_token),
            &json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    // The third invitation is two days younger (a new login: the session ended meanwhile).
    app.advance(chrono::Duration::days(2));
    let owner = app.login_again(&owner).await;
    links.extend([invited(&owner, &unknown).await]);

    // 29 days after the first invitations, nothing has expired yet.
    app.advance(chrono::Duration::days(27));
    assert_eq!(app.run_housekeeping().await.invitations_expired, 0);
    assert_eq!(app.count("partner_links"), 4);
    // 31 days after them, Otto's invitation goes; the confirmed link, the contact and the
    // younger invitation (29 days) stay.
    app.advance(chrono::Duration::days(2));
    assert_eq!(app.run_housekeeping().await.invitations_expired, 1);
    assert_eq!(app.count("partner_links"), 3);
    let gone = crate::fixtures::scalar(
        &app,
        &format!(
            "SELECT CAST(COUNT(*) AS TEXT) AS v FROM partner_links WHERE id = '{}'",
            links[&otto]
        ),
    );
    assert_eq!(gone.as_deref(), Some("0"));
    let owner = app.login_again(&owner).await;
    let list: Value = app.get(&base, Some(&owner)).await.json().await.unwrap();
    let ids: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["link_id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&links[&vera].as_str()) && ids.contains(&links[&unknown].as_str()));
    // Two days later the younger one has gone too.
    app.advance(chrono::Duration::days(2));
    assert_eq!(app.run_housekeeping().await.invitations_expired, 1);
    assert_eq!(app.count("partner_links"), 2);
}
