package org.kvmemu.api.kvm;

import java.util.List;
import org.kvmemu.api.annotation.API;
import org.kvmemu.api.apic.DeliveryMode;
import org.kvmemu.api.apic.Shorthand;
import org.kvmemu.api.guest.Guest;
import org.kvmemu.api.platform.Costs;
import org.kvmemu.api.platform.Platform;
import org.kvmemu.api.sim.Simulator;
import org.kvmemu.api.spi.PluginException;
import org.kvmemu.api.spi.VmConfig;
import org.kvmemu.api.spi.VmType;
import org.kvmemu.api.spi.X86Ops;
import org.kvmemu.api.trace.KvmTracePoints;
import org.kvmemu.api.trace.Tracer;

/**
 * A VM as vendor code sees it: {@code struct kvm} with its vCPUs, the vendor hook table, VM-wide
 * state (bugged, dead, APICv inhibits), the producers {@code kvm_inject_nmi}/{@code kvm_inject_smi}
 * and interrupt routing ({@code kvm_irq_delivery_to_apic}, {@code kvm_set_msi}). The irqchip is
 * split (LAPIC in KVM, PIC and I/O APIC in userspace), as a TD requires and QEMU uses. Userspace
 * holds it through its {@link VmFd}.
 */
@API(status = API.Status.MAINTAINED, since = "1")
public final class Kvm {

    /** {@code APIC_BROADCAST}: an MSI to 0xff is a broadcast ({@code kvm_apic_mda}). */
    public static final int XAPIC_BROADCAST = 0xff;
    /** {@code X2APIC_BROADCAST}: the only broadcast destination of an x2APIC IPI. */
    public static final int X2APIC_BROADCAST = 0xffffffff;
    /** {@code MSR_IA32_SMBASE}. */
    public static final int MSR_IA32_SMBASE = 0x9e;
    /** The SMBASE after reset. */
    public static final long DEFAULT_SMBASE = 0x30000;
    /** {@code APICV_INHIBIT_REASON_DISABLED}. */
    public static final int APICV_INHIBIT_DISABLED = 0;
    /** {@code APICV_INHIBIT_REASON_ABSENT}: no in-kernel local APIC yet. */
    public static final int APICV_INHIBIT_ABSENT = 2;
    /** {@code APICV_INHIBIT_REASON_BLOCKIRQ}: a vCPU's guest debugging blocks interrupt injection. */
    public static final int APICV_INHIBIT_BLOCKIRQ = 3;

    private final VmConfig config;
    private final VmType type;
    private final Simulator sim;
    private final Tracer trace;
    private final Platform platform;
    private final Costs costs;
    private final boolean enableApicv;
    private final long timerAdvanceNs;
    private final boolean enableIpiv;
    private final ApicvInhibits apicv = new ApicvInhibits(this);
    private X86Ops ops;
    private String backend;
    private KvmVcpu[] vcpus = new KvmVcpu[0];
    private final RunQueue[] runQueues;
    private boolean hasSyncPirToIrr;
    private boolean hasHwapicIsrUpdate;
    private boolean hasUpdateCr8Intercept;
    private boolean hasApicvPreStateRestore;
    private boolean hasProtectedApicHasInterrupt;
    private boolean hasLoadEoiExitmap;
    private final IoapicRoutes ioapicRoutes = new IoapicRoutes();
    private boolean bugged;
    private boolean dead;

    /** KVM_CREATE_VM (through {@code DevKvm}). */
    Kvm(VmConfig config, Simulator sim, Tracer trace, Platform platform) {
        this.config = config;
        this.type = config.type();
        this.sim = sim;
        this.trace = trace;
        this.platform = platform;
        this.costs = platform.costs();
        this.runQueues = new RunQueue[platform.cpuCount()];
        for (int i = 0; i < runQueues.length; i++) {
            runQueues[i] = new RunQueue(sim, costs);
        }
        this.enableApicv = config.enableApicv();
        this.timerAdvanceNs = config.timerAdvanceNs();
        this.enableIpiv = config.enableIpiv();
        trace.setContext("vmm", ioCpu());
        apicv.setOrClearInhibit(enableApicv ? APICV_INHIBIT_ABSENT : APICV_INHIBIT_DISABLED, true);
    }

