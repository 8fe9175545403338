package org.kvmemu.api.guest;

import java.util.Arrays;
import java.util.List;
import org.kvmemu.api.apic.TimerMode;
import org.kvmemu.api.check.Violations;
import org.kvmemu.api.apic.X2apicMsrs;
import org.kvmemu.api.platform.Costs;
import org.kvmemu.api.sim.SimEvent;
import org.kvmemu.api.sim.Simulator;
import org.kvmemu.api.annotation.API;
import org.kvmemu.api.trace.ModelTracePoints;
import org.kvmemu.api.trace.Tracer;

/**
 * One vCPU's guest as the guest sees it: RFLAGS.IF, the STI interrupt shadow, NMI blocking until
 * IRET, its program and its IDT handlers, executed in guest time while the backend's hardware model
 * keeps it in guest mode. Interrupts reach it only at instruction boundaries
 * ({@link GuestHardware#atBoundary}) or at VM entry ({@link #deliverInterrupt}). A {@code spin} cut
 * short by an exit resumes with what is left after the next entry.
 */
@API(status = API.Status.EXPERIMENTAL, since = "1")
public final class GuestCpu {

    /** Interruptibility: blocking by STI (bit 0). */
    public static final int BLOCKING_BY_STI = 1;

    private static final int KIND_MAIN = 0;
    private static final int KIND_IRQ = 1;
    private static final int KIND_NMI = 2;
    private static final int KIND_MC = 3;
    private static final int KIND_SMM = 4;
    private static final int KIND_EXCEPTION = 5;

    private static final Instruction HLT_FOREVER = new Instruction.Hlt();

    private final int vcpu;
    private final Simulator sim;
    private final Tracer trace;
    private final Costs costs;
    private final Violations violations;
    private final Idt idt;
    private final GuestLog log = new GuestLog();
    private final String task;
    private final Instruction[] program;
    private GuestHardware hw;
    private int cpu;

    private boolean ifFlag;
    private int shadow;
    private boolean nmiBlocked;
    private boolean halted;
    private boolean running;
    private int pendingFault = -1;
    private boolean deliveryPageUnmapped;

    private Frame[] frames = new Frame[4];
    private int depth;
    private long stepStart;
    private long stepLength;
    private final SimEvent boundary = new SimEvent() {
        @Override
        protected void fire() {
            boundaryReached(stepLength);
            run();
        }
    };

    /**
     * A guest that will run {@code program} (boot instructions first) with handlers {@code idt}. It
     * starts as after reset: IF=0, no NMI blocking.
     */
    public GuestCpu(int vcpu, List<Instruction> program, Idt idt, Simulator sim, Tracer trace, Costs costs,
                    Violations violations) {
        this.vcpu = vcpu;
        this.program = program.toArray(new Instruction[0]);
        this.idt = idt;
        this.sim = sim;
        this.trace = trace;
        this.costs = costs;
        this.violations = violations;
        this.task = "guest" + vcpu;
        for (int i = 0; i < frames.length; i++) {
            frames[i] = new Frame();
        }
        frames[0].kind = KIND_MAIN;
        depth = 1;
    }

    /** Connects the backend's hardware model; done once when the vCPU is created. */
    public void attach(GuestHardware hardware) {
        this.hw = hardware;
    }

    /** The vCPU index. */
    public int vcpu() {
        return vcpu;
    }

    /** The observation log. */
    public GuestLog log() {
        return log;
    }

    /** RFLAGS.IF. */
    public boolean ifFlag() {
        return ifFlag;
    }

    /** Sets RFLAGS.IF (KVM writing guest state, e.g. at reset). */
    public void setIfFlag(boolean value) {
        ifFlag = value;
    }

    /** The interrupt shadow: {@link #BLOCKING_BY_STI} or 0. */
    public int shadow() {
        return shadow;
    }

    /** Sets the interrupt shadow (KVM's {@code set_interrupt_shadow}). */
    public void setShadow(int mask) {
        shadow = mask;
    }

    /** Whether NMIs are blocked (an NMI handler has not yet executed IRET). */
    public boolean nmiBlocked() {
        return nmiBlocked;
    }

    /** Sets NMI blocking (VMX's guest interruptibility bit 3). */
    public void setNmiBlocked(boolean blocked) {
        nmiBlocked = blocked;
    }

    /** Whether the CPU recognises a maskable interrupt now: IF=1 and no STI shadow. */
    public boolean interruptible() {
        return ifFlag && shadow == 0;
    }

    /** Whether the guest has executed HLT and nothing has been delivered since. */
    public boolean halted() {
        return halted;
    }

