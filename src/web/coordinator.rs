//! A coordinator's pages: my initiatives (with their open requests and the applications
//! that wait for an answer), registering and editing an initiative, and its partners. The
//! same service calls as `POST /api/v1/initiatives`, `PATCH /api/v1/initiatives/{id}` and
//! the partner endpoints, so the API's access rules and audit apply.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::offers::{ConfirmPage, TermBox, TokenForm};
use super::profile::Choice;
use super::public::{signed_in, visitor};
use super::{Chrome, FormErrors, Visitor, app_error_page, redirect, render};
use crate::db::DbConnection;
use crate::domain::account::Caller;
use crate::domain::paging::PageRequest;
use crate::error::{AppError, AppResult};
use crate::i18n::{Choices, FieldText, Lang, Ui};
use crate::reference::{self, vocabulary};
use crate::service::AppContext;
use crate::service::initiatives::overview::{self, InitiativeOverview};
use crate::service::initiatives::{
    self, CoordinatorInput, CoordinatorView, InitiativeChange, InitiativePatch, InitiativeView,
    NewInitiative, NewInitiativeInput,
};
use crate::service::partners::{self, NewPartnerLink, PartnerInput, PartnerKind, PartnerView};

/// The page of one initiative for its coordinators: the public page plus what they manage.
pub fn manage_href(id: &str) -> String {
    format!("/account/initiatieven/{id}")
}

/// A request of an initiative, as the coordinator's pages list it.
pub struct RequestLine {
    pub href: String,
    pub title: String,
    pub places: String,
    pub waiting: String,
}

pub struct HelperLine {
    pub name: String,
    pub request_href: String,
    pub request_title: String,
}

/// One initiative on "my initiatives", or the coordinators' part of its page.
pub struct ManagedInitiative {
    pub id: String,
    pub name: String,
    pub wijk: &'static str,
    pub requests: Vec<RequestLine>,
    pub helpers: Vec<HelperLine>,
}

pub(super) fn managed(o: &InitiativeOverview, lang: Lang) -> ManagedInitiative {
    ManagedInitiative {
        id: o.initiative.id.clone(),
        name: o.initiative.name.clone(),
        wijk: reference::wijk(&o.initiative.wijk_code).map_or("", |w| w.name),
        requests: o
            .requests
            .iter()
            .map(|r| RequestLine {
                href: format!("/verzoeken/{}", r.id),
                title: r.title.clone(),
                places: Ui::CoordRequestPlaces {
                    held: r.places_held,
                    needed: r.helpers_needed,
                }
                .render(lang),
                waiting: Ui::CoordWaitingApplications {
                    count: r.waiting_applications,
                }
                .render(lang),
            })
            .collect(),
        helpers: o
            .helpers
            .iter()
            .map(|h| HelperLine {
                name: h.display_name.clone(),
                request_href: format!("/verzoeken/{}", h.request_id),
                request_title: h.request_title.clone(),
            })
            .collect(),
    }
}

#[derive(Template)]
#[template(path = "my_initiatives.html")]
struct MyInitiativesPage {
    c: Chrome,
    status: Option<String>,
    initiatives: Vec<ManagedInitiative>,
}

#[derive(Deserialize)]
pub struct DoneQuery {
    #[serde(default)]
    klaar: String,
}

fn done_message(code: &str) -> Option<Ui> {
    match code {
        "nieuw" => Some(Ui::InitiativeCreated),
        "opgeslagen" => Some(Ui::InitiativeSaved),
        "gekoppeld" => Some(Ui::PartnerLinked),
        "ontkoppeld" => Some(Ui::PartnerUnlinked),
        _ => None,
    }
}

/// My initiatives, newest first, each with its open requests and waiting applications.
pub async fn list(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    query: web::Query<DoneQuery>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let caller = signed_in!(visitor, req);
    match crate::api::run(&ctx, move |conn| overview::mine(conn, &caller)).await {
        Ok(all) => {
            let lang = visitor.lang;
            let page = MyInitiativesPage {
                c: visitor.chrome(&Ui::MyInitiativesTitle.render(lang)),
                status: done_message(&query.klaar).map(|u| u.render(lang)),
                initiatives: all.iter().map(|o| managed(o, lang)).collect(),
            };
            render(&visitor, StatusCode::OK, &page)
        }
        Err(e) => app_error_page(&visitor, e.0),
    }
}

