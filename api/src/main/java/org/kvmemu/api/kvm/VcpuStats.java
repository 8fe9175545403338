package org.kvmemu.api.kvm;

import java.util.List;
import org.kvmemu.api.annotation.API;

/** The per-vCPU statistics of {@code struct kvm_vcpu_stat} that this model keeps. */
@API(status = API.Status.STABLE, since = "1")
public final class VcpuStats {
    /** Names accepted by {@link #get}, as in the kernel's stats. */
    public static final List<String> NAMES = List.of("exits", "irq_exits", "halt_exits", "halt_wakeup",
            "irq_window_exits", "nmi_window_exits", "irq_injections", "nmi_injections", "request_irq_exits",
            "signal_exits", "halt_attempted_poll", "halt_successful_poll", "halt_poll_invalid",
            "halt_poll_success_ns", "halt_poll_fail_ns", "halt_wait_ns");

    /** VM exits. */
    public long exits;
    /** External-interrupt exits. */
    public long irqExits;
    /** HLT exits. */
    public long haltExits;
    /** {@code kvm_vcpu_wake_up} calls that woke the sleeping vCPU task (not signals). */
    public long haltWakeup;
    /** Interrupt-window exits. */
    public long irqWindowExits;
    /** NMI-window exits. */
    public long nmiWindowExits;
    /** Interrupts injected. */
    public long irqInjections;
    /** NMIs injected. */
    public long nmiInjections;
    /** Exits to userspace for an interrupt window it asked for. */
    public long requestIrqExits;
    /** KVM_RUN returns for a pending signal. */
    public long signalExits;

    /** Halts that polled ({@code update_halt_poll_stats}). */
    public long haltAttemptedPoll;
    /** Halts whose wake event came before the vCPU was scheduled out. */
    public long haltSuccessfulPoll;
    /** Successful polls woken by an invalid wake-up (never on x86: {@code vcpu_valid_wakeup}). */
    public long haltPollInvalid;
    /** Time spent polling in successful polls, ns. */
    public long haltPollSuccessNs;
    /** Time spent polling in polls that ended by blocking, ns. */
    public long haltPollFailNs;
    /** Time halted vCPUs spent blocked after polling, ns. */
    public long haltWaitNs;

    /** The statistic called {@code name}, one of {@link #NAMES}. */
    public long get(String name) {
        return switch (name) {
            case "exits" -> exits;
            case "irq_exits" -> irqExits;
            case "halt_exits" -> haltExits;
            case "halt_wakeup" -> haltWakeup;
            case "irq_window_exits" -> irqWindowExits;
            case "nmi_window_exits" -> nmiWindowExits;
            case "irq_injections" -> irqInjections;
            case "nmi_injections" -> nmiInjections;
            case "request_irq_exits" -> requestIrqExits;
            case "signal_exits" -> signalExits;
            case "halt_attempted_poll" -> haltAttemptedPoll;
            case "halt_successful_poll" -> haltSuccessfulPoll;
            case "halt_poll_invalid" -> haltPollInvalid;
            case "halt_poll_success_ns" -> haltPollSuccessNs;
            case "halt_poll_fail_ns" -> haltPollFailNs;
            case "halt_wait_ns" -> haltWaitNs;
            default -> throw new IllegalArgumentException("no statistic " + name);
        };
    }
}
