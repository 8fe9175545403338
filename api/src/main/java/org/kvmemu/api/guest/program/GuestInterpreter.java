package org.kvmemu.api.guest.program;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.kvmemu.api.apic.TimerMode;
import org.kvmemu.api.apic.X2apicMsrs;
import org.kvmemu.api.check.Violations;
import org.kvmemu.api.guest.DriverCpu;
import org.kvmemu.api.guest.Ghci;
import org.kvmemu.api.guest.Guest;
import org.kvmemu.api.guest.GuestDriver;
import org.kvmemu.api.guest.GuestHardware;
import org.kvmemu.api.guest.GuestKernel;
import org.kvmemu.api.guest.GuestMemory;
import org.kvmemu.api.guest.GuestRoutine;
import org.kvmemu.api.guest.GuestRegisters;
import org.kvmemu.api.guest.Instruction;
import org.kvmemu.api.guest.TdvmcallRegisters;
import org.kvmemu.api.invariant.Invariants;
import org.kvmemu.api.platform.Costs;
import org.kvmemu.api.sim.SimEvent;
import org.kvmemu.api.sim.Simulator;
import org.kvmemu.api.trace.ModelTracePoints;
import org.kvmemu.api.trace.Tracer;

/**
 * One vCPU's guest software: its program and its IDT handlers, executed in guest time while the
 * backend's hardware model keeps it in guest mode, on the registers that model owns
 * ({@link GuestRegisters}). Interrupts reach it only at instruction boundaries
 * ({@link GuestHardware#atBoundary}) or at VM entry ({@link #deliverInterrupt}). A {@code spin} cut
 * short by an exit resumes with what is left after the next entry. What it saw is in its
 * observation log ({@link #log}) and, at the end of a run, in {@link #observe}. Guest drivers add
 * handlers and instructions ({@link #addDriver}); their routines run as steps of the program.
 */
public final class GuestInterpreter implements Guest {

    private static final int KIND_MAIN = 0;
    private static final int KIND_IRQ = 1;
    private static final int KIND_NMI = 2;
    private static final int KIND_MC = 3;
    private static final int KIND_SMM = 4;
    private static final int KIND_EXCEPTION = 5;

    private static final Instruction HLT_FOREVER = new Instruction.Hlt();
    /** SPIV with the software enable (bit 8) and spurious vector 0xff. */
    private static final long SPIV_ENABLED_0XFF = 0x1ff;

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
    private GuestRegisters regs;
    private int cpu;

    private boolean running;
    /** After INIT: 1 while the start-up code runs, 2 for its SPIV write, 0 once the APIC is enabled. */
    private int startupStep;
    private final List<DriverCpu> drivers = new ArrayList<>();
    private final Kernel kernel = new Kernel();
    private GuestMemory memory = new GuestMemory();
    private List<GuestInterpreter> peers = List.of();
    /** The TDG.VP.VMCALL the guest is in (its registers and name), or null. */
    private TdvmcallRegisters callRegs;
    private String callName;
    private final TdvmcallRegisters programCall = new TdvmcallRegisters();
    private int pendingFault = -1;
    private boolean deliveryPageUnmapped;

    private final Execution execution = new Execution();
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
    private final SimEvent wakeRoutine = new SimEvent() {
        @Override
        protected void fire() {
            Frame f = frames[depth - 1];
            if (running && f.routine != null && f.inSpin && boundary.isScheduled()) {
                interruptStep();
                f.inSpin = false;
                run();
            }
        }
    };

