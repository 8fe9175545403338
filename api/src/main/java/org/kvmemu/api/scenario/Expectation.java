package org.kvmemu.api.scenario;

import java.util.List;
import org.kvmemu.api.annotation.API;

/** The {@code expect ...} statements, checked after the run. Each knows where it was written. */
@API(status = API.Status.EXPERIMENTAL, since = "1")
public sealed interface Expectation {

    /** Where the statement is, for {@code FILE:LINE: expected ..., observed ...}. */
    Location location();

    /** {@code expect delivered vcpu=ID vector=V count=N}, or with {@code nmi} ({@code vector} = {@link HandlerSpec#NMI}). */
    record Delivered(int vcpu, int vector, long count, Location location) implements Expectation {
    }

    /** {@code expect mark vcpu=ID LABEL count=N}. */
    record Mark(int vcpu, String label, long count, Location location) implements Expectation {
    }

    /** {@code expect order vcpu=ID ITEM ITEM ...}; items are {@code 0x30}/{@code 48}, {@code nmi}, {@code mc} or labels, as written. */
    record Order(int vcpu, List<String> items, Location location) implements Expectation {
    }

    /** {@code expect ioctl KIND vcpu=ID result=RESULT}; {@code kind} is interrupt, nmi or smi; {@code result} 0 or -errno. */
    record Ioctl(String kind, int vcpu, int result, Location location) implements Expectation {
    }

    /** {@code expect exit vcpu=ID reason=NAME [count=N]}; {@code count} -1 means "at least once". */
    record Exit(int vcpu, String reason, long count, Location location) implements Expectation {
    }

    /** {@code expect stat vcpu=ID NAME=N}. */
    record Stat(int vcpu, String name, long value, Location location) implements Expectation {
    }

    /** {@code expect vm-state NAME}: running, bugged, dead, td-fatal. */
    record VmState(String state, Location location) implements Expectation {
    }

    /** {@code expect guest vcpu=ID NAME=VALUE}, e.g. {@code if=1}, {@code halted=yes}. */
    record Guest(int vcpu, String name, String value, Location location) implements Expectation {
    }

    /** {@code expect trace contains "TEXT"}. */
    record TraceContains(String text, Location location) implements Expectation {
    }

    /** {@code expect no-violations}. */
    record NoViolations(Location location) implements Expectation {
    }

    /** {@code expect violation NAME [count=N]}; {@code count} -1 means "at least once". */
    record Violation(String name, long count, Location location) implements Expectation {
    }
}
