/**
 * Generic KVM as vendor code sees it ({@code x86.c}, {@code lapic.c}, {@code irq.c}): the VM and
 * vCPU structures, the run loop {@code vcpu_enter_guest}, event injection
 * ({@code kvm_check_and_inject_events}), the local APIC and its timer, KVM requests, exit reasons,
 * halt polling and the vCPU threads on the host's run queues. Backends call into it; only the
 * launcher drives it through the {@code VmFd}/{@code VcpuFd} ioctls.
 */
package org.kvmemu.api.kvm;