    /**
     * A guest that will run {@code program} (boot instructions first) with handlers {@code idt}, once
     * its vCPU's hardware model has {@linkplain #attach attached} (its registers start as after
     * reset: IF=0, no NMI blocking).
     */
    public GuestInterpreter(int vcpu, List<Instruction> program, Idt idt, Simulator sim, Tracer trace, Costs costs,
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

    @Override
    public void attach(GuestHardware hardware, GuestRegisters registers) {
        this.hw = hardware;
        this.regs = registers;
    }

    /** The vCPU index. */
    public int vcpu() {
        return vcpu;
    }

    /**
     * Connects the TD's memory and the other vCPUs' guests ({@code all}, by vCPU index), for the
     * drivers' routines and for waking a task on another vCPU.
     */
    public void connect(GuestMemory tdMemory, List<GuestInterpreter> all) {
        this.memory = tdMemory;
        this.peers = all;
    }

    /** Adds {@code driver}'s handler and instructions on this vCPU (if it has any). */
    public void addDriver(GuestDriver driver) {
        DriverCpu cpuPart = driver.vcpu(kernel);
        if (cpuPart != null) {
            drivers.add(cpuPart);
        }
    }

    /** The observation log. */
    public GuestLog log() {
        return log;
    }

    /**
     * What the guest itself sees of its state at the end of a run (as it would read RFLAGS, CR8 and
     * its own bookkeeping): the checker's view of {@code expect guest}.
     */
    public Observation observe() {
        return new Observation(regs.ifFlag(), regs.halted(), regs.nmiBlocked(), inSmm(), hw.readTpr());
    }

    /** The guest's view of its state: RFLAGS.IF, halted, NMIs blocked, in its SMI handler, TPR. */
    public record Observation(boolean ifFlag, boolean halted, boolean nmiBlocked, boolean inSmm, int tpr) {
    }

    @Override
    public void enter(int pcpu) {
        this.cpu = pcpu;
        running = true;
        if (callRegs != null) {
            TdvmcallRegisters r = callRegs;
            callRegs = null;
            log.tdvmcall(new GuestLog.Tdvmcall(callName, r.r10, r.r11, r.r12, r.r13, r.r14));
            if (trace.on(ModelTracePoints.GUEST_TDVMCALL)) {
                trace.emit(ModelTracePoints.GUEST_TDVMCALL, task, cpu, vcpu, callName, r.r10);
            }
        }
        Frame f = frames[depth - 1];
        if (f.routine != null) {
            f.inSpin = false;
        }
        run();
    }

    @Override
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

    @Override
    public void poke() {
        if (!running || !boundary.isScheduled() || !frames[depth - 1].inSpin) {
            return;
        }
        interruptStep();
        run();
    }

    @Override
    public void reset() {
        exit();
        pendingFault = -1;
        startupStep = 1;
        depth = 1;
        frames[0].pc = 0;
        frames[0].followUp = null;
        frames[0].routine = null;
        frames[0].inSpin = false;
        frames[0].spinLeft = 0;
    }

    @Override
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

    @Override
    public boolean takeDeliveryFault() {
        boolean fault = deliveryPageUnmapped;
        deliveryPageUnmapped = false;
        return fault;
    }

    @Override
    public void deliverInterrupt(int vector) {
        if (!regs.interruptible()) {
            violations.record(Violations.IRQ_WHILE_MASKED, "vector 0x" + Integer.toHexString(vector) + " with if="
                    + (regs.ifFlag() ? 1 : 0) + " shadow=" + regs.shadow(), task, cpu);
        }
        Frame f = push(KIND_IRQ, vector);
        f.savedIf = regs.ifFlag();
        regs.setIfFlag(false);
        regs.setHalted(false);
        log.irq(vector);
        if (trace.on(ModelTracePoints.GUEST_IRQ)) {
            trace.emit(ModelTracePoints.GUEST_IRQ, task, cpu, vcpu, vector);
        }
        markHandler(vector);
    }

    @Override
    public void deliverNmi() {
        if (regs.nmiBlocked()) {
            violations.record(Violations.NMI_WHILE_BLOCKED, inSmm() ? "NMI delivered in SMM, where NMIs are blocked"
                    : "NMI delivered inside the NMI handler", task, cpu);
        }
        Frame f = push(KIND_NMI, Idt.NMI);
        f.savedIf = regs.ifFlag();
        regs.setIfFlag(false);
        regs.setNmiBlocked(true);
        regs.setHalted(false);
        log.nmi();
        if (trace.on(ModelTracePoints.GUEST_NMI)) {
            trace.emit(ModelTracePoints.GUEST_NMI, task, cpu, vcpu);
        }
        markHandler(Idt.NMI);
    }

    @Override
    public void deliverMachineCheck() {
        Frame f = push(KIND_MC, Idt.MC);
        f.savedIf = regs.ifFlag();
        regs.setIfFlag(false);
        regs.setHalted(false);
        log.machineCheck();
        if (trace.on(ModelTracePoints.GUEST_MC)) {
            trace.emit(ModelTracePoints.GUEST_MC, task, cpu, vcpu);
        }
        markHandler(Idt.MC);
    }

    @Override
    public void deliverException(int vector) {
        Frame f = push(KIND_EXCEPTION, vector);
        f.savedIf = regs.ifFlag();
        regs.setIfFlag(false);
        regs.setHalted(false);
        log.irq(vector);
        if (trace.on(ModelTracePoints.GUEST_EXCEPTION)) {
            trace.emit(ModelTracePoints.GUEST_EXCEPTION, task, cpu, vcpu, vector);
        }
        markHandler(vector);
    }

    @Override
    public void enterSmm() {
        Frame f = push(KIND_SMM, Idt.NMI);
        f.savedIf = regs.ifFlag();
        regs.setIfFlag(false);
        regs.setHalted(false);
        if (trace.on(ModelTracePoints.GUEST_SMM)) {
            trace.emit(ModelTracePoints.GUEST_SMM, task, cpu, vcpu, "enter");
        }
    }

    @Override
    public void leaveSmm() {
        if (depth < 2 || frames[depth - 1].kind != KIND_SMM) {
            throw new IllegalStateException("RSM outside SMM on vcpu " + vcpu);
        }
        Frame f = frames[--depth];
        regs.setIfFlag(f.savedIf);
    }

    @Override
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
                if (hw.fault(vector) || !running) {
                    return;
                }
            }
            if (hw.atBoundary() || !running) {
                return;
            }
            Frame f = frames[depth - 1];
            long cost;
            if (f.inSpin) {
                cost = f.spinLeft;
            } else {
                regs.setShadow(0);
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
        if (startupStep != 0) {
            return startup(f);
        }
        if (f.routine != null) {
            return stepRoutine(f);
        }
        if (f.followUp != null) {
            armTimer(f.followUp);
            f.followUp = null;
            return costs.guestInstructionNs;
        }
        Instruction insn = f.pc < program.length ? program[f.pc] : HLT_FOREVER;
        if (f.pc < program.length) {
            f.pc++;
        }
        execution.frame = f;
        return insn.execute(execution);
    }

