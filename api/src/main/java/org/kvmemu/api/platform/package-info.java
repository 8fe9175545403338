/**
 * The simulated host: physical CPUs, the host's system vectors and their handlers, the host timer
 * that backs the APIC timer, guest mode (VMX non-root, SEAM) and the virtual-time costs of each
 * hardware step.
 */
package org.kvmemu.api.platform;
