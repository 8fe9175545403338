package org.kvmemu.api.trace;

import java.util.Set;
import org.kvmemu.api.annotation.API;

/**
 * KVM's own trace points, with the names, field order and text of Linux v6.16
 * {@code arch/x86/kvm/trace.h} and {@code include/trace/events/kvm.h} (docs/trace-events.md lists
 * the sources). Values are passed in the order of the kernel's {@code TP_STRUCT__entry}.
 */
@API(status = API.Status.MAINTAINED, since = "1")
public final class KvmTracePoints {

    /** {@code VMX_EXIT_REASONS}, indexed by basic exit reason. */
    private static final String[] VMX_EXIT_REASONS = new String[78];
    /** {@code kvm_deliver_mode}, indexed by ICR bits 10:8. */
    private static final String[] DELIVER_MODES = {"Fixed", "LowPrio", "SMI", "Res3", "NMI", "INIT", "SIPI", "ExtINT"};
    /** {@code kvm_trace_sym_exc}, indexed by vector (16 names in v6.16). */
    private static final String[] EXCEPTIONS = new String[19];
    /** {@code kvm_trace_exit_reason}, indexed by KVM_EXIT_* (0..30 in v6.16). */
    private static final String[] USERSPACE_EXITS = {
        "KVM_EXIT_UNKNOWN", "KVM_EXIT_EXCEPTION", "KVM_EXIT_IO", "KVM_EXIT_HYPERCALL", "KVM_EXIT_DEBUG",
        "KVM_EXIT_HLT", "KVM_EXIT_MMIO", "KVM_EXIT_IRQ_WINDOW_OPEN", "KVM_EXIT_SHUTDOWN", "KVM_EXIT_FAIL_ENTRY",
        "KVM_EXIT_INTR", "KVM_EXIT_SET_TPR", "KVM_EXIT_TPR_ACCESS", "KVM_EXIT_S390_SIEIC", "KVM_EXIT_S390_RESET",
        "KVM_EXIT_DCR", "KVM_EXIT_NMI", "KVM_EXIT_INTERNAL_ERROR", "KVM_EXIT_OSI", "KVM_EXIT_PAPR_HCALL",
        "KVM_EXIT_S390_UCONTROL", "KVM_EXIT_WATCHDOG", "KVM_EXIT_S390_TSCH", "KVM_EXIT_EPR",
        "KVM_EXIT_SYSTEM_EVENT", "KVM_EXIT_S390_STSI", "KVM_EXIT_IOAPIC_EOI", "KVM_EXIT_HYPERV",
        "KVM_EXIT_ARM_NISV", "KVM_EXIT_X86_RDMSR", "KVM_EXIT_X86_WRMSR"};
    /**
     * {@code APICV_INHIBIT_REASONS}, indexed by bit: 0..11 as in v6.16, and bit 12 as the TDX
     * series' first posting named it ({@code APICV_INHIBIT_REASON_TDX}, for {@code tdx-variant=v1});
     * v6.16 never sets bit 12.
     */
    private static final String[] APICV_INHIBITS = {
        "DISABLED", "HYPERV", "ABSENT", "BLOCKIRQ", "PHYSICAL_ID_ALIASED", "APIC_ID_MODIFIED",
        "APIC_BASE_MODIFIED", "NESTED", "IRQWIN", "PIT_REINJ", "SEV", "LOGICAL_ID_ALIASED", "TDX"};
    /** {@code VMX_EXIT_REASON_FLAGS} over {@code exit_reason & 0xffff0000}, indexed by bit. */
    private static final String[] VMX_EXIT_FLAGS = new String[32];
    /** {@code kvm_trace_symbol_apic}, indexed by register offset / 16. */
    private static final String[] APIC_REGS = new String[0x42];

