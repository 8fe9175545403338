package org.kvmemu.api.platform;

import org.kvmemu.api.annotation.API;

/**
 * Virtual-time costs of the host and hardware steps, in ns, with every default in one place.
 * Defaults come from published VMX figures at a nominal 2.6 GHz: a VM exit + entry round trip of
 * about 1,050 cycles (a CPUID exit), split evenly; a cross-CPU IPI of about 5,000 cycles. No TDX
 * exit cost is published: TD entry and exit default to 2.5 times the VMX cost (as SEV-SNP measures).
 */
@API(status = API.Status.MAINTAINED, since = "1")
public final class Costs {

    /** Nominal core clock used to turn cycle counts into ns, in MHz. */
    public static final long CPU_MHZ = 2600;

    /** VM entry (VMLAUNCH/VMRESUME until the first guest instruction). */
    public long vmEntryNs = cyclesToNs(525);
    /** VM exit (guest to the host's exit handler). */
    public long vmExitNs = cyclesToNs(525);
    /** TD entry through TDH.VP.ENTER and the TDX module. */
    public long tdEntryNs = vmEntryNs * 5 / 2;
    /** TD exit through the TDX module and SEAMRET. */
    public long tdExitNs = vmExitNs * 5 / 2;
    /** An IPI from sending to arrival at the target CPU. */
    public long ipiNs = cyclesToNs(5000);
    /** One guest instruction other than {@code spin}. */
    public long guestInstructionNs = 1;
    /** KVM's work between two entries (requests, exit handling), per loop. */
    public long kvmLoopNs = cyclesToNs(260);
    /** The host scheduler's slice when threads share a CPU (EEVDF's {@code sysctl_sched_base_slice}). */
    public long timesliceNs = 750_000;
    /** Switching the CPU from one thread to another. */
    public long contextSwitchNs = cyclesToNs(5200);
    /** Waking a blocked vCPU thread until it runs again (scheduler wake-up latency). */
    public long wakeupNs = cyclesToNs(5200);
    /** The guest firmware's SMI handler, from SMM entry to RSM. */
    public long smmHandlerNs = 10_000;
    /** A physical SMI: the time the host's SMM firmware holds the CPU. */
    public long hostSmiNs = 30_000;
    /**
     * The guest's start-up code after INIT (and, on an AP, the SIPI) until it re-enables its local
     * APIC with an SPIV write; INIT left the APIC software-disabled.
     */
    public long apicStartupNs = 20_000;
    /** Userspace handling of one ioctl or exit, per call. */
    public long userspaceNs = cyclesToNs(2600);

    /** {@code cycles} at {@link #CPU_MHZ}, in ns (rounded toward zero; no overflow for any {@code long}). */
    public static long cyclesToNs(long cycles) {
        return cycles / CPU_MHZ * 1000 + cycles % CPU_MHZ * 1000 / CPU_MHZ;
    }

    /**
     * {@code ns} at {@link #CPU_MHZ}, in cycles (the guest TSC rate), rounded toward zero; exact for
     * the whole clock range ({@link org.kvmemu.api.sim.Simulator#END_OF_TIME_NS}).
     */
    public static long nsToCycles(long ns) {
        return ns / 1000 * CPU_MHZ + ns % 1000 * CPU_MHZ / 1000;
    }
}