    /**
     * KVM_CAP_SPLIT_IRQCHIP: the local APICs are in KVM, the PIC and I/O APIC in userspace; APICv is
     * no longer inhibited as ABSENT.
     */
    void enableSplitIrqchip() {
        apicv.setOrClear(APICV_INHIBIT_ABSENT, false);
    }

    /** The host scheduler's run queue of physical CPU {@code pcpu}. */
    RunQueue runQueue(int pcpu) {
        return runQueues[pcpu];
    }

    /** The APICv inhibit logic. */
    ApicvInhibits apicv() {
        return apicv;
    }

    /**
     * {@code kvm_set_or_clear_apicv_inhibit}: nothing without {@code enable_apicv}; reasons the
     * backend does not require are ignored;
     * when the VM's inhibits go from none to some or back, every vCPU gets KVM_REQ_APICV_UPDATE
     * and is kicked.
     */
    public void setOrClearApicvInhibit(int reason, boolean set) {
        apicv.setOrClear(reason, set);
    }

    /**
     * Installs the backend's hook table, already checked when the backend was found
     * ({@code kvm_ops_update}): caches which optional hooks are present, as the kernel's static
     * calls are patched once, then binds the table to this VM ({@code vm_init}).
     *
     * @param plugin the backend's name, for errors
     * @throws PluginException when {@code vm_init} fails
     */
    void setOps(String plugin, X86Ops table) {
        this.ops = table;
        this.backend = plugin;
        this.hasSyncPirToIrr = table.has("sync_pir_to_irr");
        this.hasHwapicIsrUpdate = table.has("hwapic_isr_update");
        this.hasUpdateCr8Intercept = table.has("update_cr8_intercept");
        this.hasApicvPreStateRestore = table.has("apicv_pre_state_restore");
        this.hasProtectedApicHasInterrupt = table.has("protected_apic_has_interrupt");
        this.hasLoadEoiExitmap = table.has("load_eoi_exitmap");
        checkResult("vm_init", table.vmInit(this));
    }

    /**
     * Creates vCPUs {@code 0..guests.size()-1} (KVM_CREATE_VCPU), each with its guest software;
     * vCPU i runs on physical CPU {@code i mod cpus}.
     *
     * @throws PluginException when {@code vcpu_create} fails
     */
    void createVcpus(List<? extends Guest> guests, int pcpus) {
        vcpus = new KvmVcpu[guests.size()];
        for (int i = 0; i < vcpus.length; i++) {
            KvmVcpu v = new KvmVcpu(this, i, platform.cpu(i % pcpus));
            vcpus[i] = v;
            v.arch.apicvActive = apicv.reasons() == 0;
            checkResult("vcpu_create", ops.vcpuCreate(v, guests.get(i)));
            ops.vcpuReset(v, false);
        }
    }

    private void checkResult(String hook, int r) {
        if (r != 0) {
            throw new PluginException("plugin '" + backend + "': " + hook + " failed with " + Errno.name(r));
        }
    }

    /** What userspace asked for at KVM_CREATE_VM, backend options included. */
    public VmConfig config() {
        return config;
    }

    /** The VM type. */
    public VmType type() {
        return type;
    }

    /** The simulator. */
    public Simulator sim() {
        return sim;
    }

    /** The trace. */
    public Tracer trace() {
        return trace;
    }

    /** The platform. */
    public Platform platform() {
        return platform;
    }

    /** The costs. */
    public Costs costs() {
        return costs;
    }

    /** The hook table. */
    public X86Ops ops() {
        return ops;
    }

    /** {@code enable_apicv}. */
    public boolean enableApicv() {
        return enableApicv;
    }

    /** {@code enable_ipiv}: IPI virtualization (the CPU posts guest IPIs without a VM exit). */
    public boolean enableIpiv() {
        return enableIpiv;
    }

    /** {@code halt_poll_ns}: the longest a halted vCPU polls before it blocks, in ns (0 = no polling). */
    public long haltPollNs() {
        return config.haltPollNs();
    }

