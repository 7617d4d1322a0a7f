use proptest::prelude::*;

use super::super::solver::{Edge, Instance, Objective, Solver, solve};

/// Best (matched, score) by trying every subset of edges (small instances only).
fn brute_force(inst: &Instance, obj: Objective) -> (u64, u64) {
    let m = inst.edges.len();
    let mut best = (0u64, 0u64);
    for mask in 0u32..(1 << m) {
        let mut rl = vec![0u32; inst.request_capacity.len()];
        let mut ol = vec![0u32; inst.offer_capacity.len()];
        let mut pairs = std::collections::HashSet::new();
        let (mut cnt, mut sc, mut ok) = (0u64, 0u64, true);
        for (i, e) in inst.edges.iter().enumerate() {
            if mask & (1 << i) != 0 {
                rl[e.request as usize] += 1;
                ol[e.offer as usize] += 1;
                ok &= pairs.insert((e.request, e.offer));
                cnt += 1;
                sc += u64::from(e.score);
            }
        }
        ok &= rl.iter().zip(&inst.request_capacity).all(|(l, c)| l <= c);
        ok &= ol.iter().zip(&inst.offer_capacity).all(|(l, c)| l <= c);
        if !ok {
            continue;
        }
        let better = match obj {
            Objective::MaxMatchedThenScore => (cnt, sc) > best,
            Objective::MaxScore => sc > best.1,
        };
        if better {
            best = (cnt, sc);
        }
    }
    best
}

fn check_valid(inst: &Instance, sol: &super::super::solver::Solution) {
    let mut rl = vec![0u32; inst.request_capacity.len()];
    let mut ol = vec![0u32; inst.offer_capacity.len()];
    let mut pairs = std::collections::HashSet::new();
    let mut sc = 0u64;
    for &i in &sol.assignments {
        let e = inst.edges[i]; // only given edges
        rl[e.request as usize] += 1;
        ol[e.offer as usize] += 1;
        assert!(pairs.insert((e.request, e.offer)), "pair used twice");
        sc += u64::from(e.score);
    }
    for (l, c) in rl.iter().zip(&inst.request_capacity) {
        assert!(l <= c, "request capacity exceeded");
    }
    for (l, c) in ol.iter().zip(&inst.offer_capacity) {
        assert!(l <= c, "offer capacity exceeded");
    }
    assert_eq!(sol.matched, sol.assignments.len() as u64);
    assert_eq!(sol.total_score, sc);
}

fn instance(max_nodes: usize, max_edges: usize, max_score: u32) -> impl Strategy<Value = Instance> {
    (1..=max_nodes, 1..=max_nodes).prop_flat_map(move |(nr, no)| {
        (
            prop::collection::vec(1u32..=3, nr),
            prop::collection::vec(1u32..=3, no),
            prop::collection::vec((0..nr as u32, 0..no as u32, 0..=max_score), 0..=max_edges),
        )
            .prop_map(|(rc, oc, es)| Instance {
                request_capacity: rc,
                offer_capacity: oc,
                edges: es
                    .into_iter()
                    .map(|(request, offer, score)| Edge {
                        request,
                        offer,
                        score,
                    })
                    .collect(),
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn solver_equals_brute_force(inst in instance(4, 10, 20), small in any::<bool>()) {
        // Small score ranges create many ties, large ones test the arithmetic.
        let mut inst = inst;
        if !small {
            for e in &mut inst.edges { e.score = e.score * 49_999 + 7; }
        }
        for obj in [Objective::MaxMatchedThenScore, Objective::MaxScore] {
            let sol = solve(&inst, obj);
            check_valid(&inst, &sol);
            let (bm, bs) = brute_force(&inst, obj);
            match obj {
                Objective::MaxMatchedThenScore => prop_assert_eq!((sol.matched, sol.total_score), (bm, bs)),
                Objective::MaxScore => prop_assert_eq!(sol.total_score, bs),
            }
        }
    }

    #[test]
    fn solver_is_optimal_after_every_added_request(inst in instance(4, 9, 1_000_000)) {
        // Incremental use: after adding each request the assignment is optimal so far.
        let mut solver = Solver::new(&inst.offer_capacity, Objective::MaxMatchedThenScore);
        for r in 0..inst.request_capacity.len() {
            let mut seen = std::collections::HashMap::new();
            for (i, e) in inst.edges.iter().enumerate() {
                if e.request as usize == r {
                    let b = seen.entry(e.offer).or_insert(i);
                    if inst.edges[*b].score < e.score { *b = i; }
                }
            }
            let mut row: Vec<_> = seen.into_values().map(|i| (inst.edges[i].offer, inst.edges[i].score, i)).collect();
            row.sort_unstable();
            solver.add_request(inst.request_capacity[r], row);
            let sub = Instance {
                request_capacity: inst.request_capacity[..=r].to_vec(),
                offer_capacity: inst.offer_capacity.clone(),
                edges: inst.edges.iter().copied().filter(|e| (e.request as usize) <= r).collect(),
            };
            let tags = solver.assigned_tags();
            let got: (u64, u64) = (tags.len() as u64, tags.iter().map(|&i| u64::from(inst.edges[i].score)).sum());
            prop_assert_eq!(got, brute_force(&sub, Objective::MaxMatchedThenScore));
        }
    }
}

#[test]
fn lexicographic_objective_prefers_more_places_over_score() {
    // r0–o0 scores 100; r0–o1 and r1–o0 score 1 each. Max score picks r0–o0 (100);
    // most places first picks both low pairs (2 places, 2 points).
    let inst = Instance {
        request_capacity: vec![1, 1],
        offer_capacity: vec![1, 1],
        edges: vec![
            Edge {
                request: 0,
                offer: 0,
                score: 100,
            },
            Edge {
                request: 0,
                offer: 1,
                score: 1,
            },
            Edge {
                request: 1,
                offer: 0,
                score: 1,
            },
        ],
    };
    let a = solve(&inst, Objective::MaxMatchedThenScore);
    assert_eq!(
        (a.matched, a.total_score, a.assignments),
        (2, 2, vec![1, 2])
    );
    let b = solve(&inst, Objective::MaxScore);
    assert_eq!((b.matched, b.total_score, b.assignments), (1, 100, vec![0]));
}

#[test]
fn repeated_pair_uses_its_highest_score_once() {
    let inst = Instance {
        request_capacity: vec![2],
        offer_capacity: vec![2],
        edges: vec![
            Edge {
                request: 0,
                offer: 0,
                score: 5,
            },
            Edge {
                request: 0,
                offer: 0,
                score: 9,
            },
        ],
    };
    let s = solve(&inst, Objective::MaxMatchedThenScore);
    assert_eq!((s.matched, s.total_score, s.assignments), (1, 9, vec![1]));
}

#[test]
fn solver_is_deterministic() {
    let inst = Instance {
        request_capacity: vec![1, 1, 1],
        offer_capacity: vec![1, 1],
        edges: (0..3)
            .flat_map(|r| {
                (0..2).map(move |o| Edge {
                    request: r,
                    offer: o,
                    score: 50,
                })
            })
            .collect(),
    };
    let first = solve(&inst, Objective::MaxMatchedThenScore);
    for _ in 0..5 {
        assert_eq!(solve(&inst, Objective::MaxMatchedThenScore), first);
    }
    assert_eq!(first.matched, 2);
}
