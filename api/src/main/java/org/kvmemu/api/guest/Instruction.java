package org.kvmemu.api.guest;

import java.util.Map;
import org.kvmemu.api.annotation.API;
import org.kvmemu.api.apic.DeliveryMode;
import org.kvmemu.api.apic.Shorthand;
import org.kvmemu.api.apic.TimerMode;

/**
 * One instruction of a guest program (the {@code vcpu ID:} statement of a scenario). Each kind
 * says what it does through the {@link Executor} that runs the program, so that the parser and the
 * guest cannot disagree about the instruction set.
 */
@API(status = API.Status.MAINTAINED, since = "1")
public sealed interface Instruction {

    /** Executes the instruction on {@code cpu}; returns the guest time it takes, in ns. */
    long execute(Executor cpu);

    /**
     * What the guest's CPU does for each instruction (the guest interpreter implements it). Each
     * method returns the guest time the instruction takes, in ns.
     */
    interface Executor {
        /** {@code sti}. */
        long sti();

        /** {@code cli}. */
        long cli();

        /** {@code hlt}. */
        long hlt();

        /** {@code sti} with {@code hlt} in its shadow. */
        long stiHlt();

        /** {@code spin}: {@code ns} of guest execution. */
        long spin(long ns);

        /** A CR8 write of {@code priorityClass}. */
        long tpr(int priorityClass);

        /** An ICR write. */
        long ipi(Ipi ipi);

        /** The LVTT write that programs {@code timer} (the count or deadline follows). */
        long timer(Timer timer);

        /** A TDG.VP.VMCALL. */
        long tdvmcall(Tdvmcall call);

        /** {@code mark}. */
        long mark(String label);

        /** {@code quote-wait}: carried out by a guest driver. */
        default long quoteWait(QuoteWait wait) {
            throw new UnsupportedOperationException("quote-wait needs a guest driver");
        }
    }

    /** {@code sti}: set RFLAGS.IF; opens a one-instruction interrupt shadow. */
    record Sti() implements Instruction {
        @Override
        public long execute(Executor cpu) {
            return cpu.sti();
        }
    }

    /** {@code cli}: clear RFLAGS.IF. */
    record Cli() implements Instruction {
        @Override
        public long execute(Executor cpu) {
            return cpu.cli();
        }
    }

    /** {@code hlt}: halt until an interrupt or NMI is delivered (TDVMCALL&lt;HLT&gt; in a TD). */
    record Hlt() implements Instruction {
        @Override
        public long execute(Executor cpu) {
            return cpu.hlt();
        }
    }

    /** {@code sti-hlt}: {@code sti} immediately followed by {@code hlt} in its shadow. */
    record StiHlt() implements Instruction {
        @Override
        public long execute(Executor cpu) {
            return cpu.stiHlt();
        }
    }

    /** {@code spin DUR}: execute for {@code ns} of guest time. */
    record Spin(long ns) implements Instruction {
        @Override
        public long execute(Executor cpu) {
            return cpu.spin(ns);
        }
    }

    /** {@code tpr N}: TPR = N &lt;&lt; 4, as a CR8 write does. */
    record Tpr(int priorityClass) implements Instruction {
        @Override
        public long execute(Executor cpu) {
            return cpu.tpr(priorityClass);
        }
    }

    /**
     * {@code ipi DEST [vector=V] [mode=...] [shorthand=...]}: a write of the ICR.
     *
     * @param dest      destination APIC ID (ignored with a shorthand)
     * @param vector    the vector, or 0 when the mode takes none
     * @param shorthand ICR bits 19:18 as {@link Shorthand}
     */
    record Ipi(int dest, int vector, DeliveryMode mode, Shorthand shorthand) implements Instruction {
        @Override
        public long execute(Executor cpu) {
            return cpu.ipi(this);
        }
    }

    /** {@code timer mode=oneshot|periodic|tsc-deadline vector=V after=DUR}: program the LAPIC timer. */
    record Timer(TimerMode mode, int vector, long afterNs) implements Instruction {
        @Override
        public long execute(Executor cpu) {
            return cpu.timer(this);
        }
    }

    /** {@code tdvmcall NAME [key=value ...]}: a TDG.VP.VMCALL (TDs only). */
    record Tdvmcall(String name, Map<String, String> args) implements Instruction {
        @Override
        public long execute(Executor cpu) {
            return cpu.tdvmcall(this);
        }

        /**
         * Argument {@code key} as a number, as the scenario writes it (decimal or {@code 0x} hex, up
         * to 64 bits unsigned), or {@code absent} when it is not given.
         */
        public long number(String key, long absent) {
            String text = args.get(key);
            if (text == null) {
                return absent;
            }
            return text.startsWith("0x") ? Long.parseUnsignedLong(text.substring(2), 16)
                    : Long.parseUnsignedLong(text);
        }
    }

    /**
     * {@code quote-wait [buffer=K] [signal-after=DUR]}: the event-notify driver waits for this
     * vCPU's pending Quote request on buffer {@code buffer} (event-notify.md §N.5).
     *
     * @param signalAfterNs when a signal reaches the waiting task, after the wait starts, or
     *                      {@link #NO_SIGNAL}
     */
    record QuoteWait(int buffer, long signalAfterNs) implements Instruction {
        /** {@code signalAfterNs} without {@code signal-after=}. */
        public static final long NO_SIGNAL = -1;

        @Override
        public long execute(Executor cpu) {
            return cpu.quoteWait(this);
        }
    }

    /** {@code mark LABEL}: record LABEL in the guest's observation log. */
    record Mark(String label) implements Instruction {
        @Override
        public long execute(Executor cpu) {
            return cpu.mark(label);
        }
    }
}
