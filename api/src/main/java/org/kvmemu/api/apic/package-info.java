/**
 * Local-APIC building blocks shared by generic KVM and the backends: the 256-bit registers (IRR, ISR,
 * TMR, a PIR), the ICR delivery modes and shorthands, the LVT timer modes and the x2APIC MSR map
 * ({@code arch/x86/kvm/lapic.h}, {@code apicdef.h}).
 */
package org.kvmemu.api.apic;
