package org.kvmemu.tdx.vmm;

import org.kvmemu.api.apic.DeliveryMode;
import org.kvmemu.api.guest.Ghci;
import org.kvmemu.api.guest.GuestMemory;
import org.kvmemu.api.invariant.Invariants;
import org.kvmemu.api.kvm.Kvm;
import org.kvmemu.api.kvm.KvmExitReasons;
import org.kvmemu.api.kvm.KvmRun;
import org.kvmemu.api.kvm.KvmVcpu;
import org.kvmemu.api.spi.UserspaceExitHandler;
import org.kvmemu.api.spi.VmmServices;
import org.kvmemu.api.trace.Tracer;

/**
 * The VMM's answers to KVM_EXIT_TDX, modelled on QEMU 10.1's {@code target/i386/kvm/tdx.c}
 * (event-notify.md §N.4): {@code tdx_handle_setup_event_notify_interrupt} stores one (vector, APIC ID) per
 * TD, last writer wins; {@code tdx_handle_get_quote} checks a request in the order of event-notify.md §N.4.3,
 * writes IN_FLIGHT before answering SUCCESS and hands it to a modelled Quote Generation Service;
 * {@code tdx_handle_get_tdvmcall_info} reports SetupEventNotifyInterrupt in leaf 1. A completion
 * ({@code tdx_get_quote_completion}) writes the Quote, out_len and the status last, then sends one
 * MSI to the stored APIC ID.
 */
public final class TdxVmm implements UserspaceExitHandler {

    private final VmmServices vmm;
    private final VmmSettings settings;
    private final Kvm kvm;
    /** QEMU's {@code event_notify_vector} and {@code event_notify_apicid}: -1 until set. */
    private long notifyVector = -1;
    private long notifyApicId = -1;
    private int inFlight;
    private long acceptedCount;
    private long quoteRequests;
    private long quoteCompletions;
    private long notifyMsis;

    /** The VMM of the TD that {@code vmm} runs, configured by the machine's {@code vmm.*} options. */
    public TdxVmm(VmmServices vmm) {
        this.vmm = vmm;
        this.kvm = vmm.kvm();
        this.settings = VmmSettings.of(kvm.config());
    }

    @Override
    public boolean handleExit(KvmVcpu vcpu, KvmRun run) {
        if (run.exitReason != KvmExitReasons.TDX) {
            return false;
        }
        KvmRun.Tdx t = run.tdx;
        if (t.nr == Ghci.GET_QUOTE) {
            getQuote(vcpu, t);
        } else if (t.nr == Ghci.SETUP_EVENT_NOTIFY_INTERRUPT) {
            if (settings.notifyMode().equals(VmmSettings.NOTIFY_UNSUPPORTED)) {
                return false;
            }
            setupEventNotifyInterrupt(vcpu, t);
        } else if (t.nr == Ghci.GET_TD_VM_CALL_INFO) {
            getTdVmCallInfo(t);
        } else {
            return false;
        }
        return true;
    }

    /** {@code tdx_handle_setup_event_notify_interrupt}: the vector and the caller's APIC ID (or the one passed). */
    private void setupEventNotifyInterrupt(KvmVcpu vcpu, KvmRun.Tdx t) {
        if (t.vector < 32 || t.vector > 255) {
            t.ret = Ghci.INVALID_OPERAND;
        } else {
            notifyVector = t.vector;
            notifyApicId = t.apicId >= 0 ? t.apicId : vcpu.id();
            t.ret = Ghci.SUCCESS;
        }
        Tracer trace = kvm.trace();
        if (trace.on(VmmTracePoints.VMM_SETUP_EVENT_NOTIFY)) {
            trace.emit(VmmTracePoints.VMM_SETUP_EVENT_NOTIFY, "vmm", vcpu.cpu(), vcpu.id(), t.vector,
                    notifyApicId, t.ret);
        }
    }

    /** {@code tdx_handle_get_tdvmcall_info}, leaf 1: R11 = (user caps &amp; BIT(1)) | kernel caps (0). */
    private void getTdVmCallInfo(KvmRun.Tdx t) {
        t.r11 = settings.notifyMode().equals(VmmSettings.NOTIFY_UNSUPPORTED) ? 0 : Ghci.INFO_SETUP_EVENT_NOTIFY;
        t.r12 = 0;
        t.r13 = 0;
        t.r14 = 0;
        t.ret = Ghci.SUCCESS;
    }

