package org.kvmemu.tdx;

import org.kvmemu.api.apic.ApicBitmap;
import org.kvmemu.api.guest.Guest;
import org.kvmemu.api.kvm.ExitInfo;
import org.kvmemu.api.kvm.Kvm;
import org.kvmemu.api.kvm.KvmVcpu;
import org.kvmemu.api.kvm.Lapic;
import org.kvmemu.api.spi.VmType;
import org.kvmemu.api.spi.X86Ops;
import org.kvmemu.vmx.common.VmxTables;

/**
 * {@code vt_x86_ops} (vmx/main.c): every hook in one place, sending a TD vCPU to {@link TdxOps}
 * and anything else to kvm-intel's VMX table, hook by hook, as the kernel's {@code vt_*} wrappers
 * test {@code is_td_vcpu}. {@code protected_apic_has_interrupt} is TDX's alone (installed by
 * {@code vt_hardware_setup} when TDX is enabled); for an ordinary VM it is never asked, since only
 * a TD's APIC is protected.
 */
final class VtOps implements X86Ops {

    private final X86Ops vmx;
    private final TdxOps tdx;
    private boolean td;

    VtOps() {
        this(VmxTables.create(), new TdxOps());
    }

    /** The dispatch between {@code vmx} and {@code tdx} (a test gives it doubles). */
    VtOps(X86Ops vmx, TdxOps tdx) {
        this.vmx = vmx;
        this.tdx = tdx;
    }

    /** {@code is_td_vcpu}. */
    private boolean isTd(KvmVcpu vcpu) {
        return vcpu.kvm().type() == VmType.TD;
    }

    /** {@code is_td}. */
    private static boolean isTd(Kvm kvm) {
        return kvm.type() == VmType.TD;
    }

    @Override
    public int vmInit(Kvm kvm) {
        td = isTd(kvm);
        return td ? tdx.vmInit(kvm) : vmx.vmInit(kvm);
    }

    @Override
    public int vcpuCreate(KvmVcpu vcpu, Guest guest) {
        return isTd(vcpu) ? tdx.vcpuCreate(vcpu, guest) : vmx.vcpuCreate(vcpu, guest);
    }

    /** {@code tdx_vcpu_reset}: nothing (an INIT would only WARN, and a TD blocks INIT). */
    @Override
    public void vcpuReset(KvmVcpu vcpu, boolean initEvent) {
        if (!isTd(vcpu)) {
            vmx.vcpuReset(vcpu, initEvent);
        }
    }

    @Override
    public void vcpuLoad(KvmVcpu vcpu, int pcpu) {
        if (isTd(vcpu)) {
            tdx.vcpuLoad(vcpu, pcpu);
        } else {
            vmx.vcpuLoad(vcpu, pcpu);
        }
    }

    @Override
    public void vcpuPut(KvmVcpu vcpu) {
        if (isTd(vcpu)) {
            tdx.vcpuPut(vcpu);
        } else {
            vmx.vcpuPut(vcpu);
        }
    }

    @Override
    public void vcpuRun(KvmVcpu vcpu, boolean forceImmediateExit) {
        if (isTd(vcpu)) {
            tdx.vcpuRun(vcpu, forceImmediateExit);
        } else {
            vmx.vcpuRun(vcpu, forceImmediateExit);
        }
    }

    /** {@code vmx_handle_exit_irqoff}, the same function for both. */
    @Override
    public void handleExitIrqoff(KvmVcpu vcpu) {
        if (isTd(vcpu)) {
            tdx.handleExitIrqoff(vcpu);
        } else {
            vmx.handleExitIrqoff(vcpu);
        }
    }

    @Override
    public int handleExit(KvmVcpu vcpu) {
        return isTd(vcpu) ? tdx.handleExit(vcpu) : vmx.handleExit(vcpu);
    }

