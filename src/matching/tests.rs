//! Tests of the matching engine (unit tests of the rules and the score, property tests of
//! the solver and the indexes, the `solve` command).

mod batch;
mod cli;
mod feasibility;
mod fixtures;
mod index;
mod score;
mod solver;
