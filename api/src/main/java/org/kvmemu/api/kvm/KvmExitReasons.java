package org.kvmemu.api.kvm;

import org.kvmemu.api.annotation.API;

/** {@code KVM_EXIT_*}: why KVM_RUN returned to userspace (behaviour.md §G), and their names. */
@API(status = API.Status.MAINTAINED, since = "1")
public final class KvmExitReasons {
    /** KVM_EXIT_UNKNOWN. */
    public static final int UNKNOWN = 0;
    /** KVM_EXIT_EXCEPTION. */
    public static final int EXCEPTION = 1;
    /** KVM_EXIT_IO. */
    public static final int IO = 2;
    /** KVM_EXIT_HYPERCALL. */
    public static final int HYPERCALL = 3;
    /** KVM_EXIT_DEBUG. */
    public static final int DEBUG = 4;
    /** KVM_EXIT_HLT. */
    public static final int HLT = 5;
    /** KVM_EXIT_MMIO. */
    public static final int MMIO = 6;
    /** KVM_EXIT_IRQ_WINDOW_OPEN. */
    public static final int IRQ_WINDOW_OPEN = 7;
    /** KVM_EXIT_SHUTDOWN. */
    public static final int SHUTDOWN = 8;
    /** KVM_EXIT_FAIL_ENTRY. */
    public static final int FAIL_ENTRY = 9;
    /** KVM_EXIT_INTR. */
    public static final int INTR = 10;
    /** KVM_EXIT_SET_TPR. */
    public static final int SET_TPR = 11;
    /** KVM_EXIT_TPR_ACCESS. */
    public static final int TPR_ACCESS = 12;
    /** KVM_EXIT_NMI. */
    public static final int NMI = 16;
    /** KVM_EXIT_INTERNAL_ERROR. */
    public static final int INTERNAL_ERROR = 17;
    /** KVM_EXIT_SYSTEM_EVENT. */
    public static final int SYSTEM_EVENT = 24;
    /** KVM_EXIT_IOAPIC_EOI. */
    public static final int IOAPIC_EOI = 26;
    /** KVM_EXIT_X86_BUS_LOCK. */
    public static final int X86_BUS_LOCK = 33;
    /** KVM_EXIT_NOTIFY. */
    public static final int NOTIFY = 37;
    /** KVM_EXIT_MEMORY_FAULT. */
    public static final int MEMORY_FAULT = 39;
    /** KVM_EXIT_TDX. */
    public static final int TDX = 40;

    /** {@code KVM_INTERNAL_ERROR_UNEXPECTED_EXIT_REASON}. */
    public static final int INTERNAL_ERROR_UNEXPECTED_EXIT_REASON = 4;
    /** {@code KVM_INTERNAL_ERROR_SIMUL_EX}. */
    public static final int INTERNAL_ERROR_SIMUL_EX = 2;

    private static final String[] NAMES = new String[41];

    static {
        String[] all = {"0 UNKNOWN", "1 EXCEPTION", "2 IO", "3 HYPERCALL", "4 DEBUG", "5 HLT", "6 MMIO",
            "7 IRQ_WINDOW_OPEN", "8 SHUTDOWN", "9 FAIL_ENTRY", "10 INTR", "11 SET_TPR", "12 TPR_ACCESS", "16 NMI",
            "17 INTERNAL_ERROR", "24 SYSTEM_EVENT", "26 IOAPIC_EOI", "33 X86_BUS_LOCK", "37 NOTIFY",
            "39 MEMORY_FAULT", "40 TDX"};
        for (String e : all) {
            String[] p = e.split(" ");
            NAMES[Integer.parseInt(p[0])] = "KVM_EXIT_" + p[1];
        }
    }

    private KvmExitReasons() {
    }

    /** {@code KVM_EXIT_NAME} for {@code reason}, or {@code KVM_EXIT_<n>} for one this model does not name. */
    public static String name(int reason) {
        return reason >= 0 && reason < NAMES.length && NAMES[reason] != null ? NAMES[reason] : "KVM_EXIT_" + reason;
    }

    /** The reason called {@code name}, or -1. */
    public static int valueOf(String name) {
        for (int i = 0; i < NAMES.length; i++) {
            if (name.equals(NAMES[i])) {
                return i;
            }
        }
        return -1;
    }

    /** Whether userspace (as QEMU does) stops the VM after this exit. */
    public static boolean stopsVm(int reason) {
        return reason == INTERNAL_ERROR || reason == FAIL_ENTRY || reason == EXCEPTION || reason == SHUTDOWN
                || reason == UNKNOWN || reason >= NAMES.length || NAMES[reason] == null;
    }
}