    /** The LAPIC timer advance the VM started with, in ns. */
    public long timerAdvanceNs() {
        return timerAdvanceNs;
    }

    /** vCPU {@code id}. */
    public KvmVcpu vcpu(int id) {
        return vcpus[id];
    }

    /** How many vCPUs exist. */
    public int vcpuCount() {
        return vcpus.length;
    }

    /** The physical CPU of the I/O thread (KVM_SIGNAL_MSI): one past the CPUs that run vCPUs. */
    public int ioCpu() {
        return platform.cpuCount() - 1;
    }

    /** Whether KVM_BUG_ON fired. */
    public boolean isBugged() {
        return bugged;
    }

    /** Whether the VM is dead (bugged, or killed). */
    public boolean isDead() {
        return dead;
    }

    /**
     * {@code KVM_BUG_ON(cond)}: when {@code cond}, the VM becomes bugged and dead, every vCPU gets
     * KVM_REQ_VM_DEAD and is kicked; later KVM_RUN returns -EIO. Returns {@code cond}.
     */
    public boolean bugOn(boolean cond) {
        if (cond && !bugged) {
            bugged = true;
            dead = true;
            for (KvmVcpu v : vcpus) {
                v.makeRequest(KvmRequests.VM_DEAD);
                v.kick();
            }
        }
        return cond;
    }

    /** The VM-wide APICv inhibit reasons. */
    public long apicvInhibitReasons() {
        return apicv.reasons();
    }

    /** {@code kvm_x86_ops.sync_pir_to_irr} if present, else the highest IRR vector. */
    int syncPirToIrr(KvmVcpu vcpu) {
        return hasSyncPirToIrr ? ops.syncPirToIrr(vcpu) : vcpu.apic().irr().highest();
    }

    /** {@code static_call_cond(kvm_x86_hwapic_isr_update)}: nothing when the hook is absent. */
    void hwapicIsrUpdate(KvmVcpu vcpu, int maxIsr) {
        if (hasHwapicIsrUpdate) {
            ops.hwapicIsrUpdate(vcpu, maxIsr);
        }
    }

    /** {@code static_call_cond(kvm_x86_update_cr8_intercept)}. */
    void updateCr8Intercept(KvmVcpu vcpu, int tpr, int maxIrr) {
        if (hasUpdateCr8Intercept) {
            ops.updateCr8Intercept(vcpu, tpr, maxIrr);
        }
    }

    /** {@code static_call_cond(kvm_x86_apicv_pre_state_restore)}. */
    void apicvPreStateRestore(KvmVcpu vcpu) {
        if (hasApicvPreStateRestore) {
            ops.apicvPreStateRestore(vcpu);
        }
    }

    /**
     * {@code vcpu_scan_ioapic} (KVM_REQ_SCAN_IOAPIC) with the split irqchip: PIR synced, then
     * {@code ioapic_handled_vectors} from the I/O APIC routes ({@code kvm_scan_ioapic_routes}), and
     * KVM_REQ_LOAD_EOI_EXITMAP.
     */
    void vcpuScanIoapic(KvmVcpu vcpu) {
        vcpu.arch.ioapicHandledVectors.clearAll();
        vcpu.arch.highestStalePendingIoapicEoi = -1;
        syncPirToIrr(vcpu);
        ioapicRoutes.scan(vcpu, vcpu.arch.ioapicHandledVectors);
        vcpu.makeRequest(KvmRequests.LOAD_EOI_EXITMAP);
    }

    /** {@code vcpu_load_eoi_exitmap}: {@code static_call_cond(kvm_x86_load_eoi_exitmap)}. */
    void vcpuLoadEoiExitmap(KvmVcpu vcpu) {
        if (hasLoadEoiExitmap) {
            ops.loadEoiExitmap(vcpu, vcpu.arch.ioapicHandledVectors);
        }
    }

