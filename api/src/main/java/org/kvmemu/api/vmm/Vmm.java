package org.kvmemu.api.vmm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.kvmemu.api.guest.GuestMemory;
import org.kvmemu.api.invariant.Invariants;
import org.kvmemu.api.kvm.Errno;
import org.kvmemu.api.kvm.Kvm;
import org.kvmemu.api.kvm.KvmExitReasons;
import org.kvmemu.api.kvm.KvmVcpu;
import org.kvmemu.api.kvm.VcpuFd;
import org.kvmemu.api.kvm.VmFd;
import org.kvmemu.api.sim.SimEvent;
import org.kvmemu.api.spi.UserspaceExitHandler;
import org.kvmemu.api.spi.VmmServices;
import org.kvmemu.api.trace.ModelTracePoints;
import org.kvmemu.api.trace.Tracer;

/**
 * Userspace, as QEMU drives KVM: one thread per vCPU looping on KVM_RUN, ioctls issued after
 * kicking the vCPU out with a signal, an I/O thread for KVM_SIGNAL_MSI, and the VM stopped after an
 * exit userspace cannot handle (docs/scenario-language.md, "at: host, userspace and device events"). A backend may add its own
 * part ({@link UserspaceExitHandler}), which sees each exit before the next KVM_RUN.
 */
public final class Vmm implements VcpuFd.RunListener, VmmServices {

    /**
     * An ioctl userspace issues on a vCPU: {@code arg} is the vector of KVM_INTERRUPT and 1 for
     * KVM_SET_GUEST_DEBUG with BLOCKIRQ.
     */
    public record Ioctl(VcpuIoctl kind, int arg) {
    }

    /** Exit reasons counted (KVM_EXIT_* up to 63) and ioctl results counted (0 down to -127). */
    private static final int REASONS = 64;
    private static final int RESULTS = 128;

    private static final int EINTR = 4;

    private final Kvm kvm;
    private final VmFd vm;
    private final List<VcpuFd> vcpus;
    private final List<ArrayDeque<Ioctl>> pending = new ArrayList<>();
    private final long[][][] ioctlCounts;
    private final SimEvent[] reenter;
    private final long[][] exitCounts;
    private final UserspaceIoapic ioapic;
    private boolean stopped;
    private String stopReason;
    private GuestMemory memory = new GuestMemory();
    private Invariants invariants;
    private UserspaceExitHandler handler;

    /** Userspace for the VM {@code vm} with vCPUs {@code vcpus}; registers itself as every vCPU's run listener. */
    public Vmm(VmFd vm, List<VcpuFd> vcpus) {
        this.vm = vm;
        this.kvm = vm.kvm();
        this.vcpus = vcpus;
        this.ioapic = new UserspaceIoapic(vm);
        this.reenter = new SimEvent[kvm.vcpuCount()];
        this.ioctlCounts = new long[kvm.vcpuCount()][][];
        this.exitCounts = new long[kvm.vcpuCount()][];
        for (int i = 0; i < kvm.vcpuCount(); i++) {
            VcpuFd fd = vcpus.get(i);
            reenter[i] = SimEvent.of(() -> {
                if (!stopped) {
                    issuePending(fd);
                    fd.run();
                }
            });
            pending.add(new ArrayDeque<>());
            fd.setRunListener(this);
        }
    }

    /**
     * Gives userspace the guest's memory and the invariant checker, and adds the backend's part of
     * userspace ({@code part} makes it from this VMM's services; it may make none).
     */
    public void extend(GuestMemory guestMemory, Invariants checker,
                       Function<VmmServices, UserspaceExitHandler> part) {
        this.memory = guestMemory;
        this.invariants = checker;
        this.handler = part.apply(this);
    }

    @Override
    public Kvm kvm() {
        return kvm;
    }

    @Override
    public GuestMemory memory() {
        return memory;
    }

    @Override
    public Invariants invariants() {
        return invariants;
    }

    /** The backend part's counter {@code name}, or 0 without one. */
    public long userspaceStat(String name) {
        return handler == null ? 0 : handler.stat(name);
    }

    /** Starts every vCPU thread in KVM_RUN. */
    public void start() {
        for (int i = 0; i < kvm.vcpuCount(); i++) {
            vcpus.get(i).run();
        }
    }

    /** Queues {@code ioctl} for vCPU {@code id} and kicks the vCPU out of KVM_RUN to issue it. */
    public void ioctl(int id, Ioctl ioctl) {
        if (stopped) {
            return;
        }
        VcpuFd fd = vcpus.get(id);
        kvm.trace().setContext("vmm", kvm.ioCpu());
        pending.get(id).add(ioctl);
        if (fd.vcpu().thread() == KvmVcpu.ThreadState.USERSPACE) {
            return;
        }
        fd.signal();
    }