    static {
        String[] reasons = {
            "0 EXCEPTION_NMI", "1 EXTERNAL_INTERRUPT", "2 TRIPLE_FAULT", "3 INIT_SIGNAL", "4 SIPI_SIGNAL",
            "7 INTERRUPT_WINDOW", "8 NMI_WINDOW", "9 TASK_SWITCH", "10 CPUID", "12 HLT", "13 INVD", "14 INVLPG",
            "15 RDPMC", "16 RDTSC", "18 VMCALL", "19 VMCLEAR", "20 VMLAUNCH", "21 VMPTRLD", "22 VMPTRST",
            "23 VMREAD", "24 VMRESUME", "25 VMWRITE", "26 VMOFF", "27 VMON", "28 CR_ACCESS", "29 DR_ACCESS",
            "30 IO_INSTRUCTION", "31 MSR_READ", "32 MSR_WRITE", "33 INVALID_STATE", "34 MSR_LOAD_FAIL",
            "36 MWAIT_INSTRUCTION", "37 MONITOR_TRAP_FLAG", "39 MONITOR_INSTRUCTION", "40 PAUSE_INSTRUCTION",
            "41 MCE_DURING_VMENTRY", "43 TPR_BELOW_THRESHOLD", "44 APIC_ACCESS", "45 EOI_INDUCED", "46 GDTR_IDTR",
            "47 LDTR_TR", "48 EPT_VIOLATION", "49 EPT_MISCONFIG", "50 INVEPT", "51 RDTSCP", "52 PREEMPTION_TIMER",
            "53 INVVPID", "54 WBINVD", "55 XSETBV", "56 APIC_WRITE", "57 RDRAND", "58 INVPCID", "59 VMFUNC",
            "60 ENCLS", "61 RDSEED", "62 PML_FULL", "63 XSAVES", "64 XRSTORS", "67 UMWAIT", "68 TPAUSE",
            "74 BUS_LOCK", "75 NOTIFY", "77 TDCALL"};
        for (String r : reasons) {
            String[] p = r.split(" ");
            VMX_EXIT_REASONS[Integer.parseInt(p[0])] = p[1];
        }
        VMX_EXIT_FLAGS[31] = "FAILED_VMENTRY";
        String[] exc = {"0 DE", "1 DB", "3 BP", "4 OF", "5 BR", "6 UD", "7 NM", "8 DF", "10 TS", "11 NP", "12 SS",
            "13 GP", "14 PF", "16 MF", "17 AC", "18 MC"};
        for (String e : exc) {
            String[] p = e.split(" ");
            EXCEPTIONS[Integer.parseInt(p[0])] = "#" + p[1];
        }
        String[] regs = {"20 ID", "30 LVR", "80 TASKPRI", "90 ARBPRI", "a0 PROCPRI", "b0 EOI", "c0 RRR", "d0 LDR",
            "e0 DFR", "f0 SPIV", "100 ISR", "180 TMR", "200 IRR", "280 ESR", "300 ICR", "310 ICR2", "320 LVTT",
            "330 LVTTHMR", "340 LVTPC", "350 LVT0", "360 LVT1", "370 LVTERR", "380 TMICT", "390 TMCCT", "3e0 TDCR",
            "3f0 SELF_IPI", "400 EFEAT", "410 ECTRL"};
        for (String r : regs) {
            String[] p = r.split(" ");
            APIC_REGS[Integer.parseInt(p[0], 16) >> 4] = "APIC_" + p[1];
        }
    }

    /** {@code kvm_entry}: vcpu_id, rip, immediate_exit, intr_info, error_code. */
    public static final TracePoint KVM_ENTRY = TracePoint.kernel("kvm_entry", Set.of(),
            "vcpu <vcpu_id>, rip 0x<rip> intr_info 0x<intr_info> error_code 0x<error_code>[\\[immediate"
            + " exit\\]]",
            (o, a) -> o
            .append("vcpu ").append(a[0]).append(", rip 0x").append(Long.toHexString(((Number) a[1]).longValue()))
            .append(" intr_info 0x").append(KernelFormat.hex(((Number) a[3]).longValue(), 8))
            .append(" error_code 0x").append(KernelFormat.hex(((Number) a[4]).longValue(), 8))
            .append((Boolean) a[2] ? "[immediate exit]" : ""),
            "vcpu_id", "rip", "immediate_exit", "intr_info", "error_code");