#[derive(Template)]
#[template(path = "managed_initiative.html")]
struct ManagedPage {
    c: Chrome,
    status: Option<String>,
    initiative: ManagedInitiative,
    public_href: String,
}

/// One initiative as its coordinators manage it: its requests, the helpers who agreed,
/// and the links to edit it and its partners. Others: the API's 403 (404 if unknown).
pub async fn show(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    id: web::Path<String>,
    query: web::Query<DoneQuery>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let caller = signed_in!(visitor, req);
    let id = id.into_inner();
    match crate::api::run(&ctx, move |conn| overview::one(conn, &caller, &id)).await {
        Ok(o) => {
            let lang = visitor.lang;
            let page = ManagedPage {
                c: visitor.chrome(&o.initiative.name),
                status: done_message(&query.klaar).map(|u| u.render(lang)),
                public_href: format!("/initiatieven/{}", o.initiative.id),
                initiative: managed(&o, lang),
            };
            render(&visitor, StatusCode::OK, &page)
        }
        Err(e) => app_error_page(&visitor, e.0),
    }
}

/// What the initiative form holds, as typed.
#[derive(Default, Clone)]
struct InitiativeFields {
    name: String,
    description: String,
    wijk: String,
    themes: Vec<String>,
    address: String,
    email: String,
    website: String,
}

impl InitiativeFields {
    fn from_form(fields: &[(String, String)]) -> Self {
        let get = |name: &str| {
            fields
                .iter()
                .find(|(k, _)| k == name)
                .map_or(String::new(), |(_, v)| v.trim().to_owned())
        };
        Self {
            name: get("naam"),
            description: get("beschrijving"),
            wijk: get("wijk"),
            themes: fields
                .iter()
                .filter(|(k, _)| k == "thema")
                .map(|(_, v)| v.clone())
                .collect(),
            address: get("adres"),
            email: get("email"),
            website: get("website"),
        }
    }

    fn from_view(i: &InitiativeView) -> Self {
        Self {
            name: i.name.clone(),
            description: i.description.clone(),
            wijk: i.wijk_code.clone(),
            themes: i.themes.clone(),
            address: i.address.clone().unwrap_or_default(),
            email: i.contact_email.clone().unwrap_or_default(),
            website: i.website.clone().unwrap_or_default(),
        }
    }
}

/// An empty optional field is "none".
fn optional(value: &str) -> Option<String> {
    (!value.is_empty()).then(|| value.to_owned())
}

/// The body of `POST /api/v1/initiatives`, from the form. The form has no map pin: an
/// initiative registered here has no `lat`/`lon`.
fn new_input(f: &InitiativeFields) -> NewInitiativeInput {
    NewInitiativeInput {
        name: f.name.clone(),
        description: f.description.clone(),
        wijk_code: f.wijk.clone(),
        themes: f.themes.clone(),
        address: optional(&f.address),
        lat: None,
        lon: None,
        contact_email: optional(&f.email),
        website: optional(&f.website),
    }
}

/// The body of `PATCH /api/v1/initiatives/{id}`, from the form: every field the form shows
/// is sent (an emptied optional one as `null`); the location is left as it is.
fn patch_input(f: &InitiativeFields) -> InitiativePatch {
    InitiativePatch {
        name: Some(f.name.clone()),
        description: Some(f.description.clone()),
        wijk_code: Some(f.wijk.clone()),
        themes: Some(f.themes.clone()),
        address: Some(optional(&f.address)),
        lat: None,
        lon: None,
        contact_email: Some(optional(&f.email)),
        website: Some(optional(&f.website)),
    }
}

/// The one call the new-initiative form makes: exactly `POST /api/v1/initiatives`.
fn create_initiative(
    conn: &mut DbConnection,
    caller: &Caller,
    input: &NewInitiativeInput,
) -> AppResult<InitiativeView> {
    initiatives::create(conn, caller, &NewInitiative::try_from(input)?, false)
}

/// The one call the edit form makes: exactly `PATCH /api/v1/initiatives/{id}`.
fn update_initiative(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    patch: &InitiativePatch,
) -> AppResult<InitiativeView> {
    initiatives::require_manager(conn, caller, id)?;
    initiatives::update(conn, caller, id, &InitiativeChange::try_from(patch)?)
}

/// The first theme's box: where the summary's link for the themes points.
const THEME_ANCHOR: &str = "thema-samenleving_in_de_buurt";

