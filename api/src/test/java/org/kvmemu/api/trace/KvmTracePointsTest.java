package org.kvmemu.api.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The text of KVM's own trace points against Linux v6.16 {@code arch/x86/kvm/trace.h} and
 * {@code include/trace/events/kvm.h} (trace-format.md "KVM tracepoints"; the expected strings and
 * tables are those of docs/trace-format.md, §2 per event and §3 per table).
 */
class KvmTracePointsTest {

    private static String fmt(TracePoint point, Object... args) {
        StringBuilder sb = new StringBuilder();
        point.format(sb, args);
        return sb.toString();
    }

    /** kvm_exit with only the reason varying. */
    private static String exitReason(int reason) {
        String text = fmt(KvmTracePoints.KVM_EXIT, reason, 0L, 1, 0L, 0L, 0, 0, 0, 0L);
        String head = "vcpu 0 reason ";
        String tail = " rip 0x0 info1 0x0000000000000000 info2 0x0000000000000000 intr_info 0x00000000"
                + " error_code 0x00000000 requests 0x0000000000000000";
        assertEquals(head, text.substring(0, head.length()), text);
        assertEquals(tail, text.substring(text.length() - tail.length()), text);
        return text.substring(head.length(), text.length() - tail.length());
    }

    // ---- which trace points exist, and their fields (TP_STRUCT__entry order) ----