    /**
     * {@code kvm_exit} (isa VMX): exit_reason, guest_rip, isa, info1, info2, intr_info, error_code,
     * vcpu_id, requests.
     */
    public static final TracePoint KVM_EXIT = TracePoint.kernel("kvm_exit", Set.of(),
            "vcpu <vcpu_id> reason <exit_reason>[ <exit_reason.flags>] rip 0x<guest_rip> info1 0x<info1>"
            + " info2 0x<info2> intr_info 0x<intr_info> error_code 0x<error_code> requests 0x<requests>",
            (o, a) -> {
        long reason = ((Number) a[0]).longValue() & 0xffffffffL;
        o.append("vcpu ").append(a[7]).append(" reason ")
                .append(KernelFormat.symbolic(reason & 0xffff, VMX_EXIT_REASONS))
                .append((reason & ~0xffffL) != 0 ? " " : "")
                .append(KernelFormat.flags(reason & ~0xffffL, " ", VMX_EXIT_FLAGS))
                .append(" rip 0x").append(Long.toHexString(((Number) a[1]).longValue()))
                .append(" info1 0x").append(KernelFormat.hex(((Number) a[3]).longValue(), 16))
                .append(" info2 0x").append(KernelFormat.hex(((Number) a[4]).longValue(), 16))
                .append(" intr_info 0x").append(KernelFormat.hex(((Number) a[5]).longValue(), 8))
                .append(" error_code 0x").append(KernelFormat.hex(((Number) a[6]).longValue(), 8))
                .append(" requests 0x").append(KernelFormat.hex(((Number) a[8]).longValue(), 16));
    }, "exit_reason", "guest_rip", "isa", "info1", "info2", "intr_info", "error_code", "vcpu_id", "requests");

    /** {@code kvm_inj_virq}: vector, soft, reinjected. */
    public static final TracePoint KVM_INJ_VIRQ = TracePoint.kernel("kvm_inj_virq", Set.of(),
            "{IRQ|Soft/INTn} 0x<vector>[ \\[reinjected\\]]",
            (o, a) -> o
            .append((Boolean) a[1] ? "Soft/INTn" : "IRQ").append(" 0x").append(Integer.toHexString((Integer) a[0]))
            .append((Boolean) a[2] ? " [reinjected]" : ""),
            "vector", "soft", "reinjected");

    /** {@code kvm_inj_exception}: exception, has_error, error_code, reinjected. */
    public static final TracePoint KVM_INJ_EXCEPTION = TracePoint.kernel("kvm_inj_exception", Set.of(),
            "<exception>[ (0x<error_code>)][ \\[reinjected\\]]",
            (o, a) -> {
        o.append(KernelFormat.symbolic(((Integer) a[0]) & 0xff, EXCEPTIONS));
        if ((Boolean) a[1]) {
            o.append(" (0x").append(Integer.toHexString((Integer) a[2])).append(')');
        }
        o.append((Boolean) a[3] ? " [reinjected]" : "");
    }, "exception", "has_error", "error_code", "reinjected");

    /** {@code kvm_apic_accept_irq}: apicid, dm, tm, vec. */
    public static final TracePoint KVM_APIC_ACCEPT_IRQ = acceptIrq("kvm_apic_accept_irq");

    /** {@code kvm_apicv_accept_irq}: apicid, dm, tm, vec (posted delivery). */
    public static final TracePoint KVM_APICV_ACCEPT_IRQ = acceptIrq("kvm_apicv_accept_irq");

    /** {@code kvm_apic_ipi}: icr_low, dest_id. */
    public static final TracePoint KVM_APIC_IPI = TracePoint.kernel("kvm_apic_ipi", Set.of(),
            "dst <dest_id> vec <icr_low.vector>"
            + " (<icr_low.mode>|{physical|logical}|{assert|de-assert}|{edge|level}|{dst|self|all|all-but-self})",
            (o, a) -> {
        int icr = (Integer) a[0];
        o.append("dst ").append(Integer.toHexString((Integer) a[1])).append(" vec ").append(icr & 0xff)
                .append(" (").append(DELIVER_MODES[(icr >> 8) & 7])
                .append('|').append((icr & (1 << 11)) != 0 ? "logical" : "physical")
                .append('|').append((icr & (1 << 14)) != 0 ? "assert" : "de-assert")
                .append('|').append((icr & (1 << 15)) != 0 ? "level" : "edge")
                .append('|').append(new String[] {"dst", "self", "all", "all-but-self"}[(icr >> 18) & 3])
                .append(')');
    }, "icr_low", "dest_id");