    /** Whether the guest is executing (in guest mode and not cut off by an exit). */
    public boolean running() {
        return running;
    }

    /**
     * Resumes execution on physical CPU {@code pcpu} after a VM entry (and after the entry delivered
     * whatever it injected).
     */
    public void enter(int pcpu) {
        this.cpu = pcpu;
        running = true;
        run();
    }

    /** Stops execution now: a VM exit. A spin in progress keeps what is left of it. */
    public void exit() {
        if (!running) {
            return;
        }
        running = false;
        interruptStep();
    }

    /** Cancels the pending boundary; a spin keeps what is left of it. */
    private void interruptStep() {
        if (boundary.isScheduled()) {
            Frame f = frames[depth - 1];
            if (f.inSpin) {
                f.spinLeft -= sim.now() - stepStart;
                f.inSpin = f.spinLeft > 0;
            }
            sim.cancel(boundary);
        }
    }

    private void step(long length) {
        stepStart = sim.now();
        stepLength = length;
        sim.after(length, boundary);
    }

    /**
     * The hardware has something new to recognise (a posted interrupt was processed): a spin in
     * progress is interrupted at this boundary and the boundary is evaluated now.
     */
    public void poke() {
        if (!running || !boundary.isScheduled() || !frames[depth - 1].inSpin) {
            return;
        }
        interruptStep();
        run();
    }

    /**
     * INIT: the CPU's architectural reset (RFLAGS.IF=0, no shadow, no NMI blocking) and the program
     * back at its start; the guest does not run until {@link #enter}.
     */
    public void reset() {
        exit();
        ifFlag = false;
        shadow = 0;
        nmiBlocked = false;
        halted = false;
        pendingFault = -1;
        depth = 1;
        frames[0].pc = 0;
        frames[0].followUp = null;
        frames[0].inSpin = false;
        frames[0].spinLeft = 0;
    }

    /** A SIPI started this (reset) CPU at {@code vector}: it runs its program from the start. */
    public void startup(int vector) {
        log.sipi(vector);
        if (trace.on(ModelTracePoints.GUEST_SIPI)) {
            trace.emit(ModelTracePoints.GUEST_SIPI, task, cpu, vcpu, vector);
        }
    }

    /**
     * The guest's next instruction faults with exception {@code vector} (the scenario's
     * {@code exception} event): now if it is executing, else at its first boundary after the next
     * entry.
     */
    public void raiseFault(int vector) {
        pendingFault = vector;
        if (running && boundary.isScheduled()) {
            interruptStep();
            run();
        }
    }

    /**
     * The guest page the next event delivery touches (IDT or stack) loses its EPT mapping (the
     * scenario's {@code ept-violation}); the hardware asks {@link #takeDeliveryFault} at VM entry.
     */
    public void unmapDeliveryPage() {
        deliveryPageUnmapped = true;
    }

    /** Whether delivering an event now faults on an unmapped page; the host maps it again as it handles the fault. */
    public boolean takeDeliveryFault() {
        boolean fault = deliveryPageUnmapped;
        deliveryPageUnmapped = false;
        return fault;
    }

    /** Delivers external interrupt {@code vector} through the IDT: IF is cleared until IRET. */
    public void deliverInterrupt(int vector) {
        if (!interruptible()) {
            violations.record(Violations.IRQ_WHILE_MASKED, "vector 0x" + Integer.toHexString(vector) + " with if="
                    + (ifFlag ? 1 : 0) + " shadow=" + shadow, task, cpu);
        }
        Frame f = push(KIND_IRQ, vector);
        f.savedIf = ifFlag;
        ifFlag = false;
        halted = false;
        log.irq(vector);
        if (trace.on(ModelTracePoints.GUEST_IRQ)) {
            trace.emit(ModelTracePoints.GUEST_IRQ, task, cpu, vcpu, vector);
        }
        markHandler(vector);
    }

    /** Delivers an NMI: NMIs stay blocked until the handler's IRET. */
    public void deliverNmi() {
        if (nmiBlocked) {
            violations.record(Violations.NMI_WHILE_BLOCKED, "NMI delivered inside the NMI handler", task, cpu);
        }
        Frame f = push(KIND_NMI, Idt.NMI);
        f.savedIf = ifFlag;
        ifFlag = false;
        nmiBlocked = true;
        halted = false;
        log.nmi();
        if (trace.on(ModelTracePoints.GUEST_NMI)) {
            trace.emit(ModelTracePoints.GUEST_NMI, task, cpu, vcpu);
        }
        markHandler(Idt.NMI);
    }