    @Test
    void everyKvmTracePointIsCoveredWithKernelFieldOrder() throws IllegalAccessException {
        Map<String, List<String>> expected = new TreeMap<>(Map.ofEntries(
                Map.entry("kvm_entry", List.of("vcpu_id", "rip", "immediate_exit", "intr_info", "error_code")),
                Map.entry("kvm_exit", List.of("exit_reason", "guest_rip", "isa", "info1", "info2", "intr_info",
                        "error_code", "vcpu_id", "requests")),
                Map.entry("kvm_inj_virq", List.of("vector", "soft", "reinjected")),
                Map.entry("kvm_inj_exception", List.of("exception", "has_error", "error_code", "reinjected")),
                Map.entry("kvm_apic_accept_irq", List.of("apicid", "dm", "tm", "vec")),
                Map.entry("kvm_apicv_accept_irq", List.of("apicid", "dm", "tm", "vec")),
                Map.entry("kvm_apic_ipi", List.of("icr_low", "dest_id")),
                Map.entry("kvm_apic", List.of("rw", "reg", "val")),
                Map.entry("kvm_eoi", List.of("apicid", "vector")),
                Map.entry("kvm_msi_set_irq", List.of("address", "data")),
                Map.entry("kvm_userspace_exit", List.of("reason", "errno")),
                Map.entry("kvm_wait_lapic_expire", List.of("vcpu_id", "delta")),
                Map.entry("kvm_smm_transition", List.of("vcpu_id", "smbase", "entering")),
                Map.entry("kvm_apicv_inhibit_changed", List.of("reason", "set", "inhibits")),
                Map.entry("kvm_vcpu_wakeup", List.of("ns", "waited", "valid")),
                Map.entry("kvm_msr", List.of("write", "ecx", "data", "exception")),
                Map.entry("kvm_halt_poll_ns", List.of("grow", "vcpu_id", "new", "old")),
                Map.entry("kvm_set_irq", List.of("gsi", "level", "irq_source_id"))));
        Map<String, List<String>> actual = new TreeMap<>();
        for (Field f : KvmTracePoints.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == TracePoint.class) {
                TracePoint p = (TracePoint) f.get(null);
                actual.put(p.name(), p.fields());
            }
        }
        // A new trace point without a text test here fails this test.
        assertEquals(expected, actual);
    }

    // ---- kvm_entry (§2.1) ----

    @Test
    void kvmEntryPlain() {
        assertEquals("vcpu 0, rip 0xfff0 intr_info 0x00000000 error_code 0x00000000",
                fmt(KvmTracePoints.KVM_ENTRY, 0, 0xfff0L, false, 0, 0));
    }

    @Test
    void kvmEntryImmediateExitIsAppendedWithoutSpace() {
        // intr_info is a u32: 0x80000b0e as an int is negative and must still print as 8 hex digits.
        assertEquals("vcpu 3, rip 0xffffffff81000000 intr_info 0x80000b0e error_code 0x0000fff2[immediate exit]",
                fmt(KvmTracePoints.KVM_ENTRY, 3, 0xffffffff81000000L, true, 0x80000b0e, 0xfff2));
    }

    // ---- kvm_exit (§2.2, §3.1) ----

    @Test
    void kvmExitExternalInterruptExample() {
        assertEquals("vcpu 0 reason EXTERNAL_INTERRUPT rip 0xffffffff81000000 info1 0x0000000000000000"
                + " info2 0x0000000000000000 intr_info 0x800000ec error_code 0x00000000"
                + " requests 0x0000000000000000",
                fmt(KvmTracePoints.KVM_EXIT, 1, 0xffffffff81000000L, 1, 0L, 0L, 0x800000ec, 0, 0, 0L));
    }

    @Test
    void kvmExitPadsAndPrintsAllSixtyFourBits() {
        assertEquals("vcpu 12 reason EPT_VIOLATION rip 0x7fff0 info1 0x0000000000000181"
                + " info2 0x80000b0e00000000 intr_info 0x00000000 error_code 0x00000010"
                + " requests 0x8000000000000102",
                fmt(KvmTracePoints.KVM_EXIT, 48, 0x7fff0L, 1, 0x181L, 0x80000b0e00000000L, 0, 0x10, 12,
                        0x8000000000000102L));
    }

    @Test
    void kvmExitFailedVmentryFlag() {
        assertEquals("INVALID_STATE FAILED_VMENTRY", exitReason(0x80000021));
    }

    @Test
    void kvmExitLeftoverHighBitsPrintAsHexAfterTheFlags() {
        // §2.2: SGX enclave-mode bit 27 is not in VMX_EXIT_REASON_FLAGS.
        assertEquals("INVALID_STATE FAILED_VMENTRY 0x8000000", exitReason(0x88000021));
        // KVM's software bus-lock bit 26 alone: one space, then the leftover hex.
        assertEquals("HLT 0x4000000", exitReason(0x0400000c));
    }

    @ParameterizedTest
    @CsvSource({"5, 0x5", "6, 0x6", "11, 0xb", "17, 0x11", "35, 0x23", "38, 0x26", "42, 0x2a", "65, 0x41",
            "66, 0x42", "69, 0x45", "70, 0x46", "71, 0x47", "72, 0x48", "73, 0x49", "76, 0x4c", "78, 0x4e",
            "65535, 0xffff"})
    void kvmExitReasonsNotInTheTablePrintAsHex(int reason, String text) {
        // §3.1: e.g. OTHER_SMI (6) is #defined but not listed, so it prints 0x6.
        assertEquals(text, exitReason(reason));
    }

    @Test
    void kvmExitEveryNamedReason() {
        // §3.1, the whole table.
        String table = "0 EXCEPTION_NMI,1 EXTERNAL_INTERRUPT,2 TRIPLE_FAULT,3 INIT_SIGNAL,4 SIPI_SIGNAL,"
                + "7 INTERRUPT_WINDOW,8 NMI_WINDOW,9 TASK_SWITCH,10 CPUID,12 HLT,13 INVD,14 INVLPG,15 RDPMC,"
                + "16 RDTSC,18 VMCALL,19 VMCLEAR,20 VMLAUNCH,21 VMPTRLD,22 VMPTRST,23 VMREAD,24 VMRESUME,"
                + "25 VMWRITE,26 VMOFF,27 VMON,28 CR_ACCESS,29 DR_ACCESS,30 IO_INSTRUCTION,31 MSR_READ,"
                + "32 MSR_WRITE,33 INVALID_STATE,34 MSR_LOAD_FAIL,36 MWAIT_INSTRUCTION,37 MONITOR_TRAP_FLAG,"
                + "39 MONITOR_INSTRUCTION,40 PAUSE_INSTRUCTION,41 MCE_DURING_VMENTRY,43 TPR_BELOW_THRESHOLD,"
                + "44 APIC_ACCESS,45 EOI_INDUCED,46 GDTR_IDTR,47 LDTR_TR,48 EPT_VIOLATION,49 EPT_MISCONFIG,"
                + "50 INVEPT,51 RDTSCP,52 PREEMPTION_TIMER,53 INVVPID,54 WBINVD,55 XSETBV,56 APIC_WRITE,"
                + "57 RDRAND,58 INVPCID,59 VMFUNC,60 ENCLS,61 RDSEED,62 PML_FULL,63 XSAVES,64 XRSTORS,"
                + "67 UMWAIT,68 TPAUSE,74 BUS_LOCK,75 NOTIFY,77 TDCALL";
        Map<Integer, String> expected = new TreeMap<>();
        for (String entry : table.split(",")) {
            String[] p = entry.split(" ");
            expected.put(Integer.parseInt(p[0]), p[1]);
        }
        for (int reason = 0; reason < 80; reason++) {
            String want = expected.getOrDefault(reason, "0x" + Integer.toHexString(reason));
            assertEquals(want, exitReason(reason), "exit reason " + reason);
        }
    }

    // ---- kvm_inj_virq (§2.3) ----

    @Test
    void kvmInjVirq() {
        assertEquals("IRQ 0xec", fmt(KvmTracePoints.KVM_INJ_VIRQ, 0xec, false, false));
        assertEquals("IRQ 0x20 [reinjected]", fmt(KvmTracePoints.KVM_INJ_VIRQ, 0x20, false, true));
        assertEquals("Soft/INTn 0x80 [reinjected]", fmt(KvmTracePoints.KVM_INJ_VIRQ, 0x80, true, true));
        assertEquals("Soft/INTn 0x3", fmt(KvmTracePoints.KVM_INJ_VIRQ, 3, true, false));
    }

    // ---- kvm_inj_exception (§2.4, §3.3) ----

    @Test
    void kvmInjExceptionExamples() {
        assertEquals("#GP (0x0)", fmt(KvmTracePoints.KVM_INJ_EXCEPTION, 13, true, 0, false));
        assertEquals("#PF (0x2)", fmt(KvmTracePoints.KVM_INJ_EXCEPTION, 14, true, 2, false));
        assertEquals("#UD", fmt(KvmTracePoints.KVM_INJ_EXCEPTION, 6, false, 0, false));
        assertEquals("#DF (0x0) [reinjected]", fmt(KvmTracePoints.KVM_INJ_EXCEPTION, 8, true, 0, true));
        assertEquals("#BP [reinjected]", fmt(KvmTracePoints.KVM_INJ_EXCEPTION, 3, false, 0, true));
    }

    @Test
    void kvmInjExceptionErrorCodeIsUnpaddedUnsignedHex() {
        assertEquals("#GP (0xfffffff0)", fmt(KvmTracePoints.KVM_INJ_EXCEPTION, 13, true, 0xfffffff0, false));
        assertEquals("#NP (0x1a)", fmt(KvmTracePoints.KVM_INJ_EXCEPTION, 11, true, 0x1a, false));
    }

    @Test
    void kvmInjExceptionErrorCodeHiddenWithoutHasError() {
        assertEquals("#GP", fmt(KvmTracePoints.KVM_INJ_EXCEPTION, 13, false, 0x1234, false));
    }

    @ParameterizedTest
    @CsvSource({"2, 0x2", "9, 0x9", "15, 0xf", "19, 0x13", "20, 0x14", "21, 0x15", "31, 0x1f"})
    void kvmInjExceptionVectorsWithoutNamePrintAsHex(int vector, String text) {
        // §3.3: NMI (2) has no entry in kvm_trace_sym_exc; XM/VE/CP only from 6.18.
        assertEquals(text, fmt(KvmTracePoints.KVM_INJ_EXCEPTION, vector, false, 0, false));
    }

    @Test
    void kvmInjExceptionEveryNamedVector() {
        String[] names = {"#DE", "#DB", null, "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", null, "#TS", "#NP", "#SS",
            "#GP", "#PF", null, "#MF", "#AC", "#MC"};
        for (int v = 0; v < names.length; v++) {
            String want = names[v] != null ? names[v] : "0x" + Integer.toHexString(v);
            assertEquals(want, fmt(KvmTracePoints.KVM_INJ_EXCEPTION, v, false, 0, false), "vector " + v);
        }
    }

    @Test
    void kvmInjExceptionVectorIsAU8() {
        // §1: values are first converted to the field type; exception is a u8.
        assertEquals("#GP (0x0)", fmt(KvmTracePoints.KVM_INJ_EXCEPTION, 0x10d, true, 0, false));
    }

    // ---- kvm_apic_accept_irq / kvm_apicv_accept_irq (§2.5, §2.6, §3.2) ----

    @ParameterizedTest
    @ValueSource(strings = {"kvm_apic_accept_irq", "kvm_apicv_accept_irq"})
    void acceptIrqText(String name) {
        TracePoint p = name.equals("kvm_apic_accept_irq")
                ? KvmTracePoints.KVM_APIC_ACCEPT_IRQ : KvmTracePoints.KVM_APICV_ACCEPT_IRQ;
        assertEquals(name, p.name());
        assertEquals("apicid 0 vec 236 (Fixed|edge)", fmt(p, 0, 0x000, 0, 236));
        // apicid in hex; any nonzero tm (e.g. the ICR LEVELTRIG bit 0x8000) prints level.
        assertEquals("apicid 1f vec 2 (NMI|level)", fmt(p, 0x1f, 0x400, 0x8000, 2));
        assertEquals("apicid a vec 48 (LowPrio|level)", fmt(p, 10, 0x100, 1, 48));
    }

    @Test
    void acceptIrqEveryDeliveryMode() {
        String[] modes = {"Fixed", "LowPrio", "SMI", "Res3", "NMI", "INIT", "SIPI", "ExtINT"};
        for (int m = 0; m < 8; m++) {
            assertEquals("apicid 0 vec 0 (" + modes[m] + "|edge)",
                    fmt(KvmTracePoints.KVM_APIC_ACCEPT_IRQ, 0, m << 8, 0, 0), "dm " + m);
        }
    }

    // ---- kvm_apic_ipi (§2.7) ----

    @Test
    void kvmApicIpiExample() {
        // vec 251 (0xfb), Fixed, physical, assert (bit 14), edge, no shorthand.
        assertEquals("dst 1 vec 251 (Fixed|physical|assert|edge|dst)", fmt(KvmTracePoints.KVM_APIC_IPI, 0x40fb, 1));
    }

    @Test
    void kvmApicIpiEveryBit() {
        // NMI (0x400) | logical (bit 11) | de-assert | level (bit 15) | all-but-self (3 << 18)
        int icr = 0x02 | 0x400 | (1 << 11) | (1 << 15) | (3 << 18);
        assertEquals("dst ff vec 2 (NMI|logical|de-assert|level|all-but-self)",
                fmt(KvmTracePoints.KVM_APIC_IPI, icr, 0xff));
        assertEquals("dst 0 vec 240 (Fixed|physical|assert|edge|self)",
                fmt(KvmTracePoints.KVM_APIC_IPI, 0xf0 | (1 << 14) | (1 << 18), 0));
        assertEquals("dst 0 vec 0 (INIT|physical|assert|edge|all)",
                fmt(KvmTracePoints.KVM_APIC_IPI, 0x500 | (1 << 14) | (2 << 18), 0));
        // x2APIC: dest_id is the whole ICR high word, in hex.
        assertEquals("dst 12345678 vec 255 (ExtINT|physical|assert|edge|dst)",
                fmt(KvmTracePoints.KVM_APIC_IPI, 0x47ff, 0x12345678));
    }

    // ---- kvm_apic (§2.8, §3.4) ----

    @Test
    void kvmApicExamples() {
        assertEquals("apic_write APIC_EOI = 0x0", fmt(KvmTracePoints.KVM_APIC, 1, 0xb0, 0L));
        assertEquals("apic_read APIC_ID = 0x1000000", fmt(KvmTracePoints.KVM_APIC, 0, 0x20, 0x1000000L));
        // 64-bit x2APIC ICR value, %llx unpadded.
        assertEquals("apic_write APIC_ICR = 0x1000040fb", fmt(KvmTracePoints.KVM_APIC, 1, 0x300, 0x1000040fbL));
    }

    @ParameterizedTest
    @CsvSource({"0x110", "0x2f0", "0x304", "0x10", "0x0", "0x420", "0x1000"})
    void kvmApicRegisterNotInTheTablePrintsHex(String offset) {
        int reg = Integer.decode(offset);
        assertEquals("apic_read " + offset + " = 0x5", fmt(KvmTracePoints.KVM_APIC, 0, reg, 5L));
    }

    @Test
    void kvmApicEveryNamedRegister() {
        String table = "20 ID,30 LVR,80 TASKPRI,90 ARBPRI,a0 PROCPRI,b0 EOI,c0 RRR,d0 LDR,e0 DFR,f0 SPIV,100 ISR,"
                + "180 TMR,200 IRR,280 ESR,300 ICR,310 ICR2,320 LVTT,330 LVTTHMR,340 LVTPC,350 LVT0,360 LVT1,"
                + "370 LVTERR,380 TMICT,390 TMCCT,3e0 TDCR,3f0 SELF_IPI,400 EFEAT,410 ECTRL";
        TreeSet<Integer> named = new TreeSet<>();
        for (String entry : table.split(",")) {
            String[] p = entry.split(" ");
            int reg = Integer.parseInt(p[0], 16);
            named.add(reg);
            assertEquals("apic_write APIC_" + p[1] + " = 0xec", fmt(KvmTracePoints.KVM_APIC, 1, reg, 0xecL));
        }
        assertEquals(28, named.size());
        for (int reg = 0; reg < 0x500; reg += 0x10) {
            if (!named.contains(reg)) {
                assertEquals("apic_write 0x" + Integer.toHexString(reg) + " = 0xec",
                        fmt(KvmTracePoints.KVM_APIC, 1, reg, 0xecL));
            }
        }
    }

    // ---- kvm_eoi (§2.9) ----

    @Test
    void kvmEoi() {
        assertEquals("apicid 0 vector 236", fmt(KvmTracePoints.KVM_EOI, 0, 236));
        assertEquals("apicid a vector 254", fmt(KvmTracePoints.KVM_EOI, 10, 0xfe));
    }

    // ---- kvm_msi_set_irq (§2.10) ----

    @Test
    void kvmMsiSetIrqWithoutAndWithRedirectionHint() {
        assertEquals("dst 0 vec 34 (Fixed|physical|edge)", fmt(KvmTracePoints.KVM_MSI_SET_IRQ, 0xfee00000L, 0x22L));
        assertEquals("dst 0 vec 34 (Fixed|physical|edge|rh)",
                fmt(KvmTracePoints.KVM_MSI_SET_IRQ, 0xfee00008L, 0x22L));
    }

    @Test
    void kvmMsiSetIrqLogicalLevelAndModes() {
        // dest 1, RH (bit 3), logical (bit 2); data: level (bit 15), NMI, vector 0x31
        assertEquals("dst 1 vec 49 (NMI|logical|level|rh)", fmt(KvmTracePoints.KVM_MSI_SET_IRQ, 0xfee0100cL, 0x8431L));
        assertEquals("dst 3 vec 0 (ExtINT|physical|edge)", fmt(KvmTracePoints.KVM_MSI_SET_IRQ, 0xfee03000L, 0x700L));
    }

    @Test
    void kvmMsiSetIrqX2apicFormatDestinationAndU8Vector() {
        // dst = (u8)(address >> 12) | ((address >> 32) & 0xffffff00); vec = (u8)data.
        long address = (0x00000123L << 32) | 0xfee45000L;
        assertEquals("dst 145 vec 34 (Fixed|physical|edge)", fmt(KvmTracePoints.KVM_MSI_SET_IRQ, address, 0x10022L));
    }

    // ---- kvm_userspace_exit (§2.11, §3.5) ----

    @Test
    void kvmUserspaceExitExamples() {
        assertEquals("reason restart (4)", fmt(KvmTracePoints.KVM_USERSPACE_EXIT, 0, -4));
        assertEquals("reason error (14)", fmt(KvmTracePoints.KVM_USERSPACE_EXIT, 2, -14));
        assertEquals("reason KVM_EXIT_IO (2)", fmt(KvmTracePoints.KVM_USERSPACE_EXIT, 2, 0));
        assertEquals("reason 0x21 (33)", fmt(KvmTracePoints.KVM_USERSPACE_EXIT, 33, 0));
        assertEquals("reason 0x25 (37)", fmt(KvmTracePoints.KVM_USERSPACE_EXIT, 37, 0));
        // A positive return value is not an error: the exit reason is printed.
        assertEquals("reason KVM_EXIT_HLT (5)", fmt(KvmTracePoints.KVM_USERSPACE_EXIT, 5, 1));
    }

    @Test
    void kvmUserspaceExitEveryNamedReason() {
        String[] names = {"UNKNOWN", "EXCEPTION", "IO", "HYPERCALL", "DEBUG", "HLT", "MMIO", "IRQ_WINDOW_OPEN",
            "SHUTDOWN", "FAIL_ENTRY", "INTR", "SET_TPR", "TPR_ACCESS", "S390_SIEIC", "S390_RESET", "DCR", "NMI",
            "INTERNAL_ERROR", "OSI", "PAPR_HCALL", "S390_UCONTROL", "WATCHDOG", "S390_TSCH", "EPR", "SYSTEM_EVENT",
            "S390_STSI", "IOAPIC_EOI", "HYPERV", "ARM_NISV", "X86_RDMSR", "X86_WRMSR"};
        for (int r = 0; r < names.length; r++) {
            assertEquals("reason KVM_EXIT_" + names[r] + " (" + r + ")",
                    fmt(KvmTracePoints.KVM_USERSPACE_EXIT, r, 0));
        }
        for (int r = 31; r <= 40; r++) {
            assertEquals("reason 0x" + Integer.toHexString(r) + " (" + r + ")",
                    fmt(KvmTracePoints.KVM_USERSPACE_EXIT, r, 0));
        }
    }

    // ---- kvm_wait_lapic_expire (§2.12) ----

    @Test
    void kvmWaitLapicExpire() {
        assertEquals("vcpu 0: delta -1234 (early)", fmt(KvmTracePoints.KVM_WAIT_LAPIC_EXPIRE, 0, -1234L));
        assertEquals("vcpu 1: delta 0 (late)", fmt(KvmTracePoints.KVM_WAIT_LAPIC_EXPIRE, 1, 0L));
        assertEquals("vcpu 7: delta 500 (late)", fmt(KvmTracePoints.KVM_WAIT_LAPIC_EXPIRE, 7, 500L));
    }

    // ---- kvm_smm_transition (§2.13) ----

    @Test
    void kvmSmmTransition() {
        assertEquals("vcpu 0: entering SMM, smbase 0x30000",
                fmt(KvmTracePoints.KVM_SMM_TRANSITION, 0, 0x30000L, true));
        assertEquals("vcpu 1: leaving SMM, smbase 0xa0000",
                fmt(KvmTracePoints.KVM_SMM_TRANSITION, 1, 0xa0000L, false));
    }

    // ---- kvm_apicv_inhibit_changed (§2.14, §3.6) ----

    @Test
    void kvmApicvInhibitChangedExamples() {
        assertEquals("set reason=2, inhibits=0x4 ABSENT",
                fmt(KvmTracePoints.KVM_APICV_INHIBIT_CHANGED, 2, true, 0x4L));
        assertEquals("cleared reason=2, inhibits=0x0",
                fmt(KvmTracePoints.KVM_APICV_INHIBIT_CHANGED, 2, false, 0L));
        assertEquals("set reason=8, inhibits=0x105 DISABLED|ABSENT|IRQWIN",
                fmt(KvmTracePoints.KVM_APICV_INHIBIT_CHANGED, 8, true, 0x105L));
    }

    @Test
    void kvmApicvInhibitChangedAllNamesAndUnknownBit() {
        assertEquals("set reason=11, inhibits=0xfff DISABLED|HYPERV|ABSENT|BLOCKIRQ|PHYSICAL_ID_ALIASED"
                + "|APIC_ID_MODIFIED|APIC_BASE_MODIFIED|NESTED|IRQWIN|PIT_REINJ|SEV|LOGICAL_ID_ALIASED",
                fmt(KvmTracePoints.KVM_APICV_INHIBIT_CHANGED, 11, true, 0xfffL));
        // Bit 12 is the first TDX posting's TDX reason (§D.9, tdx-variant=v1 only).
        assertEquals("set reason=12, inhibits=0x1001 DISABLED|TDX",
                fmt(KvmTracePoints.KVM_APICV_INHIBIT_CHANGED, 12, true, 0x1001L));
        // Bits no kernel defined print as leftover hex.
        assertEquals("cleared reason=0, inhibits=0x2000 0x2000",
                fmt(KvmTracePoints.KVM_APICV_INHIBIT_CHANGED, 0, false, 0x2000L));
    }

    // ---- kvm_vcpu_wakeup (§2.15) ----

    @Test
    void kvmVcpuWakeup() {
        assertEquals("wait time 123456 ns, polling valid", fmt(KvmTracePoints.KVM_VCPU_WAKEUP, 123456L, true, true));
        assertEquals("poll time 0 ns, polling invalid", fmt(KvmTracePoints.KVM_VCPU_WAKEUP, 0L, false, false));
    }

    // ---- kvm_msr (trace.h TRACE_EVENT(kvm_msr)) ----

    @Test
    void kvmMsrWriteReadAndFault() {
        assertEquals("msr_write 80b = 0x0", fmt(KvmTracePoints.KVM_MSR, 1, 0x80b, 0L, false));
        assertEquals("msr_write 830 = 0x100000050", fmt(KvmTracePoints.KVM_MSR, 1, 0x830, 0x100000050L, false));
        assertEquals("msr_read 6e0 = 0x0 (#GP)", fmt(KvmTracePoints.KVM_MSR, 0, 0x6e0, 0L, true));
    }

    // ---- kvm_halt_poll_ns (include/trace/events/kvm.h) ----

    @Test
    void kvmHaltPollNsGrowAndShrink() {
        assertEquals("vcpu 1: halt_poll_ns 10000 (grow 0)", fmt(KvmTracePoints.KVM_HALT_POLL_NS, true, 1, 10_000L, 0L));
        assertEquals("vcpu 0: halt_poll_ns 0 (shrink 10000)",
                fmt(KvmTracePoints.KVM_HALT_POLL_NS, false, 0, 0L, 10_000L));
    }

    // ---- kvm_set_irq (include/trace/events/kvm.h) ----

    @Test
    void kvmSetIrq() {
        assertEquals("gsi 5 level 1 source 0", fmt(KvmTracePoints.KVM_SET_IRQ, 5, 1, 0));
    }

    // ---- the whole line and JSON (trace-format.md "One line per event", "Other formats") ----

    @Test
    void textLineShape() {
        TraceRecord r = new TraceRecord(12_500L, 0, "vcpu0", KvmTracePoints.KVM_EOI, new Object[] {0, 236});
        assertEquals("vcpu0 [000] 0.000012500: kvm_eoi: apicid 0 vector 236", r.text());
    }

    @ParameterizedTest
    @CsvSource({"0, 000", "7, 007", "42, 042", "123, 123"})
    void textLineCpuHasThreeDigits(int cpu, String shown) {
        TraceRecord r = new TraceRecord(0L, cpu, "host", KvmTracePoints.KVM_INJ_VIRQ, new Object[] {0xec, false, false});
        assertEquals("host [" + shown + "] 0.000000000: kvm_inj_virq: IRQ 0xec", r.text());
    }

    @ParameterizedTest
    @CsvSource({"0, 0.000000000", "1, 0.000000001", "999999999, 0.999999999", "1000000000, 1.000000000",
            "3000000001, 3.000000001", "12345678901234, 12345.678901234"})
    void textLineTimeHasNineDecimals(long ns, String shown) {
        TraceRecord r = new TraceRecord(ns, 1, "vmm", KvmTracePoints.KVM_USERSPACE_EXIT, new Object[] {2, 0});
        assertEquals("vmm [001] " + shown + ": kvm_userspace_exit: reason KVM_EXIT_IO (2)", r.text());
    }

    @Test
    void kvmApicOffsetIsAnUnsignedIntPrintedInHexWhenUnnamed() {
        assertEquals("apic_read 0xfffffff0 = 0x0", fmt(KvmTracePoints.KVM_APIC, 0, 0xfffffff0, 0L));
    }

    @Test
    void kvmUserspaceExitReasonIsAU32InTheSymbolicFallback() {
        assertEquals("reason 0x80000000 (-2147483648)", fmt(KvmTracePoints.KVM_USERSPACE_EXIT, 0x80000000, 0));
    }
}