    /** {@code kvm_apic}: rw (1 write), reg, val. */
    public static final TracePoint KVM_APIC = TracePoint.kernel("kvm_apic", Set.of(),
            "apic_{read|write} <reg> = 0x<val>",
            (o, a) -> o
            .append("apic_").append((Integer) a[0] != 0 ? "write" : "read").append(' ')
            .append(apicRegister((Integer) a[1]))
            .append(" = 0x").append(Long.toHexString(((Number) a[2]).longValue())),
            "rw", "reg", "val");

    /** {@code kvm_eoi}: apicid, vector. */
    public static final TracePoint KVM_EOI = TracePoint.kernel("kvm_eoi", Set.of("vector"),
            "apicid <apicid> vector <vector>",
            (o, a) -> o
            .append("apicid ").append(Integer.toHexString((Integer) a[0])).append(" vector ").append(a[1]),
            "apicid", "vector");

    /** {@code kvm_set_irq} ({@code include/trace/events/kvm.h}): gsi, level, irq_source_id (KVM_IRQ_LINE). */
    public static final TracePoint KVM_SET_IRQ = TracePoint.define("kvm_set_irq",
            "gsi <gsi> level <level> source <irq_source_id>",
            (o, a) -> o
            .append("gsi ").append(a[0]).append(" level ").append(a[1]).append(" source ").append(a[2]),
            "gsi", "level", "irq_source_id");

    /** {@code kvm_msi_set_irq}: address, data. */
    public static final TracePoint KVM_MSI_SET_IRQ = TracePoint.kernel("kvm_msi_set_irq", Set.of(),
            "dst <address.dest> vec <data.vector> (<data.mode>|{physical|logical}|{edge|level}[|rh])",
            (o, a) -> {
        long address = ((Number) a[0]).longValue();
        long data = ((Number) a[1]).longValue();
        long dst = ((address >>> 12) & 0xff) | ((address >>> 32) & 0xffffff00L);
        o.append("dst ").append(Long.toHexString(dst)).append(" vec ").append(data & 0xff)
                .append(" (").append(DELIVER_MODES[(int) (data >> 8) & 7])
                .append('|').append((address & (1 << 2)) != 0 ? "logical" : "physical")
                .append('|').append((data & (1 << 15)) != 0 ? "level" : "edge")
                .append((address & (1 << 3)) != 0 ? "|rh" : "").append(')');
    }, "address", "data");

    /** {@code kvm_userspace_exit}: reason, errno (KVM_RUN's return value). */
    public static final TracePoint KVM_USERSPACE_EXIT = TracePoint.kernel("kvm_userspace_exit", Set.of("errno"),
            "reason {<reason> (<reason.number>)|restart (<-errno>)|error (<-errno>)}",
            (o, a) -> {
        int reason = (Integer) a[0];
        int errno = (Integer) a[1];
        if (errno < 0) {
            o.append("reason ").append(errno == -4 ? "restart" : "error").append(" (").append(-errno).append(')');
        } else {
            o.append("reason ").append(KernelFormat.symbolic(reason & 0xffffffffL, USERSPACE_EXITS)).append(" (").append(reason)
                    .append(')');
        }
    }, "reason", "errno");

    /** {@code kvm_wait_lapic_expire}: vcpu_id, delta (guest TSC minus deadline, cycles). */
    public static final TracePoint KVM_WAIT_LAPIC_EXPIRE = TracePoint.kernel("kvm_wait_lapic_expire", Set.of("delta"),
            "vcpu <vcpu_id>: delta <delta> ({early|late})",
            (o, a) -> o
            .append("vcpu ").append(a[0]).append(": delta ").append(a[1])
            .append(((Number) a[1]).longValue() < 0 ? " (early)" : " (late)"),
            "vcpu_id", "delta");