    /**
     * The start-up code a CPU runs after INIT before its program: {@link Costs#apicStartupNs} of
     * instructions, then WRMSR SPIV = 0x1ff, which software-enables the local APIC again.
     */
    private long startup(Frame f) {
        if (startupStep == 1) {
            startupStep = 2;
            return startSpin(f, costs.apicStartupNs);
        }
        startupStep = 0;
        hw.writeMsr(X2apicMsrs.SPIV, SPIV_ENABLED_0XFF);
        return costs.guestInstructionNs;
    }

    /** What each instruction of the program does ({@link Instruction#execute}), in the current frame. */
    private final class Execution implements Instruction.Executor {
        Frame frame;

        @Override
        public long sti() {
            GuestInterpreter.this.sti();
            return costs.guestInstructionNs;
        }

        @Override
        public long cli() {
            regs.setIfFlag(false);
            return costs.guestInstructionNs;
        }

        @Override
        public long hlt() {
            GuestInterpreter.this.hlt();
            return costs.guestInstructionNs;
        }

        @Override
        public long stiHlt() {
            GuestInterpreter.this.sti();
            GuestInterpreter.this.hlt();
            return costs.guestInstructionNs;
        }

        @Override
        public long spin(long ns) {
            return startSpin(frame, ns);
        }