    /** Delivers a machine check (#MC, vector 18) to the guest's handler. */
    public void deliverMachineCheck() {
        Frame f = push(KIND_MC, Idt.MC);
        f.savedIf = ifFlag;
        ifFlag = false;
        halted = false;
        log.machineCheck();
        if (trace.on(ModelTracePoints.GUEST_MC)) {
            trace.emit(ModelTracePoints.GUEST_MC, task, cpu, vcpu);
        }
        markHandler(Idt.MC);
    }

    /**
     * Delivers exception {@code vector} (injected by KVM) to its IDT handler: not masked by IF; the
     * handler writes no EOI unless its {@code handler} statement says {@code eoi=yes}.
     */
    public void deliverException(int vector) {
        Frame f = push(KIND_EXCEPTION, vector);
        f.savedIf = ifFlag;
        ifFlag = false;
        halted = false;
        log.irq(vector);
        if (trace.on(ModelTracePoints.GUEST_EXCEPTION)) {
            trace.emit(ModelTracePoints.GUEST_EXCEPTION, task, cpu, vcpu, vector);
        }
        markHandler(vector);
    }

    /**
     * SMM entry: the guest firmware's SMI handler runs with IF=0 (KVM blocks NMIs through
     * {@code set_nmi_mask}), then executes RSM ({@link GuestHardware#rsm}); {@link #leaveSmm}
     * restores RFLAGS.IF.
     */
    public void enterSmm() {
        Frame f = push(KIND_SMM, Idt.NMI);
        f.savedIf = ifFlag;
        ifFlag = false;
        halted = false;
        if (trace.on(ModelTracePoints.GUEST_SMM)) {
            trace.emit(ModelTracePoints.GUEST_SMM, task, cpu, vcpu, "enter");
        }
    }

    /** RSM completed: back to what the SMI interrupted. */
    public void leaveSmm() {
        if (depth < 2 || frames[depth - 1].kind != KIND_SMM) {
            throw new IllegalStateException("RSM outside SMM on vcpu " + vcpu);
        }
        Frame f = frames[--depth];
        ifFlag = f.savedIf;
    }

    /** Whether the guest is in its SMI handler. */
    public boolean inSmm() {
        return depth > 1 && frames[depth - 1].kind == KIND_SMM;
    }

    private void markHandler(int slot) {
        String label = idt.mark(slot);
        if (label != null) {
            mark(label);
        }
    }

    private void mark(String label) {
        log.mark(label);
        if (trace.on(ModelTracePoints.GUEST_MARK)) {
            trace.emit(ModelTracePoints.GUEST_MARK, task, cpu, vcpu, label);
        }
    }

    private Frame push(int kind, int slot) {
        if (depth == frames.length) {
            Frame[] bigger = Arrays.copyOf(frames, depth * 2);
            for (int i = depth; i < bigger.length; i++) {
                bigger[i] = new Frame();
            }
            frames = bigger;
        }
        Frame f = frames[depth++];
        f.kind = kind;
        f.slot = slot;
        f.phase = 0;
        f.inSpin = false;
        f.spinLeft = 0;
        return f;
    }

    /** Executes instructions boundary by boundary until one takes time or the guest exits. */
    private void run() {
        trace.setContext(task, cpu);
        while (running) {
            if (pendingFault >= 0) {
                int vector = pendingFault;
                pendingFault = -1;
                if (hw.fault(this, vector) || !running) {
                    return;
                }
            }
            if (hw.atBoundary(this) || !running) {
                return;
            }
            Frame f = frames[depth - 1];
            long cost;
            if (f.inSpin) {
                cost = f.spinLeft;
            } else {
                shadow = 0;
                cost = f.kind == KIND_MAIN ? executeMain(f) : executeHandler(f);
                if (!running) {
                    return;
                }
            }
            if (!sim.tryAdvance(sim.now() + cost)) {
                step(cost);
                return;
            }
            boundaryReached(cost);
        }
    }

    /** The next boundary is reached after {@code length} ns: a spin in progress used that much. */
    private void boundaryReached(long length) {
        Frame f = frames[depth - 1];
        if (f.inSpin) {
            f.spinLeft -= length;
            f.inSpin = f.spinLeft > 0;
        }
    }