/// The form's field for a field the API names.
fn initiative_field(api_field: &str) -> Option<&'static str> {
    Some(match api_field {
        "name" => "naam",
        "description" => "beschrijving",
        "wijk_code" => "wijk",
        f if f.starts_with("themes") => THEME_ANCHOR,
        "address" => "adres",
        "contact_email" => "email",
        "website" => "website",
        _ => "naam",
    })
}

#[derive(Template)]
#[template(path = "initiative_form.html")]
struct InitiativeForm {
    c: Chrome,
    errors: FormErrors,
    heading: String,
    action: String,
    button: String,
    back_href: Option<String>,
    theme_anchor: &'static str,
    name: String,
    description: String,
    wijken: Vec<Choice>,
    themes: Vec<TermBox>,
    address: String,
    email: String,
    website: String,
}

fn initiative_form(
    visitor: &Visitor,
    heading: Ui,
    action: String,
    button: Ui,
    shown: &InitiativeFields,
    errors: FormErrors,
) -> InitiativeForm {
    let lang = visitor.lang;
    let heading = heading.render(lang);
    let title = if errors.is_empty() {
        heading.clone()
    } else {
        format!("{}{heading}", Ui::ErrorPrefix.render(lang))
    };
    let editing = action.ends_with("/bewerken");
    InitiativeForm {
        c: visitor.chrome(&title),
        errors,
        heading,
        back_href: editing.then(|| action.trim_end_matches("/bewerken").to_owned()),
        action,
        button: button.render(lang),
        theme_anchor: THEME_ANCHOR,
        name: shown.name.clone(),
        description: shown.description.clone(),
        wijken: reference::wijken()
            .iter()
            .map(|w| Choice {
                value: w.code,
                label: w.name,
                selected: w.code == shown.wijk,
            })
            .collect(),
        themes: super::offers::term_boxes("thema", vocabulary::THEMES, &shown.themes, lang),
        address: shown.address.clone(),
        email: shown.email.clone(),
        website: shown.website.clone(),
    }
}

/// The form's errors for a service's refusal, each beside its field.
fn refusal(err: AppError, lang: Lang) -> FormErrors {
    FormErrors::from_app_error(err, lang, "naam", initiative_field)
}

/// The form for a new initiative.
pub async fn new_form(ctx: web::Data<AppContext>, req: HttpRequest) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    signed_in!(visitor, req);
    let page = initiative_form(
        &visitor,
        Ui::NewInitiativeTitle,
        "/account/initiatieven/nieuw".into(),
        Ui::CreateInitiativeButton,
        &InitiativeFields::default(),
        FormErrors::default(),
    );
    render(&visitor, StatusCode::OK, &page)
}

fn csrf_of(fields: &[(String, String)]) -> &str {
    fields
        .iter()
        .find(|(k, _)| k == "csrf")
        .map_or("", |(_, v)| v.as_str())
}

/// Register the initiative; the visitor becomes its coordinator.
pub async fn create(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    form: web::Form<Vec<(String, String)>>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let caller = signed_in!(visitor, req);
    let fields = form.into_inner();
    if !visitor.csrf_ok(csrf_of(&fields)) {
        return super::account::expired(&visitor);
    }
    let shown = InitiativeFields::from_form(&fields);
    let input = new_input(&shown);
    match crate::api::run(&ctx, move |conn| create_initiative(conn, &caller, &input)).await {
        Ok(i) => redirect(&visitor, &format!("{}?klaar=nieuw", manage_href(&i.id))),
        Err(e) => match e.0 {
            e @ AppError::Validation(_) => {
                let errors = refusal(e, visitor.lang);
                let page = initiative_form(
                    &visitor,
                    Ui::NewInitiativeTitle,
                    "/account/initiatieven/nieuw".into(),
                    Ui::CreateInitiativeButton,
                    &shown,
                    errors,
                );
                render(&visitor, StatusCode::BAD_REQUEST, &page)
            }
            other => app_error_page(&visitor, other),
        },
    }
}

/// The edit form, filled with what is stored; coordinators and admins only (the API's 403).
pub async fn edit_form(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    id: web::Path<String>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let caller = signed_in!(visitor, req);
    let id = id.into_inner();
    let found = {
        let id = id.clone();
        crate::api::run(&ctx, move |conn| {
            initiatives::require_manager(conn, &caller, &id)?;
            initiatives::get(conn, &id)
        })
        .await
    };
    match found {
        Ok(i) => {
            let page = initiative_form(
                &visitor,
                Ui::EditInitiativeTitle,
                format!("{}/bewerken", manage_href(&id)),
                Ui::SaveInitiativeButton,
                &InitiativeFields::from_view(&i),
                FormErrors::default(),
            );
            render(&visitor, StatusCode::OK, &page)
        }
        Err(e) => app_error_page(&visitor, e.0),
    }
}

