//! The API integration suite: the real application over real HTTP on 127.0.0.1, a fresh database per
//! test, on the backend `STEWARD_TEST_BACKEND` selects (`sqlite`, the default, or `postgres` at
//! `STEWARD_TEST_PG_URL`). `scripts/test` runs it once per backend.

mod attachments;
mod audit;
mod auth;
mod authz;
mod backup;
mod bad_input;
mod checkpoint;
mod concurrency;
mod crash;
mod demo;
mod hardening;
mod impact;
mod jobs;
mod mail;
mod matrix;
mod metadata;
mod oidc;
mod portal;
mod process_rules;
mod processes;
mod protected;
mod query_requests;
mod query_sets;
mod rules;
mod scheduler;
mod schema;
mod scim;
mod servers;
mod testkit;
mod values;
mod web;
mod webhooks;
mod write_guards;