    private long executeMain(Frame f) {
        if (f.followUp != null) {
            armTimer(f.followUp);
            f.followUp = null;
            return costs.guestInstructionNs;
        }
        Instruction insn = f.pc < program.length ? program[f.pc] : HLT_FOREVER;
        if (f.pc < program.length) {
            f.pc++;
        }
        if (insn instanceof Instruction.Spin s) {
            return startSpin(f, s.ns());
        }
        if (insn instanceof Instruction.Sti) {
            sti();
        } else if (insn instanceof Instruction.Cli) {
            ifFlag = false;
        } else if (insn instanceof Instruction.Hlt) {
            hlt();
        } else if (insn instanceof Instruction.StiHlt) {
            sti();
            hlt();
        } else if (insn instanceof Instruction.Tpr t) {
            hw.writeTpr(this, t.priorityClass() << 4);
        } else if (insn instanceof Instruction.Ipi i) {
            hw.writeMsr(this, X2apicMsrs.ICR, ((long) i.dest() << 32) | (icrLow(i) & 0xffffffffL));
        } else if (insn instanceof Instruction.Timer t) {
            f.followUp = t;
            hw.writeMsr(this, X2apicMsrs.LVTT, t.vector() | (t.mode().lvttMode() << 17));
        } else if (insn instanceof Instruction.Mark m) {
            mark(m.label());
        } else {
            throw new IllegalStateException("instruction not modelled yet: " + insn);
        }
        return costs.guestInstructionNs;
    }

    /**
     * A spin is a run of instructions: its first one ends at the next boundary (where events held
     * back by an STI shadow are recognised), the rest runs until an exit or a poke cuts it short.
     */
    private long startSpin(Frame f, long ns) {
        f.inSpin = true;
        f.spinLeft = ns;
        return Math.min(ns, costs.guestInstructionNs);
    }

    /** The second write of {@code timer}: TMICT, or the TSC deadline relative to the guest TSC now. */
    private void armTimer(Instruction.Timer t) {
        if (t.mode() == TimerMode.TSC_DEADLINE) {
            hw.writeMsr(this, X2apicMsrs.TSC_DEADLINE, Costs.nsToCycles(sim.now() + t.afterNs()));
        } else {
            hw.writeMsr(this, X2apicMsrs.TMICT, t.afterNs());
        }
    }

    private static int icrLow(Instruction.Ipi ipi) {
        return ipi.vector() | ipi.mode().bits() | (1 << 14) | (ipi.shorthand().ordinal() << 18);
    }

    private void sti() {
        if (!ifFlag) {
            shadow = BLOCKING_BY_STI;
        }
        ifFlag = true;
    }

    private void hlt() {
        halted = true;
        if (trace.on(ModelTracePoints.GUEST_HLT)) {
            trace.emit(ModelTracePoints.GUEST_HLT, task, cpu, vcpu, ifFlag ? 1 : 0);
        }
        hw.hlt(this);
    }

    private long executeHandler(Frame f) {
        if (f.kind == KIND_SMM) {
            return executeSmm(f);
        }
        if (f.phase == 0) {
            f.phase = 1;
            long spin = idt.spinNs(f.slot);
            if (spin > 0) {
                return startSpin(f, spin);
            }
        }
        if (f.phase == 1) {
            f.phase = 2;
            if (idt.writesEoi(f.slot)) {
                if (trace.on(ModelTracePoints.GUEST_EOI)) {
                    trace.emit(ModelTracePoints.GUEST_EOI, task, cpu, vcpu, f.slot);
                }
                hw.writeMsr(this, X2apicMsrs.EOI, 0);
                return costs.guestInstructionNs;
            }
        }
        iret(f);
        return costs.guestInstructionNs;
    }

    private long executeSmm(Frame f) {
        if (f.phase == 0) {
            f.phase = 1;
            return startSpin(f, costs.smmHandlerNs);
        }
        if (trace.on(ModelTracePoints.GUEST_SMM)) {
            trace.emit(ModelTracePoints.GUEST_SMM, task, cpu, vcpu, "rsm");
        }
        hw.rsm(this);
        return costs.guestInstructionNs;
    }

    private void iret(Frame f) {
        depth--;
        ifFlag = f.savedIf;
        String what = f.kind == KIND_NMI ? "nmi" : f.kind == KIND_MC ? "mc"
                : f.kind == KIND_EXCEPTION ? "exception" : "irq";
        if (trace.on(ModelTracePoints.GUEST_IRET)) {
            trace.emit(ModelTracePoints.GUEST_IRET, task, cpu, vcpu, what, ifFlag ? 1 : 0);
        }
        if (f.kind == KIND_NMI) {
            nmiBlocked = false;
            hw.nmiUnblocked(this);
        }
    }

    /** One level of execution: the program, or a handler the CPU delivered into. */
    private static final class Frame {
        int kind;
        int slot;
        int pc;
        int phase;
        boolean inSpin;
        long spinLeft;
        boolean savedIf;
        Instruction.Timer followUp;
    }
}