/// Save the edit, as `PATCH /api/v1/initiatives/{id}`.
pub async fn update(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    id: web::Path<String>,
    form: web::Form<Vec<(String, String)>>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let caller = signed_in!(visitor, req);
    let fields = form.into_inner();
    if !visitor.csrf_ok(csrf_of(&fields)) {
        return super::account::expired(&visitor);
    }
    let id = id.into_inner();
    let shown = InitiativeFields::from_form(&fields);
    let patch = patch_input(&shown);
    let saved = {
        let id = id.clone();
        crate::api::run(&ctx, move |conn| {
            update_initiative(conn, &caller, &id, &patch)
        })
        .await
    };
    match saved {
        Ok(_) => redirect(&visitor, &format!("{}?klaar=opgeslagen", manage_href(&id))),
        Err(e) => match e.0 {
            e @ AppError::Validation(_) => {
                let errors = refusal(e, visitor.lang);
                let page = initiative_form(
                    &visitor,
                    Ui::EditInitiativeTitle,
                    format!("{}/bewerken", manage_href(&id)),
                    Ui::SaveInitiativeButton,
                    &shown,
                    errors,
                );
                render(&visitor, StatusCode::BAD_REQUEST, &page)
            }
            other => app_error_page(&visitor, other),
        },
    }
}

/// A partner as the partners page lists it.
pub struct PartnerLine {
    pub name: String,
    pub kind: String,
    pub role: String,
    pub unlink_href: String,
}

fn kind_label(kind: PartnerKind) -> Ui {
    match kind {
        PartnerKind::Volunteer => Ui::KindVolunteer,
        PartnerKind::KeyFigure => Ui::KindKeyFigure,
        PartnerKind::WijContact => Ui::KindWijContact,
    }
}

/// One choice of partner kind (a radio button).
pub struct KindChoice {
    pub id: String,
    pub value: &'static str,
    pub label: String,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "partners.html")]
struct PartnersPage {
    c: Chrome,
    errors: FormErrors,
    status: Option<String>,
    heading: String,
    manage_href: String,
    action: String,
    partners: Vec<PartnerLine>,
    coordinators: Vec<CoordinatorLine>,
    coordinators_action: String,
    kinds: Vec<KindChoice>,
    partner_id: String,
    role: String,
    account_id: String,
}

/// A coordinator as the partners page lists it.
pub struct CoordinatorLine {
    pub name: String,
    pub remove_href: String,
}

/// What the partners page says above its content: nothing, what was just done, or why a
/// form was refused (with the status of the refusal).
enum Said {
    Nothing,
    Done(Ui),
    Refused(FormErrors, StatusCode),
}

/// What the link form holds, as typed.
#[derive(Deserialize, Default)]
pub struct LinkForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    soort: String,
    #[serde(default)]
    partner: String,
    #[serde(default)]
    rol: String,
    /// The coordinator form's account id (kept when that form is refused).
    #[serde(default)]
    account: String,
}

/// How many partners and coordinators the page shows: the API's largest page.
const LIST_LIMIT: &str = "200";

