/**
 * The scenario runtime: parser, machine builder, run and expectation checking of the scenario
 * language (docs/scenario-language.md). Exported to the launcher only; not plugin API.
 */
package org.kvmemu.api.scenario;
