package org.kvmemu.api.spi;

import java.util.Objects;
import org.kvmemu.api.annotation.API;
import org.kvmemu.api.apic.ApicBitmap;
import org.kvmemu.api.guest.Guest;
import org.kvmemu.api.kvm.ExitInfo;
import org.kvmemu.api.kvm.Kvm;
import org.kvmemu.api.kvm.KvmVcpu;
import org.kvmemu.api.kvm.Lapic;

/**
 * A hook table that forwards every hook to another, for a backend that overrides a subset of an
 * existing table by delegation, as {@code vmx/main.c} wraps the VMX functions in {@code vt_*}
 * dispatchers. A subclass overrides the hooks it changes; {@link #has} answers as the delegate does
 * for every hook the subclass does not override, so an optional hook the delegate lacks stays absent,
 * and {@link OpsCheck} follows the delegation.
 */
@API(status = API.Status.MAINTAINED, since = "2")
public abstract class ForwardingX86Ops implements X86Ops {

    private final X86Ops delegate;

    /** A table that forwards to {@code delegate}. */
    protected ForwardingX86Ops(X86Ops delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The table hooks are forwarded to. */
    public final X86Ops delegate() {
        return delegate;
    }

    /** Present when this table's own class overrides the hook, else as the delegate says. */
    @Override
    public boolean has(String kernelName) {
        return OpsCheck.implemented(getClass(), ForwardingX86Ops.class, kernelName) || delegate.has(kernelName);
    }

    @Override
    public int vmInit(Kvm kvm) {
        return delegate.vmInit(kvm);
    }

    @Override
    public int vcpuCreate(KvmVcpu vcpu, Guest guest) {
        return delegate.vcpuCreate(vcpu, guest);
    }

    @Override
    public void vcpuReset(KvmVcpu vcpu, boolean initEvent) {
        delegate.vcpuReset(vcpu, initEvent);
    }

    @Override
    public void vcpuLoad(KvmVcpu vcpu, int pcpu) {
        delegate.vcpuLoad(vcpu, pcpu);
    }

    @Override
    public void vcpuPut(KvmVcpu vcpu) {
        delegate.vcpuPut(vcpu);
    }

    @Override
    public void vcpuRun(KvmVcpu vcpu, boolean forceImmediateExit) {
        delegate.vcpuRun(vcpu, forceImmediateExit);
    }

    @Override
    public void handleExitIrqoff(KvmVcpu vcpu) {
        delegate.handleExitIrqoff(vcpu);
    }

    @Override
    public int handleExit(KvmVcpu vcpu) {
        return delegate.handleExit(vcpu);
    }

    @Override
    public void getExitInfo(KvmVcpu vcpu, ExitInfo out) {
        delegate.getExitInfo(vcpu, out);
    }

    @Override
    public boolean getIfFlag(KvmVcpu vcpu) {
        return delegate.getIfFlag(vcpu);
    }

    @Override
    public int getInterruptShadow(KvmVcpu vcpu) {
        return delegate.getInterruptShadow(vcpu);
    }

    @Override
    public void setInterruptShadow(KvmVcpu vcpu, int mask) {
        delegate.setInterruptShadow(vcpu, mask);
    }

    @Override
    public void injectIrq(KvmVcpu vcpu, boolean reinjected) {
        delegate.injectIrq(vcpu, reinjected);
    }

    @Override
    public void injectNmi(KvmVcpu vcpu) {
        delegate.injectNmi(vcpu);
    }

    @Override
    public void injectException(KvmVcpu vcpu) {
        delegate.injectException(vcpu);
    }

    @Override
    public void cancelInjection(KvmVcpu vcpu) {
        delegate.cancelInjection(vcpu);
    }

    @Override
    public int interruptAllowed(KvmVcpu vcpu, boolean forInjection) {
        return delegate.interruptAllowed(vcpu, forInjection);
    }

    @Override
    public int nmiAllowed(KvmVcpu vcpu, boolean forInjection) {
        return delegate.nmiAllowed(vcpu, forInjection);
    }

    @Override
    public boolean getNmiMask(KvmVcpu vcpu) {
        return delegate.getNmiMask(vcpu);
    }

    @Override
    public void setNmiMask(KvmVcpu vcpu, boolean masked) {
        delegate.setNmiMask(vcpu, masked);
    }

    @Override
    public void enableNmiWindow(KvmVcpu vcpu) {
        delegate.enableNmiWindow(vcpu);
    }

    @Override
    public void enableIrqWindow(KvmVcpu vcpu) {
        delegate.enableIrqWindow(vcpu);
    }

    @Override
    public boolean isVnmiPending(KvmVcpu vcpu) {
        return delegate.isVnmiPending(vcpu);
    }

    @Override
    public boolean setVnmiPending(KvmVcpu vcpu) {
        return delegate.setVnmiPending(vcpu);
    }

    @Override
    public void deliverInterrupt(Lapic apic, int deliveryMode, boolean levelTriggered, int vector) {
        delegate.deliverInterrupt(apic, deliveryMode, levelTriggered, vector);
    }

    @Override
    public int syncPirToIrr(KvmVcpu vcpu) {
        return delegate.syncPirToIrr(vcpu);
    }

    @Override
    public void hwapicIsrUpdate(KvmVcpu vcpu, int maxIsr) {
        delegate.hwapicIsrUpdate(vcpu, maxIsr);
    }

    @Override
    public void loadEoiExitmap(KvmVcpu vcpu, ApicBitmap eoiExitBitmap) {
        delegate.loadEoiExitmap(vcpu, eoiExitBitmap);
    }

    @Override
    public void updateCr8Intercept(KvmVcpu vcpu, int tpr, int maxIrr) {
        delegate.updateCr8Intercept(vcpu, tpr, maxIrr);
    }

    @Override
    public void refreshApicvExecCtrl(KvmVcpu vcpu) {
        delegate.refreshApicvExecCtrl(vcpu);
    }

    @Override
    public void apicvPreStateRestore(KvmVcpu vcpu) {
        delegate.apicvPreStateRestore(vcpu);
    }

    @Override
    public boolean protectedApicHasInterrupt(KvmVcpu vcpu) {
        return delegate.protectedApicHasInterrupt(vcpu);
    }

    @Override
    public long requiredApicvInhibits() {
        return delegate.requiredApicvInhibits();
    }

    @Override
    public int smiAllowed(KvmVcpu vcpu, boolean forInjection) {
        return delegate.smiAllowed(vcpu, forInjection);
    }

    @Override
    public int enterSmm(KvmVcpu vcpu) {
        return delegate.enterSmm(vcpu);
    }

    @Override
    public int leaveSmm(KvmVcpu vcpu) {
        return delegate.leaveSmm(vcpu);
    }

    @Override
    public void enableSmiWindow(KvmVcpu vcpu) {
        delegate.enableSmiWindow(vcpu);
    }

    @Override
    public boolean apicInitSignalBlocked(KvmVcpu vcpu) {
        return delegate.apicInitSignalBlocked(vcpu);
    }

    @Override
    public void vcpuDeliverSipiVector(KvmVcpu vcpu, int vector) {
        delegate.vcpuDeliverSipiVector(vcpu, vector);
    }

    @Override
    public boolean hasEmulatedMsr(Kvm kvm, int msr) {
        return delegate.hasEmulatedMsr(kvm, msr);
    }

    @Override
    public String vendorVmState() {
        return delegate.vendorVmState();
    }
}