async fn partners_page(
    ctx: &AppContext,
    visitor: &Visitor,
    caller: Caller,
    id: String,
    shown: LinkForm,
    said: Said,
) -> HttpResponse {
    let cursors = ctx.cursors.clone();
    let lang = visitor.lang;
    let (errors, status, code) = match said {
        Said::Nothing => (FormErrors::default(), None, StatusCode::OK),
        Said::Done(ui) => (FormErrors::default(), Some(ui), StatusCode::OK),
        Said::Refused(errors, code) => (errors, None, code),
    };
    let found = {
        let id = id.clone();
        crate::api::run(ctx, move |conn| {
            partners::require_linker(conn, &caller, &id)?;
            let initiative = initiatives::get(conn, &id)?;
            let page =
                PageRequest::parse(&cursors, partners::LIST_KIND, Some(LIST_LIMIT), None, 200)?;
            let linked = partners::list(conn, Some(&caller), &id, &page, &cursors)?;
            let page = PageRequest::parse(
                &cursors,
                initiatives::COORDINATORS_KIND,
                Some(LIST_LIMIT),
                None,
                200,
            )?;
            let coordinators = initiatives::coordinators(conn, &id, &page, &cursors)?;
            Ok((initiative, linked.items, coordinators.items))
        })
        .await
    };
    {
        let (initiative, linked, coordinators) = match found {
            Ok(found) => found,
            Err(e) => return app_error_page(visitor, e.0),
        };
        let heading = Ui::PartnersTitle {
            name: initiative.name.clone(),
        }
        .render(lang);
        let title = if errors.is_empty() {
            heading.clone()
        } else {
            format!("{}{heading}", Ui::ErrorPrefix.render(lang))
        };
        let page = PartnersPage {
            c: visitor.chrome(&title),
            errors,
            status: status.map(|s| s.render(lang)),
            heading,
            manage_href: manage_href(&id),
            action: format!("{}/partners", manage_href(&id)),
            partners: linked
                .iter()
                .map(|p: &PartnerView| PartnerLine {
                    name: p
                        .display
                        .clone()
                        .unwrap_or_else(|| Ui::InvitationWaiting.render(lang)),
                    kind: kind_label(p.kind).render(lang),
                    role: p.role.clone(),
                    unlink_href: format!("{}/partners/{}/ontkoppelen", manage_href(&id), p.link_id),
                })
                .collect(),
            coordinators: coordinators
                .into_iter()
                .map(|c| CoordinatorLine {
                    remove_href: format!(
                        "{}/coordinatoren/{}/verwijderen",
                        manage_href(&id),
                        c.user_id
                    ),
                    name: c.display_name,
                })
                .collect(),
            coordinators_action: format!("{}/coordinatoren", manage_href(&id)),
            kinds: PartnerKind::ALL
                .iter()
                .map(|k| KindChoice {
                    id: format!("soort-{}", k.as_str()),
                    value: k.as_str(),
                    label: kind_label(*k).render(lang),
                    checked: shown.soort == k.as_str(),
                })
                .collect(),
            partner_id: shown.partner,
            role: shown.rol,
            account_id: shown.account,
        };
        render(visitor, code, &page)
    }
}

/// The initiative's partners, with a form to link one and a way to unlink each.
pub async fn partners(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    id: web::Path<String>,
    query: web::Query<DoneQuery>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let caller = signed_in!(visitor, req);
    let said = match query.klaar.as_str() {
        "gekoppeld" => Said::Done(Ui::PartnerLinked),
        "ontkoppeld" => Said::Done(Ui::PartnerUnlinked),
        "toegevoegd" => Said::Done(Ui::CoordinatorAdded),
        "verwijderd" => Said::Done(Ui::CoordinatorRemoved),
        _ => Said::Nothing,
    };
    partners_page(
        &ctx,
        &visitor,
        caller,
        id.into_inner(),
        LinkForm::default(),
        said,
    )
    .await
}

/// The body of `POST /api/v1/initiatives/{id}/partners`, from the form; `Err` when the
/// kind is none the API knows (the API's own message).
fn link_input(f: &LinkForm) -> Result<PartnerInput, FieldText> {
    let kind = PartnerKind::parse(&f.soort).ok_or(FieldText::OneOf {
        choices: Choices::of::<PartnerKind>(),
    })?;
    Ok(PartnerInput {
        kind,
        id: f.partner.trim().to_owned(),
        role: f.rol.trim().to_owned(),
    })
}

/// The one call the link form makes: exactly `POST /api/v1/initiatives/{id}/partners`.
fn link_partner(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    input: &PartnerInput,
) -> AppResult<PartnerView> {
    partners::require_linker(conn, caller, id)?;
    partners::add(conn, caller, id, &NewPartnerLink::try_from(input)?)
}

fn link_field(api_field: &str) -> Option<&'static str> {
    match api_field {
        "kind" => Some("soort-volunteer"),
        "role" => Some("rol"),
        _ => Some("partner"),
    }
}