    @Override
    public void getExitInfo(KvmVcpu vcpu, ExitInfo out) {
        if (isTd(vcpu)) {
            tdx.getExitInfo(vcpu, out);
        } else {
            vmx.getExitInfo(vcpu, out);
        }
    }

    /** A TD's RFLAGS.IF is not KVM's to read: false. */
    @Override
    public boolean getIfFlag(KvmVcpu vcpu) {
        return !isTd(vcpu) && vmx.getIfFlag(vcpu);
    }

    @Override
    public int getInterruptShadow(KvmVcpu vcpu) {
        return isTd(vcpu) ? 0 : vmx.getInterruptShadow(vcpu);
    }

    @Override
    public void setInterruptShadow(KvmVcpu vcpu, int mask) {
        if (!isTd(vcpu)) {
            vmx.setInterruptShadow(vcpu, mask);
        }
    }

    /** Nothing for a TD: its interrupts only go through the descriptor (behaviour.md §D.1). */
    @Override
    public void injectIrq(KvmVcpu vcpu, boolean reinjected) {
        if (!isTd(vcpu)) {
            vmx.injectIrq(vcpu, reinjected);
        }
    }

    @Override
    public void injectNmi(KvmVcpu vcpu) {
        if (isTd(vcpu)) {
            tdx.injectNmi(vcpu);
        } else {
            vmx.injectNmi(vcpu);
        }
    }

    /** Nothing for a TD. */
    @Override
    public void injectException(KvmVcpu vcpu) {
        if (!isTd(vcpu)) {
            vmx.injectException(vcpu);
        }
    }

    /** Nothing for a TD (behaviour.md §D.1). */
    @Override
    public void cancelInjection(KvmVcpu vcpu) {
        if (!isTd(vcpu)) {
            vmx.cancelInjection(vcpu);
        }
    }

    @Override
    public int interruptAllowed(KvmVcpu vcpu, boolean forInjection) {
        return isTd(vcpu) ? tdx.interruptAllowed(vcpu) : vmx.interruptAllowed(vcpu, forInjection);
    }

    /** Always 1 for a TD, even for injection (behaviour.md §D.5). */
    @Override
    public int nmiAllowed(KvmVcpu vcpu, boolean forInjection) {
        return isTd(vcpu) ? 1 : vmx.nmiAllowed(vcpu, forInjection);
    }

    @Override
    public boolean getNmiMask(KvmVcpu vcpu) {
        return !isTd(vcpu) && vmx.getNmiMask(vcpu);
    }

    @Override
    public void setNmiMask(KvmVcpu vcpu, boolean masked) {
        if (!isTd(vcpu)) {
            vmx.setNmiMask(vcpu, masked);
        }
    }

    /** No NMI window for a TD: the module opens its own (behaviour.md §D.5). */
    @Override
    public void enableNmiWindow(KvmVcpu vcpu) {
        if (!isTd(vcpu)) {
            vmx.enableNmiWindow(vcpu);
        }
    }

    @Override
    public void enableIrqWindow(KvmVcpu vcpu) {
        if (!isTd(vcpu)) {
            vmx.enableIrqWindow(vcpu);
        }
    }

    @Override
    public void deliverInterrupt(Lapic apic, int deliveryMode, boolean levelTriggered, int vector) {
        if (isTd(apic.vcpu())) {
            tdx.deliverInterrupt(apic, deliveryMode, levelTriggered, vector);
        } else {
            vmx.deliverInterrupt(apic, deliveryMode, levelTriggered, vector);
        }
    }

    /** -1 for a TD: KVM cannot see the TD's vIRR (behaviour.md §D.1). */
    @Override
    public int syncPirToIrr(KvmVcpu vcpu) {
        return isTd(vcpu) ? -1 : vmx.syncPirToIrr(vcpu);
    }