        @Override
        public long tpr(int priorityClass) {
            hw.writeTpr(priorityClass << 4);
            return costs.guestInstructionNs;
        }

        @Override
        public long ipi(Instruction.Ipi ipi) {
            hw.writeMsr(X2apicMsrs.ICR, ((long) ipi.dest() << 32) | (icrLow(ipi) & 0xffffffffL));
            return costs.guestInstructionNs;
        }

        @Override
        public long timer(Instruction.Timer timer) {
            frame.followUp = timer;
            hw.writeMsr(X2apicMsrs.LVTT, timer.vector() | (timer.mode().lvttMode() << 17));
            return costs.guestInstructionNs;
        }

        @Override
        public long tdvmcall(Instruction.Tdvmcall call) {
            if (call.name().equals("hlt")) {
                log.tdvmcall(new GuestLog.Tdvmcall("hlt", Ghci.SUCCESS, 0, 0, 0, 0));
                GuestInterpreter.this.hlt();
                return costs.guestInstructionNs;
            }
            GuestRoutine routine = driverRoutine(call);
            return startRoutine(frame, routine != null ? routine : new ProgramTdvmcall(call));
        }

        @Override
        public long quoteWait(Instruction.QuoteWait wait) {
            GuestRoutine routine = driverRoutine(wait);
            if (routine == null) {
                throw new IllegalStateException("quote-wait needs guest driver tdx-event-notify");
            }
            return startRoutine(frame, routine);
        }

        @Override
        public long mark(String label) {
            GuestInterpreter.this.mark(label);
            return costs.guestInstructionNs;
        }
    }

