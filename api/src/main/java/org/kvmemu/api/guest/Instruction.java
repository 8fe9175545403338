package org.kvmemu.api.guest;

import java.util.Map;
import org.kvmemu.api.annotation.API;
import org.kvmemu.api.apic.DeliveryMode;
import org.kvmemu.api.apic.Shorthand;
import org.kvmemu.api.apic.TimerMode;

/** One instruction of a guest program (the {@code vcpu ID:} statement of a scenario). */
@API(status = API.Status.EXPERIMENTAL, since = "1")
public sealed interface Instruction {

    /** {@code sti}: set RFLAGS.IF; opens a one-instruction interrupt shadow. */
    record Sti() implements Instruction {
    }

    /** {@code cli}: clear RFLAGS.IF. */
    record Cli() implements Instruction {
    }

    /** {@code hlt}: halt until an interrupt or NMI is delivered (TDVMCALL&lt;HLT&gt; in a TD). */
    record Hlt() implements Instruction {
    }

    /** {@code sti-hlt}: {@code sti} immediately followed by {@code hlt} in its shadow. */
    record StiHlt() implements Instruction {
    }

    /** {@code spin DUR}: execute for {@code ns} of guest time. */
    record Spin(long ns) implements Instruction {
    }

    /** {@code tpr N}: TPR = N &lt;&lt; 4, as a CR8 write does. */
    record Tpr(int priorityClass) implements Instruction {
    }

    /**
     * {@code ipi DEST [vector=V] [mode=...] [shorthand=...]}: a write of the ICR.
     *
     * @param dest      destination APIC ID (ignored with a shorthand)
     * @param vector    the vector, or 0 when the mode takes none
     * @param shorthand ICR bits 19:18 as {@link Shorthand}
     */
    record Ipi(int dest, int vector, DeliveryMode mode, Shorthand shorthand) implements Instruction {
    }

    /** {@code timer mode=oneshot|periodic|tsc-deadline vector=V after=DUR}: program the LAPIC timer. */
    record Timer(TimerMode mode, int vector, long afterNs) implements Instruction {
    }

    /** {@code tdvmcall NAME [key=value ...]}: a TDG.VP.VMCALL (TDs only). */
    record Tdvmcall(String name, Map<String, String> args) implements Instruction {
    }

    /** {@code mark LABEL}: record LABEL in the guest's observation log. */
    record Mark(String label) implements Instruction {
    }
}
