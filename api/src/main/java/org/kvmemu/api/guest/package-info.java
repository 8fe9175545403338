/**
 * The guest as the CPU model drives it: its software (program, IDT handlers, kernel), the hardware
 * view it executes against, guest memory and registers, and the guest-driver SPI through which a
 * plugin models guest kernel code such as the TD's event-notify driver ({@code TDG.VP.VMCALL}
 * registers, GHCI constants).
 */
package org.kvmemu.api.guest;