    /**
     * KVM_SET_GSI_ROUTING for I/O APIC pin {@code gsi}, as userspace's I/O APIC programs it: an MSI
     * route; a change makes every vCPU rescan ({@code kvm_arch_post_irq_routing_update} →
     * {@code kvm_make_scan_ioapic_request}: KVM_REQ_SCAN_IOAPIC, which wakes no one and kicks only
     * vCPUs in guest mode).
     */
    void setGsiRoute(int gsi, long address, long data) {
        if (!ioapicRoutes.set(gsi, address, data)) {
            return;
        }
        for (KvmVcpu v : vcpus) {
            v.makeRequest(KvmRequests.SCAN_IOAPIC);
            if (v.mode() == VcpuMode.IN_GUEST_MODE) {
                v.kick();
            }
        }
    }

    /**
     * KVM_IRQ_LINE ({@code kvm_set_irq}, source KVM_USERSPACE_IRQ_SOURCE_ID): GSI {@code gsi} at
     * {@code level}; an MSI route delivers when the line is raised ({@code kvm_set_msi}).
     *
     * @return the number of APICs that accepted it, or -1 (none, or the line was lowered)
     */
    int setIrq(int gsi, int level) {
        if (trace.on(KvmTracePoints.KVM_SET_IRQ)) {
            trace.emit(KvmTracePoints.KVM_SET_IRQ, trace.contextTask(), trace.contextCpu(), gsi, level, 0);
        }
        if (level == 0 || !ioapicRoutes.present(gsi)) {
            return -1;
        }
        return signalMsi(ioapicRoutes.address(gsi), ioapicRoutes.data(gsi));
    }

    /** {@code kvm_x86_ops.protected_apic_has_interrupt}, false when the hook is absent. */
    boolean protectedApicHasInterrupt(KvmVcpu vcpu) {
        return hasProtectedApicHasInterrupt && ops.protectedApicHasInterrupt(vcpu);
    }

    // ---- producers --------------------------------------------------------------------------

    /** {@code kvm_inject_nmi}: {@code nmi_queued++}, KVM_REQ_NMI (callers kick). */
    public void injectNmi(KvmVcpu vcpu) {
        vcpu.arch.nmiQueued++;
        vcpu.makeRequest(KvmRequests.NMI);
    }

    /** {@code kvm_inject_smi}: -ENOTTY unless SMBASE is emulated, else KVM_REQ_SMI and 0. */
    public int injectSmi(KvmVcpu vcpu) {
        if (!ops.hasEmulatedMsr(this, MSR_IA32_SMBASE)) {
            return -Errno.ENOTTY;
        }
        vcpu.makeRequest(KvmRequests.SMI);
        return 0;
    }

    /** {@code enter_smm}: the vCPU enters SMM through the backend. */
    void enterSmm(KvmVcpu vcpu) {
        if (trace.on(KvmTracePoints.KVM_SMM_TRANSITION)) {
            trace.emit(KvmTracePoints.KVM_SMM_TRANSITION, vcpu.task(), vcpu.cpu(), vcpu.id(), DEFAULT_SMBASE, true);
        }
        vcpu.arch.inSmm = true;
        ops.enterSmm(vcpu);
        if (ops.getNmiMask(vcpu)) {
            vcpu.arch.smmInsideNmiMask = true;
        } else {
            ops.setNmiMask(vcpu, true);
        }
    }

    /**
     * The emulator's RSM ({@code em_rsm}): the vCPU leaves SMM through the backend, and pending
     * events are re-evaluated (RSM may unblock NMIs and interrupts).
     */
    public void leaveSmm(KvmVcpu vcpu) {
        if (trace.on(KvmTracePoints.KVM_SMM_TRANSITION)) {
            trace.emit(KvmTracePoints.KVM_SMM_TRANSITION, vcpu.task(), vcpu.cpu(), vcpu.id(), DEFAULT_SMBASE, false);
        }
        ops.leaveSmm(vcpu);
        if (!vcpu.arch.smmInsideNmiMask) {
            ops.setNmiMask(vcpu, false);
        }
        vcpu.arch.smmInsideNmiMask = false;
        vcpu.arch.inSmm = false;
        vcpu.makeRequest(KvmRequests.EVENT);
    }

    // ---- routing ---------------------------------------------------------------------------