    /** {@code kvm_smm_transition}: vcpu_id, smbase, entering. */
    public static final TracePoint KVM_SMM_TRANSITION = TracePoint.kernel("kvm_smm_transition", Set.of(),
            "vcpu <vcpu_id>: {entering|leaving} SMM, smbase 0x<smbase>",
            (o, a) -> o
            .append("vcpu ").append(a[0]).append(": ").append((Boolean) a[2] ? "entering" : "leaving")
            .append(" SMM, smbase 0x").append(Long.toHexString(((Number) a[1]).longValue())),
            "vcpu_id", "smbase", "entering");

    /** {@code kvm_apicv_inhibit_changed}: reason, set, inhibits (the new bitmap). */
    public static final TracePoint KVM_APICV_INHIBIT_CHANGED = TracePoint.kernel("kvm_apicv_inhibit_changed",
            Set.of("reason"), "{set|cleared} reason=<reason>, inhibits=0x<inhibits>[ <inhibits.names>]",
            (o, a) -> {
                long inhibits = ((Number) a[2]).longValue();
                o.append((Boolean) a[1] ? "set" : "cleared").append(" reason=").append(a[0])
                        .append(", inhibits=0x").append(Long.toHexString(inhibits))
                        .append(inhibits != 0 ? " " : "")
                        .append(inhibits != 0 ? KernelFormat.flags(inhibits, "|", APICV_INHIBITS) : "");
            }, "reason", "set", "inhibits");

    /**
     * {@code kvm_msr}: write, ecx, data, exception; {@code trace_kvm_msr_write} after an emulated
     * WRMSR ({@code kvm_emulate_wrmsr}, {@code handle_fastpath_set_msr_irqoff}), with " (#GP)" when
     * the write faulted.
     */
    public static final TracePoint KVM_MSR = TracePoint.define("kvm_msr",
            "msr_{read|write} <ecx> = 0x<data>[ (#GP)]",
            (o, a) -> o
            .append("msr_").append((Integer) a[0] != 0 ? "write" : "read").append(' ')
            .append(Integer.toHexString((Integer) a[1]))
            .append(" = 0x").append(Long.toHexString(((Number) a[2]).longValue()))
            .append((Boolean) a[3] ? " (#GP)" : ""),
            "write", "ecx", "data", "exception");

    /** {@code kvm_vcpu_wakeup}: ns, waited, valid. */
    public static final TracePoint KVM_VCPU_WAKEUP = TracePoint.kernel("kvm_vcpu_wakeup", Set.of(),
            "{wait|poll} time <ns> ns, polling {valid|invalid}",
            (o, a) -> o
            .append((Boolean) a[1] ? "wait" : "poll").append(" time ").append(a[0]).append(" ns, polling ")
            .append((Boolean) a[2] ? "valid" : "invalid"),
            "ns", "waited", "valid");

    /**
     * {@code kvm_halt_poll_ns} ({@code include/trace/events/kvm.h}): grow, vcpu_id, new, old;
     * {@code grow_halt_poll_ns} and {@code shrink_halt_poll_ns} after a halt.
     */
    public static final TracePoint KVM_HALT_POLL_NS = TracePoint.define("kvm_halt_poll_ns",
            "vcpu <vcpu_id>: halt_poll_ns <new> ({grow|shrink} <old>)",
            (o, a) -> o
            .append("vcpu ").append(a[1]).append(": halt_poll_ns ").append(a[2])
            .append(" (").append((Boolean) a[0] ? "grow" : "shrink").append(' ').append(a[3]).append(')'),
            "grow", "vcpu_id", "new", "old");

    private KvmTracePoints() {
    }

    private static String apicRegister(int offset) {
        String name = (offset & 0xf) == 0 && (offset >>> 4) < APIC_REGS.length ? APIC_REGS[offset >>> 4] : null;
        return name != null ? name : "0x" + Integer.toHexString(offset);
    }

    private static TracePoint acceptIrq(String name) {
        return TracePoint.kernel(name, Set.of(), "apicid <apicid> vec <vec> (<dm>|{edge|level})", (o, a) -> o
                .append("apicid ").append(Integer.toHexString((Integer) a[0])).append(" vec ").append(a[3])
                .append(" (").append(DELIVER_MODES[((Integer) a[1] >> 8) & 7]).append('|')
                .append((Integer) a[2] != 0 ? "level" : "edge").append(')'),
                "apicid", "dm", "tm", "vec");
    }
}