/// Link a partner; mistakes come back beside their fields.
pub async fn link(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    id: web::Path<String>,
    form: web::Form<LinkForm>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let caller = signed_in!(visitor, req);
    let form = form.into_inner();
    if !visitor.csrf_ok(&form.csrf) {
        return super::account::expired(&visitor);
    }
    let id = id.into_inner();
    let lang = visitor.lang;
    let input = match link_input(&form) {
        Ok(input) => input,
        Err(text) => {
            let mut errors = FormErrors::default();
            errors.add("soort-volunteer", text.render(lang));
            let said = Said::Refused(errors, StatusCode::BAD_REQUEST);
            return partners_page(&ctx, &visitor, caller, id, form, said).await;
        }
    };
    let linked = {
        let (caller, id) = (caller.clone(), id.clone());
        crate::api::run(&ctx, move |conn| link_partner(conn, &caller, &id, &input)).await
    };
    match linked {
        Ok(_) => redirect(
            &visitor,
            &format!("{}/partners?klaar=gekoppeld", manage_href(&id)),
        ),
        Err(e) => match e.0 {
            // Invalid, unknown, or already linked: said beside the partner field.
            e @ (AppError::Validation(_) | AppError::Conflict(_)) => {
                let code = refusal_status(&e);
                let errors = FormErrors::from_app_error(e, lang, "partner", link_field);
                let said = Said::Refused(errors, code);
                partners_page(&ctx, &visitor, caller, id, form, said).await
            }
            other => app_error_page(&visitor, other),
        },
    }
}

/// The API's status for a refusal a form shows: 409 for a conflict, else 400.
fn refusal_status(e: &AppError) -> StatusCode {
    match e {
        AppError::Conflict(_) => StatusCode::CONFLICT,
        _ => StatusCode::BAD_REQUEST,
    }
}

#[derive(Deserialize)]
pub struct CoordinatorForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    account: String,
}

/// The one call the coordinator form makes: exactly `POST
/// /api/v1/initiatives/{id}/coordinators`.
fn add_coordinator(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    input: &CoordinatorInput,
) -> AppResult<CoordinatorView> {
    initiatives::require_manager(conn, caller, id)?;
    initiatives::add_coordinator(conn, caller, id, &input.user_id)
}

/// Add a coordinator by their account id; mistakes come back beside the field.
pub async fn add_coordinator_form(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    id: web::Path<String>,
    form: web::Form<CoordinatorForm>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let caller = signed_in!(visitor, req);
    let form = form.into_inner();
    if !visitor.csrf_ok(&form.csrf) {
        return super::account::expired(&visitor);
    }
    let id = id.into_inner();
    let input = CoordinatorInput {
        user_id: form.account.trim().to_owned(),
    };
    let added = {
        let (caller, id) = (caller.clone(), id.clone());
        crate::api::run(&ctx, move |conn| {
            add_coordinator(conn, &caller, &id, &input)
        })
        .await
    };
    match added {
        Ok(_) => redirect(
            &visitor,
            &format!("{}/partners?klaar=toegevoegd", manage_href(&id)),
        ),
        Err(e) => match e.0 {
            // No such account, or a coordinator already: said beside the field.
            e @ (AppError::Validation(_) | AppError::Conflict(_)) => {
                let code = refusal_status(&e);
                let errors =
                    FormErrors::from_app_error(e, visitor.lang, "account", |_| Some("account"));
                let shown = LinkForm {
                    account: form.account,
                    ..LinkForm::default()
                };
                let said = Said::Refused(errors, code);
                partners_page(&ctx, &visitor, caller, id, shown, said).await
            }
            other => app_error_page(&visitor, other),
        },
    }
}

/// "Remove this coordinator?": asked once more, on a page.
pub async fn remove_coordinator_form(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let caller = signed_in!(visitor, req);
    let (id, user_id) = path.into_inner();
    let found = {
        let id = id.clone();
        crate::api::run(&ctx, move |conn| {
            initiatives::require_manager(conn, &caller, &id)?;
            initiatives::get(conn, &id)
        })
        .await
    };
    let initiative = match found {
        Ok(i) => i,
        Err(e) => return app_error_page(&visitor, e.0),
    };
    let lang = visitor.lang;
    let heading = Ui::RemoveCoordinatorTitle.render(lang);
    let page = ConfirmPage {
        c: visitor.chrome(&heading),
        heading,
        text: vec![
            Ui::RemoveCoordinatorText {
                name: initiative.name,
            }
            .render(lang),
        ],
        action: format!("{}/coordinatoren/{user_id}/verwijderen", manage_href(&id)),
        hidden: Vec::new(),
        button: Ui::RemoveCoordinatorButton.render(lang),
        back_href: format!("{}/partners", manage_href(&id)),
        back: Ui::KeepCoordinator.render(lang),
    };
    render(&visitor, StatusCode::OK, &page)
}

