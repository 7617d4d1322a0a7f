//! The hard rules for one pair: an offer either may be matched with a request or not, and
//! when not, [`Infeasible`] says which rule refused it.

use super::core::{Interner, POffer, PRequest, evaluate};
use super::model::{OfferSpec, RequestSpec};
use super::rules::{Ctx, Infeasible};

/// Whether `offer` may be matched with `request`. The first failing rule, in
/// the order, is the answer.
pub fn check_feasible(
    request: &RequestSpec,
    offer: &OfferSpec,
    ctx: &Ctx,
) -> Result<(), Infeasible> {
    let mut int = Interner::default();
    let o = POffer::new(offer, &mut int);
    let r = PRequest::new(request, &int, ctx.now);
    evaluate(&r, &o, ctx).map(|_| ())
}
