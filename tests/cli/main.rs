//! godock's integration tests: one binary, one module per area. Each test
//! runs the real `godock` binary in a fresh temporary copy of a project.
// Tests say what they skip and how long the Docker tier takes.
#![allow(clippy::print_stderr, clippy::print_stdout)]
mod arm64;
mod audit;
mod cgo_reader;
mod coexist;
mod common;
mod context;
mod crash;
mod debian;
mod docker;
mod errors;
mod hadolint;
mod health;
mod help;
mod hostile;
mod init;
mod legal_names;
mod menus;
mod modproxy;
mod outputs;
mod own_builder;
mod pin;
mod private_modules;
mod production;
mod regen;
mod registry;
mod robust;
mod scan;
mod snapshots;
mod stages;
mod stamps;
mod wizard;
mod workspace;
mod workspace_download;
mod workspace_shapes;
