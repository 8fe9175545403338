package org.kvmemu.api.trace;

import org.kvmemu.api.annotation.API;
import org.kvmemu.api.guest.Ghci;
import org.kvmemu.api.trace.TracePoint.Field;

/**
 * kvmemu's own trace points, for steps KVM does not trace: the guest's side, the physical CPUs,
 * userspace, posted-interrupt and NMI bookkeeping, model invariants. Text is {@code key=value}
 * pairs in a fixed order; hex where the kernel would print hex.
 */
@API(status = API.Status.MAINTAINED, since = "1")
public final class ModelTracePoints {

    /** The guest's IDT handler for a fixed vector starts: vcpu, vector. */
    public static final TracePoint GUEST_IRQ = hexVector("guest_irq");
    /** The guest's NMI handler starts: vcpu. */
    public static final TracePoint GUEST_NMI = TracePoint.keyValue("guest_nmi", "vcpu");
    /** The guest's machine-check handler starts: vcpu. */
    public static final TracePoint GUEST_MC = TracePoint.keyValue("guest_mc", "vcpu");
    /** A SIPI starts the vCPU: vcpu, vector. */
    public static final TracePoint GUEST_SIPI = hexVector("guest_sipi");
    /** The guest writes EOI: vcpu, vector (the in-service one the guest is handling). */
    public static final TracePoint GUEST_EOI = hexVector("guest_eoi");
    /** The guest executes IRET: vcpu, what (irq, nmi, mc), if (RFLAGS.IF restored). */
    public static final TracePoint GUEST_IRET = TracePoint.keyValue("guest_iret", "vcpu", "what", "if");
    /** The guest halts: vcpu, if. */
    public static final TracePoint GUEST_HLT = TracePoint.keyValue("guest_hlt", "vcpu", "if");
    /** The guest reaches {@code mark LABEL}: vcpu, label. */
    public static final TracePoint GUEST_MARK = TracePoint.keyValue("guest_mark", "vcpu", "label");
    /** A physical CPU takes a host interrupt: cpu, vector, handler (what handled it). */
    public static final TracePoint HOST_IRQ = TracePoint.define("host_irq",
            "cpu=<cpu> vector=0x<vector> handler=<handler>",
            (o, a) -> o
            .append("cpu=").append(a[0]).append(" vector=0x").append(Integer.toHexString((Integer) a[1]))
            .append(" handler=").append(a[2]), "cpu", "vector", "handler");
    /** A physical CPU takes an NMI in host context: cpu, handler. */
    public static final TracePoint HOST_NMI = TracePoint.keyValue("host_nmi", "cpu", "handler");
    /** A physical SMI: cpu, msmi (1 for a machine-check SMI). */
    public static final TracePoint HOST_SMI = TracePoint.keyValue("host_smi", "cpu", "msmi");
    /** The host handles a machine check: cpu, handler. */
    public static final TracePoint HOST_MCE = TracePoint.keyValue("host_mce", "cpu", "handler");
    /** The guest's SMM firmware runs: vcpu, what (enter, rsm). */
    public static final TracePoint GUEST_SMM = TracePoint.keyValue("guest_smm", "vcpu", "what");
    /** An exception is delivered to the guest's handler: vcpu, vector. */
    public static final TracePoint GUEST_EXCEPTION = hexVector("guest_exception");
    /** The host scheduler switches a vCPU thread out or back in: cpu, vcpu, what (out, in). */
    public static final TracePoint HOST_SCHED = TracePoint.keyValue("host_sched", "cpu", "vcpu", "what");
    /** An IPI is sent between physical CPUs: from, to, vector. */
    public static final TracePoint HOST_IPI = TracePoint.define("host_ipi",
            "from=<from> to=<to> vector=0x<vector>",
            (o, a) -> o
            .append("from=").append(a[0]).append(" to=").append(a[1]).append(" vector=0x")
            .append(Integer.toHexString((Integer) a[2])), "from", "to", "vector");
    /** Userspace issues an ioctl: vcpu, ioctl, result (0 or a negated errno, {@code -ENOTTY} in the text). */
    public static final TracePoint VMM_IOCTL = TracePoint.keyValue("vmm_ioctl", Field.of("vcpu"), Field.of("ioctl"),
            Field.errno("result"));
    /** Userspace sees an exit it cannot handle and stops the VM: vcpu, exit. */
    public static final TracePoint VMM_EXIT = TracePoint.keyValue("vmm_exit", "vcpu", "exit", "action");
    /**
     * KVM raised a periodic LAPIC timer's period to {@code min_timer_period_us}
     * ({@code limit_periodic_timer_frequency}, where the kernel prints a rate-limited
     * "lapic timer period limited" message): vcpu, requested_ns, period_ns.
     */
    public static final TracePoint LAPIC_TIMER_PERIOD_CLAMPED = TracePoint.keyValue("lapic_timer_period_clamped",
            "vcpu", "requested_ns", "period_ns");
    /** A TDG.VP.VMCALL the guest made returned: vcpu, call (its scenario name), status (R10, its name in the text). */
    public static final TracePoint GUEST_TDVMCALL = TracePoint.keyValue("guest_tdvmcall", Field.of("vcpu"),
            Field.of("call"), Field.symbolic("status", Ghci::statusName));
    /** A model invariant broke: name, what was seen. */
    public static final TracePoint MODEL_VIOLATION = TracePoint.keyValue("model_violation", Field.of("name"),
            Field.text("detail"));

    private ModelTracePoints() {
    }

    private static TracePoint hexVector(String name) {
        return TracePoint.define(name,
                "vcpu=<vcpu> vector=0x<vector>",
                (o, a) -> o.append("vcpu=").append(a[0]).append(" vector=0x")
                .append(Integer.toHexString((Integer) a[1])), "vcpu", "vector");
    }
}
