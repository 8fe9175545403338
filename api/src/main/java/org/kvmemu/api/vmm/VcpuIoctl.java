package org.kvmemu.api.vmm;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.kvmemu.api.kvm.VcpuFd;

/**
 * The vCPU ioctls userspace issues, each declared once: its name in the scenario language, its
 * kernel name (for the trace and messages) and how it is issued on a {@link VcpuFd}. The parser,
 * userspace and the checker all read this table.
 */
public enum VcpuIoctl {
    /** KVM_INTERRUPT; the argument is the vector. */
    INTERRUPT("interrupt", "KVM_INTERRUPT") {
        @Override
        int issue(VcpuFd fd, int arg) {
            return fd.interrupt(arg);
        }
    },
    /** KVM_NMI. */
    NMI("nmi", "KVM_NMI") {
        @Override
        int issue(VcpuFd fd, int arg) {
            return fd.nmi();
        }
    },
    /** KVM_SMI. */
    SMI("smi", "KVM_SMI") {
        @Override
        int issue(VcpuFd fd, int arg) {
            return fd.smi();
        }
    },
    /** KVM_GET_LAPIC. */
    GET_LAPIC("get-lapic", "KVM_GET_LAPIC") {
        @Override
        int issue(VcpuFd fd, int arg) {
            return fd.getLapic();
        }
    },
    /** KVM_SET_LAPIC of what the last KVM_GET_LAPIC read. */
    SET_LAPIC("set-lapic", "KVM_SET_LAPIC") {
        @Override
        int issue(VcpuFd fd, int arg) {
            return fd.setLapic();
        }
    },
    /** KVM_SET_GUEST_DEBUG; the argument is 1 with {@code KVM_GUESTDBG_BLOCKIRQ}. */
    SET_GUEST_DEBUG("set-guest-debug", "KVM_SET_GUEST_DEBUG") {
        @Override
        int issue(VcpuFd fd, int arg) {
            return fd.setGuestDebug(arg != 0);
        }
    };

    /** The scenario names, in declaration order. */
    public static final List<String> NAMES = Arrays.stream(values()).map(VcpuIoctl::scenarioName).toList();

    private final String scenarioName;
    private final String kernelName;

    VcpuIoctl(String scenarioName, String kernelName) {
        this.scenarioName = scenarioName;
        this.kernelName = kernelName;
    }

    /** Issues the ioctl; returns 0 or -errno. */
    abstract int issue(VcpuFd fd, int arg);

    /** The name in {@code at TIME ioctl KIND} and {@code expect ioctl KIND}. */
    public String scenarioName() {
        return scenarioName;
    }

    /** The kernel's name, e.g. {@code KVM_GET_LAPIC}. */
    public String kernelName() {
        return kernelName;
    }

    /** The ioctl called {@code name} in scenarios. */
    public static Optional<VcpuIoctl> named(String name) {
        return Arrays.stream(values()).filter(k -> k.scenarioName.equals(name)).findFirst();
    }
}
