/**
 * The simulation core: the virtual clock, the event queue ordered by (time, sequence) and the seeded
 * random source. Single-threaded and deterministic; nothing here reads the wall clock.
 */
package org.kvmemu.api.sim;