    /** {@code vt_load_eoi_exitmap}: nothing for a TD. */
    @Override
    public void loadEoiExitmap(KvmVcpu vcpu, ApicBitmap eoiExitBitmap) {
        if (!isTd(vcpu)) {
            vmx.loadEoiExitmap(vcpu, eoiExitBitmap);
        }
    }

    /** Nothing for a TD (behaviour.md §D.10). */
    @Override
    public void hwapicIsrUpdate(KvmVcpu vcpu, int maxIsr) {
        if (!isTd(vcpu)) {
            vmx.hwapicIsrUpdate(vcpu, maxIsr);
        }
    }

    /** Nothing for a TD (behaviour.md §D.10; unreachable anyway, APICv being active). */
    @Override
    public void updateCr8Intercept(KvmVcpu vcpu, int tpr, int maxIrr) {
        if (!isTd(vcpu)) {
            vmx.updateCr8Intercept(vcpu, tpr, maxIrr);
        }
    }

    @Override
    public void refreshApicvExecCtrl(KvmVcpu vcpu) {
        if (isTd(vcpu)) {
            tdx.refreshApicvExecCtrl(vcpu);
        } else {
            vmx.refreshApicvExecCtrl(vcpu);
        }
    }

    @Override
    public void apicvPreStateRestore(KvmVcpu vcpu) {
        if (isTd(vcpu)) {
            tdx.apicvPreStateRestore(vcpu);
        } else {
            vmx.apicvPreStateRestore(vcpu);
        }
    }

    @Override
    public boolean protectedApicHasInterrupt(KvmVcpu vcpu) {
        return tdx.protectedApicHasInterrupt(vcpu);
    }

    /** The VMX mask for both; the first posting added APICV_INHIBIT_REASON_TDX for a TD (behaviour.md §D.9). */
    @Override
    public long requiredApicvInhibits() {
        long mask = vmx.requiredApicvInhibits();
        return td && tdx.v1() ? mask | 1L << TdxOps.APICV_INHIBIT_TDX : mask;
    }

    @Override
    public int smiAllowed(KvmVcpu vcpu, boolean forInjection) {
        return isTd(vcpu) ? tdx.smiReachedTd(vcpu, "smi_allowed") : vmx.smiAllowed(vcpu, forInjection);
    }

    @Override
    public int enterSmm(KvmVcpu vcpu) {
        return isTd(vcpu) ? tdx.smiReachedTd(vcpu, "enter_smm") : vmx.enterSmm(vcpu);
    }

    @Override
    public int leaveSmm(KvmVcpu vcpu) {
        return isTd(vcpu) ? tdx.smiReachedTd(vcpu, "leave_smm") : vmx.leaveSmm(vcpu);
    }

    @Override
    public void enableSmiWindow(KvmVcpu vcpu) {
        if (isTd(vcpu)) {
            tdx.smiReachedTd(vcpu, "enable_smi_window");
        } else {
            vmx.enableSmiWindow(vcpu);
        }
    }

    /** Always blocked for a TD (behaviour.md §D.8). */
    @Override
    public boolean apicInitSignalBlocked(KvmVcpu vcpu) {
        return isTd(vcpu) || vmx.apicInitSignalBlocked(vcpu);
    }

    /** Never reached for a TD, whose INIT and SIPI are blocked. */
    @Override
    public void vcpuDeliverSipiVector(KvmVcpu vcpu, int vector) {
        if (!isTd(vcpu)) {
            vmx.vcpuDeliverSipiVector(vcpu, vector);
        }
    }

    /** {@code vt_has_emulated_msr}: TDX's list for a TD, VMX's otherwise. */
    @Override
    public boolean hasEmulatedMsr(Kvm kvm, int msr) {
        return kvm != null && isTd(kvm) ? TdxMsrs.hasEmulatedMsr(msr) : vmx.hasEmulatedMsr(kvm, msr);
    }

    @Override
    public String vendorVmState() {
        return td ? tdx.vendorVmState() : vmx.vendorVmState();
    }
}
