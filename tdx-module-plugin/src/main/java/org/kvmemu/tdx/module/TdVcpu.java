package org.kvmemu.tdx.module;

/**
 * A TD vCPU (its TDVPR) as the host holds it: a handle to name in SEAMCALLs, with nothing of the
 * TD's state reachable through it. The registers, the virtual APIC and PEND_NMI stay in the
 * module's package.
 */
public final class TdVcpu {

    final TdCpu cpu;

    TdVcpu(TdCpu cpu) {
        this.cpu = cpu;
    }
}