    /**
     * {@code tdx_handle_get_quote}: the checks in order (event-notify.md §N.4.3); the first that applies
     * answers. Userspace reaches only the TD's shared memory: a header it cannot read (a private
     * GPA, which no scenario can name) leaves QEMU's default INVALID_OPERAND.
     */
    private void getQuote(KvmVcpu vcpu, KvmRun.Tdx t) {
        quoteRequests++;
        long gpa = t.gpa;
        long size = t.size;
        GuestMemory mem = vmm.memory();
        long req = 0;
        if (size == 0) {
            t.ret = Ghci.INVALID_OPERAND;
        } else if ((gpa & (GuestMemory.PAGE_SIZE - 1)) != 0 || (size & (GuestMemory.PAGE_SIZE - 1)) != 0) {
            t.ret = Ghci.ALIGN_ERROR;
        } else if (!mem.isShared(gpa)) {
            t.ret = Ghci.INVALID_OPERAND;
        } else if (mem.read64(gpa + Ghci.HDR_VERSION) != 1) {
            t.ret = Ghci.INVALID_OPERAND;
        } else if (Long.compareUnsigned(size, Ghci.MAX_QUOTE_BUFFER) > 0
                || mem.read32(gpa + Ghci.HDR_IN_LEN) > size - Ghci.HDR_SIZE) {
            t.ret = Ghci.INVALID_OPERAND;
        } else if (!settings.quoteService()) {
            mem.write64(gpa + Ghci.HDR_STATUS, Ghci.QUOTE_SERVICE_UNAVAILABLE);
            t.ret = Ghci.SUCCESS;
        } else if (inFlight >= Ghci.MAX_IN_FLIGHT) {
            t.ret = Ghci.RETRY;
        } else {
            mem.write64(gpa + Ghci.HDR_STATUS, Ghci.QUOTE_IN_FLIGHT);
            req = accept(gpa, size);
            t.ret = Ghci.SUCCESS;
        }
        Tracer trace = kvm.trace();
        if (trace.on(VmmTracePoints.VMM_QUOTE_REQUEST)) {
            trace.emit(VmmTracePoints.VMM_QUOTE_REQUEST, "vmm", vcpu.cpu(), vcpu.id(), req, gpa, size,
                    t.ret);
        }
    }

    /** The request is in flight: it completes at the QGS's answer or the VMM's timer, whichever is first. */
    private long accept(long gpa, long size) {
        inFlight++;
        long i = ++acceptedCount;
        long answer = settings.delayNs(i);
        long timer = settings.timeoutNs();
        boolean timedOut = timer != VmmSettings.NEVER && (answer == VmmSettings.NEVER || timer <= answer);
        QuoteRequest r = new QuoteRequest(this, i, gpa, size, timedOut);
        long at = timedOut ? timer : answer;
        if (at != VmmSettings.NEVER) {
            kvm.sim().after(at, r);
        }
        return i;
    }

    /**
     * {@code tdx_get_quote_completion}: on SUCCESS the Quote at gpa + 24, out_len, then the status;
     * on ERROR the status only; then one MSI when notification is set up (event-notify.md §N.4.4).
     */
    void complete(QuoteRequest r) {
        if (r.completed) {
            vmm.invariants().violated(Invariants.QUOTE_COMPLETED_TWICE, "request " + r.number + " at "
                    + hex(r.gpa), "vmm", kvm.ioCpu());
            return;
        }
        r.completed = true;
        inFlight--;
        quoteCompletions++;
        GuestMemory mem = vmm.memory();
        long quoteSize = settings.quoteSize();
        boolean ok = !r.timedOut && !settings.fails(r.number)
                && Long.compareUnsigned(quoteSize, r.size - Ghci.HDR_SIZE) <= 0;
        long outLen = mem.read32(r.gpa + Ghci.HDR_OUT_LEN);
        if (ok) {
            mem.writePattern(r.gpa + Ghci.HDR_SIZE, quoteSize, (int) r.number);
            outLen = settings.outLen() >= 0 ? settings.outLen() : quoteSize;
            mem.write32(r.gpa + Ghci.HDR_OUT_LEN, outLen);
        }
        long status = ok ? Ghci.QUOTE_SUCCESS : Ghci.QUOTE_ERROR;
        mem.write64(r.gpa + Ghci.HDR_STATUS, status);
        Tracer trace = kvm.trace();
        if (trace.on(VmmTracePoints.VMM_QUOTE_COMPLETE)) {
            trace.setContext("vmm", kvm.ioCpu());
            trace.emit(VmmTracePoints.VMM_QUOTE_COMPLETE, "vmm", kvm.ioCpu(), r.number, r.gpa,
                    status, outLen, r.timedOut ? "timeout" : "qgs");
        }
        if (settings.notifyMode().equals(VmmSettings.NOTIFY_YES) && notifyVector >= 0) {
            notifyMsis++;
            if (trace.on(VmmTracePoints.VMM_NOTIFY_MSI)) {
                trace.emit(VmmTracePoints.VMM_NOTIFY_MSI, "vmm", kvm.ioCpu(), r.number, notifyVector,
                        notifyApicId);
            }
            vmm.signalMsi(Kvm.msiAddress((int) notifyApicId), Kvm.msiData((int) notifyVector, DeliveryMode.FIXED,
                    false));
        }
    }

    @Override
    public long stat(String name) {
        return switch (name) {
            case "quote_requests" -> quoteRequests;
            case "quote_accepted" -> acceptedCount;
            case "quote_completions" -> quoteCompletions;
            case "notify_msis" -> notifyMsis;
            default -> 0;
        };
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