/// Remove the coordinator, as `DELETE /api/v1/initiatives/{id}/coordinators/{user_id}`;
/// never the last one (the API's 409, said on a page).
pub async fn remove_coordinator(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    form: web::Form<TokenForm>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let caller = signed_in!(visitor, req);
    if !visitor.csrf_ok(&form.csrf) {
        return super::account::expired(&visitor);
    }
    let (id, user_id) = path.into_inner();
    let done = {
        let id = id.clone();
        crate::api::run(&ctx, move |conn| {
            initiatives::require_manager(conn, &caller, &id)?;
            initiatives::remove_coordinator(conn, &caller, &id, &user_id)
        })
        .await
    };
    match done {
        Ok(()) => redirect(
            &visitor,
            &format!("{}/partners?klaar=verwijderd", manage_href(&id)),
        ),
        Err(e) => app_error_page(&visitor, e.0),
    }
}

/// "Unlink this partner?": asked once more, on a page.
pub async fn unlink_form(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let caller = signed_in!(visitor, req);
    let (id, link_id) = path.into_inner();
    let found = {
        let (id, link_id) = (id.clone(), link_id.clone());
        crate::api::run(&ctx, move |conn| {
            partners::require_unlinker(conn, &caller, &id, &link_id)?;
            initiatives::get(conn, &id)
        })
        .await
    };
    let initiative = match found {
        Ok(i) => i,
        Err(e) => return app_error_page(&visitor, e.0),
    };
    let lang = visitor.lang;
    let heading = Ui::UnlinkPartnerTitle.render(lang);
    let page = ConfirmPage {
        c: visitor.chrome(&heading),
        heading,
        text: vec![
            Ui::UnlinkPartnerText {
                name: initiative.name,
            }
            .render(lang),
        ],
        action: format!("{}/partners/{link_id}/ontkoppelen", manage_href(&id)),
        hidden: Vec::new(),
        button: Ui::UnlinkPartnerButton.render(lang),
        back_href: format!("{}/partners", manage_href(&id)),
        back: Ui::KeepPartner.render(lang),
    };
    render(&visitor, StatusCode::OK, &page)
}

/// Unlink the partner, as `DELETE /api/v1/initiatives/{id}/partners/{link_id}`.
pub async fn unlink(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    form: web::Form<TokenForm>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let caller = signed_in!(visitor, req);
    if !visitor.csrf_ok(&form.csrf) {
        return super::account::expired(&visitor);
    }
    let (id, link_id) = path.into_inner();
    let done = {
        let id = id.clone();
        crate::api::run(&ctx, move |conn| {
            partners::require_unlinker(conn, &caller, &id, &link_id)?;
            partners::remove(conn, &caller, &id, &link_id)
        })
        .await
    };
    match done {
        Ok(()) => redirect(
            &visitor,
            &format!("{}/partners?klaar=ontkoppeld", manage_href(&id)),
        ),
        Err(e) => app_error_page(&visitor, e.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forms_become_the_api_inputs() {
        let f = InitiativeFields {
            name: "Buurttuin".into(),
            description: "Samen tuinieren".into(),
            wijk: "WK001404".into(),
            themes: vec!["samenleving_in_de_buurt".into()],
            address: String::new(),
            email: "tuin@example.org".into(),
            website: String::new(),
        };
        let new = new_input(&f);
        assert_eq!(new.address, None);
        assert_eq!(new.contact_email.as_deref(), Some("tuin@example.org"));
        assert!(NewInitiative::try_from(&new).is_ok());
        let patch = patch_input(&f);
        assert_eq!(patch.address, Some(None), "an emptied field is cleared");
        assert_eq!(patch.lat, None, "the location is kept");
        assert!(InitiativeChange::try_from(&patch).is_ok());

        let link = LinkForm {
            soort: "key_figure".into(),
            partner: " abc ".into(),
            rol: "Helpt mee".into(),
            ..LinkForm::default()
        };
        let input = link_input(&link).unwrap();
        assert_eq!(input.kind, PartnerKind::KeyFigure);
        assert_eq!(input.id, "abc");
        assert_eq!(THEME_ANCHOR, format!("thema-{}", vocabulary::THEMES[0].id));
        let none = LinkForm::default();
        assert!(matches!(link_input(&none), Err(FieldText::OneOf { .. })));
    }
}