    private GuestRoutine driverRoutine(Instruction insn) {
        for (DriverCpu d : drivers) {
            GuestRoutine r = d.routine(insn);
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    private long startRoutine(Frame f, GuestRoutine routine) {
        f.routine = routine;
        return stepRoutine(f);
    }

    /** The routine's next step: a spin of what it returns, or the end of the routine. */
    private long stepRoutine(Frame f) {
        long ns = f.routine.step();
        if (ns == GuestRoutine.DONE) {
            f.routine = null;
            return costs.guestInstructionNs;
        }
        return running ? startSpin(f, Math.max(ns, 1)) : 0;
    }

    /**
     * {@code tdvmcall setup-event-notify} and {@code tdvmcall get-td-vmcall-info} written in a
     * program: one TDG.VP.VMCALL, whose results only {@code expect tdvmcall} reads. With
     * {@code apic-id=}, R13 carries the APIC ID and R14 = 1 says so (the review's proposal).
     */
    private final class ProgramTdvmcall implements GuestRoutine {
        private final Instruction.Tdvmcall call;
        private boolean made;

        ProgramTdvmcall(Instruction.Tdvmcall call) {
            this.call = call;
        }

        @Override
        public long step() {
            if (made) {
                return DONE;
            }
            made = true;
            switch (call.name()) {
                case "setup-event-notify" -> {
                    boolean apic = call.args().containsKey("apic-id");
                    programCall.call(Ghci.SETUP_EVENT_NOTIFY_INTERRUPT, call.number("vector", 0),
                            call.number("apic-id", 0), apic ? 1 : 0);
                }
                case "get-td-vmcall-info" -> programCall.call(Ghci.GET_TD_VM_CALL_INFO, call.number("leaf", 0), 0, 0);
                default -> throw new IllegalStateException("tdvmcall " + call.name() + " needs a guest driver");
            }
            kernel.tdvmcall(call.name(), programCall);
            return costs.guestInstructionNs;
        }
    }

    /** The guest kernel's services on this vCPU, for drivers. */
    private final class Kernel implements GuestKernel {
        @Override
        public int vcpu() {
            return vcpu;
        }

        @Override
        public long now() {
            return sim.now();
        }

        @Override
        public GuestMemory memory() {
            return memory;
        }

        @Override
        public Tracer trace() {
            return trace;
        }

        @Override
        public String task() {
            return task;
        }

        @Override
        public int cpu() {
            return cpu;
        }

        @Override
        public Invariants invariants() {
            return violations;
        }

        @Override
        public void tdvmcall(String name, TdvmcallRegisters regs) {
            callRegs = regs;
            callName = name;
            hw.tdvmcall(regs);
        }

        @Override
        public void sti() {
            GuestInterpreter.this.sti();
        }

        @Override
        public void wake(int target) {
            GuestInterpreter g = peers.get(target);
            if (!g.wakeRoutine.isScheduled()) {
                sim.after(0, g.wakeRoutine);
            }
        }

        @Override
        public void quoteResult(int result, long bytes) {
            log.quoteResult(new GuestLog.QuoteResult(result, bytes, sim.now()));
        }

        @Override
        public void notified() {
            log.notified();
        }
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
            hw.writeMsr(X2apicMsrs.TSC_DEADLINE, Costs.nsToCycles(sim.now() + t.afterNs()));
        } else {
            hw.writeMsr(X2apicMsrs.TMICT, t.afterNs());
        }
    }

    private static int icrLow(Instruction.Ipi ipi) {
        return ipi.vector() | ipi.mode().bits() | (1 << 14) | (ipi.shorthand().ordinal() << 18);
    }

    private void sti() {
        if (!regs.ifFlag()) {
            regs.setShadow(GuestRegisters.BLOCKING_BY_STI);
        }
        regs.setIfFlag(true);
    }

    private void hlt() {
        regs.setHalted(true);
        if (trace.on(ModelTracePoints.GUEST_HLT)) {
            trace.emit(ModelTracePoints.GUEST_HLT, task, cpu, vcpu, regs.ifFlag() ? 1 : 0);
        }
        hw.hlt();
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
            runDriverHandler(f.slot);
            if (idt.writesEoi(f.slot)) {
                if (trace.on(ModelTracePoints.GUEST_EOI)) {
                    trace.emit(ModelTracePoints.GUEST_EOI, task, cpu, vcpu, f.slot);
                }
                hw.writeMsr(X2apicMsrs.EOI, 0);
                return costs.guestInstructionNs;
            }
        }
        iret(f);
        return costs.guestInstructionNs;
    }

    private void runDriverHandler(int slot) {
        for (DriverCpu d : drivers) {
            if (slot < 256 && d.handles(slot)) {
                d.handle(slot);
            }
        }
    }

    private long executeSmm(Frame f) {
        if (f.phase == 0) {
            f.phase = 1;
            return startSpin(f, costs.smmHandlerNs);
        }
        if (trace.on(ModelTracePoints.GUEST_SMM)) {
            trace.emit(ModelTracePoints.GUEST_SMM, task, cpu, vcpu, "rsm");
        }
        hw.rsm();
        return costs.guestInstructionNs;
    }

    private void iret(Frame f) {
        depth--;
        regs.setIfFlag(f.savedIf);
        Frame below = frames[depth - 1];
        if (below.routine != null) {
            below.inSpin = false;
        }
        String what = f.kind == KIND_NMI ? "nmi" : f.kind == KIND_MC ? "mc"
                : f.kind == KIND_EXCEPTION ? "exception" : "irq";
        if (trace.on(ModelTracePoints.GUEST_IRET)) {
            trace.emit(ModelTracePoints.GUEST_IRET, task, cpu, vcpu, what, regs.ifFlag() ? 1 : 0);
        }
        if (f.kind == KIND_NMI) {
            regs.setNmiBlocked(false);
            hw.nmiUnblocked();
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
        GuestRoutine routine;
    }
}