    /** KVM_SIGNAL_MSI from the I/O thread. */
    @Override
    public void signalMsi(long address, long data) {
        if (!stopped) {
            kvm.trace().setContext("vmm", kvm.ioCpu());
            vm.signalMsi(address, data);
        }
    }

    /**
     * A device raises pin {@code pin} of userspace's I/O APIC, whose redirection entry sends
     * {@code vector} (fixed, edge or level) to APIC {@code dest}.
     */
    public void ioapicIrq(int pin, int dest, int vector, boolean levelTriggered) {
        if (!stopped) {
            kvm.trace().setContext("vmm", kvm.ioCpu());
            ioapic.raise(pin, dest, vector, levelTriggered);
        }
    }

    @Override
    public void kvmRunReturned(KvmVcpu vcpu, int result) {
        int id = vcpu.id();
        int reason = vcpu.run().exitReason;
        if (result == 0 || result == -EINTR) {
            if (exitCounts[id] == null) {
                exitCounts[id] = new long[REASONS];
            }
            exitCounts[id][Math.min(Math.max(reason, 0), REASONS - 1)]++;
        }
        if (result == 0 && KvmExitReasons.stopsVm(reason)) {
            stop(vcpu, KvmExitReasons.name(reason));
            return;
        }
        if (result < 0 && result != -EINTR) {
            stop(vcpu, "KVM_RUN " + Errno.name(result));
            return;
        }
        if (result == 0 && reason == KvmExitReasons.IOAPIC_EOI) {
            kvm.trace().setContext("vmm", vcpu.cpu());
            ioapic.eoi(vcpu.run().eoiVector);
        } else if (result == 0 && handler != null) {
            kvm.trace().setContext("vmm", vcpu.cpu());
            handler.handleExit(vcpu, vcpu.run());
        }
        issuePending(vcpus.get(id));
        kvm.sim().after(kvm.costs().userspaceNs, reenter[id]);
    }

    /** Issues, in order, every ioctl queued for {@code vcpu} (also those queued while it was in userspace). */
    private void issuePending(VcpuFd fd) {
        kvm.trace().setContext("vmm", fd.vcpu().cpu());
        ArrayDeque<Ioctl> queue = pending.get(fd.vcpu().id());
        while (!queue.isEmpty()) {
            issue(fd, queue.poll());
        }
    }

    private void issue(VcpuFd fd, Ioctl ioctl) {
        KvmVcpu vcpu = fd.vcpu();
        int r = ioctl.kind().issue(fd, ioctl.arg());
        count(vcpu.id(), ioctl.kind(), r);
        Tracer trace = kvm.trace();
        if (trace.on(ModelTracePoints.VMM_IOCTL)) {
            trace.emit(ModelTracePoints.VMM_IOCTL, "vmm", vcpu.cpu(), vcpu.id(),
                    ioctl.kind().kernelName(), r);
        }
    }

    private void count(int id, VcpuIoctl kind, int result) {
        if (ioctlCounts[id] == null) {
            ioctlCounts[id] = new long[VcpuIoctl.values().length][];
        }
        int k = kind.ordinal();
        if (ioctlCounts[id][k] == null) {
            ioctlCounts[id][k] = new long[RESULTS];
        }
        ioctlCounts[id][k][Math.min(-result, RESULTS - 1)]++;
    }

    private void stop(KvmVcpu vcpu, String why) {
        stopped = true;
        stopReason = "vcpu" + vcpu.id() + ": " + why;
        Tracer trace = kvm.trace();
        if (trace.on(ModelTracePoints.VMM_EXIT)) {
            trace.emit(ModelTracePoints.VMM_EXIT, "vmm", vcpu.cpu(), vcpu.id(), why, "stop");
        }
        kvm.sim().stop();
    }

    /**
     * The results of the ioctls of {@code kind} issued on vCPU {@code id}: result (0 or -errno) to
     * how often. Counts, not a log, so that a long run keeps no growing record.
     */
    public SortedMap<Integer, Long> ioctlResults(int id, VcpuIoctl kind) {
        SortedMap<Integer, Long> out = new TreeMap<>();
        long[][] perKind = ioctlCounts[id];
        long[] counts = perKind == null ? null : perKind[kind.ordinal()];
        for (int i = 0; counts != null && i < RESULTS; i++) {
            if (counts[i] > 0) {
                out.put(-i, counts[i]);
            }
        }
        return out;
    }

    /** How often KVM_RUN returned to userspace on vCPU {@code id} with each exit reason (including KVM_EXIT_INTR). */
    public SortedMap<Integer, Long> exits(int id) {
        SortedMap<Integer, Long> out = new TreeMap<>();
        for (int i = 0; exitCounts[id] != null && i < REASONS; i++) {
            if (exitCounts[id][i] > 0) {
                out.put(i, exitCounts[id][i]);
            }
        }
        return out;
    }

    /** Why userspace stopped the VM, or null if it did not. */
    public String stopReason() {
        return stopReason;
    }
}
