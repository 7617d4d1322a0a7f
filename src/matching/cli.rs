//! `wijkmatch solve`: a generic weighted bipartite instance as JSON in, the
//! optimal assignment as JSON out, so the solver can be checked against other solvers.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;
use std::io::{Read, Write};

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use super::solver::{Edge, Instance, MAX_SCORE, Objective, solve};
use rustc_hash::FxHashMap as FxMap;

fn one() -> i64 {
    1
}

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum Field {
    Objective,
    Requests,
    Offers,
    Edges,
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
    score: u32,
}

#[derive(Serialize)]
struct Output<'a> {
    assignments: Vec<Assignment<'a>>,
    matched: u64,
    total_score: u64,
}

/// The instance as read: the ids, kept for the answer, and the edges already resolved.
struct Parsed<'a> {
    objective: Objective,
    requests: Vec<Node<'a>>,
    offers: Vec<Node<'a>>,
    instance: Instance,
}

/// Input that is valid JSON but not a valid instance (an unknown id, a capacity or score
/// out of range): found while reading, kept here so the message is not dressed as a JSON
/// syntax error.
type Problem = RefCell<Option<String>>;

fn ids<'a>(nodes: &'a [Node<'_>], what: &str) -> Result<FxMap<&'a str, u32>, String> {
    let mut map = FxMap::with_capacity_and_hasher(nodes.len(), Default::default());
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
    }
    Ok(map)
}

/// The ids of both sides, looked up by name.
struct Ids<'n> {
    requests: FxMap<&'n str, u32>,
    offers: FxMap<&'n str, u32>,
}

impl<'n> Ids<'n> {
    fn new(requests: &'n [Node<'_>], offers: &'n [Node<'_>]) -> Result<Ids<'n>, String> {
        Ok(Ids {
            requests: ids(requests, "requests")?,
            offers: ids(offers, "offers")?,
        })
    }

    fn resolve(&self, i: usize, e: &InEdge) -> Result<Edge, String> {
        let request = *self
            .requests
            .get(e.request.as_ref())
            .ok_or_else(|| format!("edges[{i}]: unknown request id {:?}", e.request))?;
        let offer = *self
            .offers
            .get(e.offer.as_ref())
            .ok_or_else(|| format!("edges[{i}]: unknown offer id {:?}", e.offer))?;
        if e.score < 0 || e.score > i64::from(MAX_SCORE) {
            return Err(format!(
                "edges[{i}]: score must be an integer from 0 to {MAX_SCORE}, got {}",
                e.score
            ));
        }
        Ok(Edge {
            request,
            offer,
            score: e.score as u32,
        })
    }
}

/// Reads the input object. When `requests` and `offers` come before `edges` (as usual),
/// each edge is resolved as it is read, so the edges' id strings are never all held at
/// once (measured at 100k: ~190 MB less peak memory, and the parse is the larger part of
/// the process's time).
struct InputSeed<'p> {
    problem: &'p Problem,
}

impl<'p> InputSeed<'p> {
    fn fail<E: de::Error>(&self, msg: String) -> E {
        let e = E::custom(&msg);
        *self.problem.borrow_mut() = Some(msg);
        e
    }
}

impl<'de> DeserializeSeed<'de> for InputSeed<'_> {
    type Value = Parsed<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Parsed<'de>, D::Error> {
        const FIELDS: &[&str] = &["objective", "requests", "offers", "edges"];
        d.deserialize_struct("Input", FIELDS, self)
    }
}

