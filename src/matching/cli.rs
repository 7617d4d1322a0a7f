//! `wijkmatch solve` (issue 4 §6): a generic weighted bipartite instance as JSON in, the
//! optimal assignment as JSON out, so the solver can be checked against other solvers.

use std::borrow::Cow;
use std::io::{Read, Write};

use serde::{Deserialize, Serialize};

use super::index::FxMap;
use super::solver::{Edge, Instance, MAX_SCORE, Objective, solve};

fn one() -> i64 {
    1
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Input<'a> {
    #[serde(default)]
    objective: Objective,
    #[serde(borrow)]
    requests: Vec<Node<'a>>,
    #[serde(borrow)]
    offers: Vec<Node<'a>>,
    #[serde(borrow)]
    edges: Vec<InEdge<'a>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Node<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(default = "one")]
    capacity: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InEdge<'a> {
    #[serde(borrow)]
    request: Cow<'a, str>,
    #[serde(borrow)]
    offer: Cow<'a, str>,
    score: i64,
}

#[derive(Serialize)]
struct Assignment<'a> {
    request: &'a str,
    offer: &'a str,
    score: i64,
}

#[derive(Serialize)]
struct Output<'a> {
    assignments: Vec<Assignment<'a>>,
    matched: u64,
    total_score: u64,
}

fn ids<'a>(nodes: &'a [Node<'a>], what: &str) -> Result<(FxMap<&'a str, u32>, Vec<u32>), String> {
    let mut map = FxMap::with_capacity_and_hasher(nodes.len(), Default::default());
    let mut caps = Vec::with_capacity(nodes.len());
    for (i, n) in nodes.iter().enumerate() {
        if n.capacity < 1 || n.capacity > i64::from(u32::MAX) {
            return Err(format!(
                "{what}[{i}] (id {:?}): capacity must be an integer from 1 to {}, got {}",
                n.id,
                u32::MAX,
                n.capacity
            ));
        }
        let idx = u32::try_from(i).map_err(|_| format!("too many {what}"))?;
        if map.insert(n.id.as_ref(), idx).is_some() {
            return Err(format!("{what}[{i}]: duplicate id {:?}", n.id));
        }
        caps.push(n.capacity as u32);
    }
    Ok((map, caps))
}

fn parse(text: &str) -> Result<(Input<'_>, Instance), String> {
    let input: Input =
        serde_json::from_str(text).map_err(|e| format!("invalid input JSON: {e}"))?;
    let (rmap, rcap) = ids(&input.requests, "requests")?;
    let (omap, ocap) = ids(&input.offers, "offers")?;
    let mut edges = Vec::with_capacity(input.edges.len());
    for (i, e) in input.edges.iter().enumerate() {
        let request = *rmap
            .get(e.request.as_ref())
            .ok_or_else(|| format!("edges[{i}]: unknown request id {:?}", e.request))?;
        let offer = *omap
            .get(e.offer.as_ref())
            .ok_or_else(|| format!("edges[{i}]: unknown offer id {:?}", e.offer))?;
        if e.score < 0 || e.score > i64::from(MAX_SCORE) {
            return Err(format!(
                "edges[{i}]: score must be an integer from 0 to {MAX_SCORE}, got {}",
                e.score
            ));
        }
        edges.push(Edge {
            request,
            offer,
            score: e.score as u32,
        });
    }
    Ok((
        input,
        Instance {
            request_capacity: rcap,
            offer_capacity: ocap,
            edges,
        },
    ))
}

/// Runs `wijkmatch solve`: reads the instance from `input`, writes the optimal assignment to
/// `out`. Returns the exit code: 0 done, 2 bad input (explained on `err`), 1 output failed.
pub fn run_solve(mut input: impl Read, out: impl Write, mut err: impl Write) -> i32 {
    let mut text = String::new();
    if let Err(e) = input.read_to_string(&mut text) {
        let _ = writeln!(
            err,
            "wijkmatch solve: cannot read the input as UTF-8 text: {e}"
        );
        return 2;
    }
    let (parsed, instance) = match parse(&text) {
        Ok(x) => x,
        Err(msg) => {
            let _ = writeln!(err, "wijkmatch solve: {msg}");
            return 2;
        }
    };
    let sol = solve(&instance, parsed.objective);
    let assignments = sol
        .assignments
        .iter()
        .map(|&i| {
            let e = &parsed.edges[i];
            Assignment {
                request: e.request.as_ref(),
                offer: e.offer.as_ref(),
                score: e.score,
            }
        })
        .collect();
    let output = Output {
        assignments,
        matched: sol.matched,
        total_score: sol.total_score,
    };
    let mut out = std::io::BufWriter::new(out);
    let written = serde_json::to_writer(&mut out, &output)
        .map_err(std::io::Error::from)
        .and_then(|()| writeln!(out))
        .and_then(|()| out.flush());
    match written {
        Ok(()) => 0,
        Err(e) => {
            let _ = writeln!(err, "wijkmatch solve: cannot write the output: {e}");
            1
        }
    }
}