    /**
     * KVM_SIGNAL_MSI ({@code kvm_send_userspace_msi}): decode the message and deliver it.
     *
     * @return the number of APICs that accepted it, or -1 if none was found
     */
    int signalMsi(long address, long data) {
        if (trace.on(KvmTracePoints.KVM_MSI_SET_IRQ)) {
            trace.emit(KvmTracePoints.KVM_MSI_SET_IRQ, trace.contextTask(), trace.contextCpu(), address, data);
        }
        int dest = (int) (((address >>> 12) & 0xff) | ((address >>> 32) & 0xffffff00L));
        DeliveryMode mode = DeliveryMode.ofBits((int) data);
        if (dest == XAPIC_BROADCAST) {
            mode = mode == DeliveryMode.LOWEST ? DeliveryMode.FIXED : mode;
            dest = X2APIC_BROADCAST;
        }
        boolean trigLevel = (data & (1 << 15)) != 0;
        return irqDeliveryToApic(null, dest, Shorthand.NONE, mode, (int) data & 0xff, true, trigLevel);
    }

    /** The MSI address for physical destination {@code dest} (x2APIC format: high bits in address_hi). */
    public static long msiAddress(int dest) {
        return 0xfee00000L | ((long) (dest & 0xff) << 12) | ((long) (dest & 0xffffff00) << 32);
    }

    /** The MSI data for {@code vector}, {@code mode} and trigger. */
    public static long msiData(int vector, DeliveryMode mode, boolean levelTriggered) {
        return vector | mode.bits() | (1 << 14) | (levelTriggered ? 1 << 15 : 0);
    }

    /**
     * {@code kvm_irq_delivery_to_apic}: deliver to every APIC the destination names (a physical
     * x2APIC ID, the broadcast 0xffffffff, or a shorthand). Lowest priority picks one of the
     * candidates by vector hashing ({@code kvm_vector_to_index}: candidate number
     * {@code vector % count}). An MSI to 0xff was turned into a fixed broadcast by {@link #signalMsi}.
     *
     * @param src the sending APIC for shorthands, or null
     * @return the number of APICs that accepted it, or -1 if none matched
     */
    int irqDeliveryToApic(Lapic src, int dest, Shorthand shorthand, DeliveryMode mode, int vector,
                                 boolean level, boolean trigLevel) {
        if (shorthand == Shorthand.SELF) {
            return src.acceptIrq(mode, vector, level, trigLevel);
        }
        if (shorthand == Shorthand.NONE && dest != X2APIC_BROADCAST) {
            if (dest < 0 || dest >= vcpus.length) {
                return -1;
            }
            return vcpus[dest].apic().acceptIrq(mode, vector, level, trigLevel);
        }
        if (mode == DeliveryMode.LOWEST) {
            Lapic target = lowestPriorityByVectorHashing(src, shorthand, vector);
            return target == null ? -1 : target.acceptIrq(mode, vector, level, trigLevel);
        }
        int accepted = -1;
        for (KvmVcpu v : vcpus) {
            if (shorthand == Shorthand.OTHERS && v.apic() == src) {
                continue;
            }
            accepted = Math.max(accepted, 0) + v.apic().acceptIrq(mode, vector, level, trigLevel);
        }
        return accepted;
    }

    /** The slow path's lowest-priority choice with vector hashing, among software-enabled APICs. */
    private Lapic lowestPriorityByVectorHashing(Lapic src, Shorthand shorthand, int vector) {
        int candidates = 0;
        for (KvmVcpu v : vcpus) {
            if (isCandidate(v, src, shorthand)) {
                candidates++;
            }
        }
        if (candidates == 0) {
            return null;
        }
        int index = vector % candidates;
        for (KvmVcpu v : vcpus) {
            if (isCandidate(v, src, shorthand) && index-- == 0) {
                return v.apic();
            }
        }
        throw new IllegalStateException("vector hashing found no candidate");
    }

    private static boolean isCandidate(KvmVcpu v, Lapic src, Shorthand shorthand) {
        return !(shorthand == Shorthand.OTHERS && v.apic() == src) && v.apic().enabled();
    }
}