impl<'de> Visitor<'de> for InputSeed<'_> {
    type Value = Parsed<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object with requests, offers and edges")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Parsed<'de>, A::Error> {
        let mut objective: Option<Objective> = None;
        let mut requests: Option<Vec<Node<'de>>> = None;
        let mut offers: Option<Vec<Node<'de>>> = None;
        let mut edges: Option<Vec<Edge>> = None;
        // Edges that came before both id lists, resolved at the end.
        let mut early: Option<Vec<InEdge<'de>>> = None;
        while let Some(field) = map.next_key::<Field>()? {
            match field {
                // null reads as absent: the default objective.
                Field::Objective if objective.is_none() => {
                    objective = Some(map.next_value::<Option<Objective>>()?.unwrap_or_default());
                }
                Field::Requests if requests.is_none() => requests = Some(map.next_value()?),
                Field::Offers if offers.is_none() => offers = Some(map.next_value()?),
                Field::Edges if edges.is_none() && early.is_none() => {
                    if let (Some(r), Some(o)) = (&requests, &offers) {
                        let ids = Ids::new(r, o).map_err(|m| self.fail(m))?;
                        edges = Some(map.next_value_seed(EdgesSeed {
                            ids: &ids,
                            input: &self,
                        })?);
                    } else {
                        early = Some(map.next_value()?);
                    }
                }
                Field::Objective => return Err(de::Error::duplicate_field("objective")),
                Field::Requests => return Err(de::Error::duplicate_field("requests")),
                Field::Offers => return Err(de::Error::duplicate_field("offers")),
                Field::Edges => return Err(de::Error::duplicate_field("edges")),
            }
        }
        let requests = requests.ok_or_else(|| de::Error::missing_field("requests"))?;
        let offers = offers.ok_or_else(|| de::Error::missing_field("offers"))?;
        let edges = match (edges, early) {
            (Some(e), _) => e,
            (None, Some(early)) => {
                let ids = Ids::new(&requests, &offers).map_err(|m| self.fail(m))?;
                early
                    .iter()
                    .enumerate()
                    .map(|(i, e)| ids.resolve(i, e))
                    .collect::<Result<_, _>>()
                    .map_err(|m| self.fail(m))?
            }
            (None, None) => return Err(de::Error::missing_field("edges")),
        };
        // Capacities were checked when the ids were mapped.
        let caps = |nodes: &[Node]| nodes.iter().map(|n| n.capacity as u32).collect();
        Ok(Parsed {
            objective: objective.unwrap_or_default(),
            instance: Instance {
                request_capacity: caps(&requests),
                offer_capacity: caps(&offers),
                edges,
            },
            requests,
            offers,
        })
    }
}

/// Reads the edge list, resolving each edge as it comes.
struct EdgesSeed<'i, 'n, 'p> {
    ids: &'i Ids<'n>,
    input: &'i InputSeed<'p>,
}

impl<'de> DeserializeSeed<'de> for EdgesSeed<'_, '_, '_> {
    type Value = Vec<Edge>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<Edge>, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for EdgesSeed<'_, '_, '_> {
    type Value = Vec<Edge>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of edges")
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<Vec<Edge>, S::Error> {
        let mut edges = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 20));
        while let Some(e) = seq.next_element::<InEdge<'de>>()? {
            let edge = self
                .ids
                .resolve(edges.len(), &e)
                .map_err(|m| self.input.fail(m))?;
            edges.push(edge);
        }
        Ok(edges)
    }
}

fn parse(text: &str) -> Result<Parsed<'_>, String> {
    let problem = Problem::default();
    let mut de = serde_json::Deserializer::from_str(text);
    let parsed = InputSeed { problem: &problem }
        .deserialize(&mut de)
        .and_then(|p| de.end().map(|()| p));
    parsed.map_err(|e| match problem.take() {
        Some(msg) => msg,
        None => format!("invalid input JSON: {e}"),
    })
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
    let parsed = match parse(&text) {
        Ok(x) => x,
        Err(msg) => {
            let _ = writeln!(err, "wijkmatch solve: {msg}");
            return 2;
        }
    };
    let sol = solve(&parsed.instance, parsed.objective);
    let assignments = sol
        .assignments
        .iter()
        .map(|&i| {
            let e = &parsed.instance.edges[i];
            Assignment {
                request: &parsed.requests[e.request as usize].id,
                offer: &parsed.offers[e.offer as usize].id,
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
