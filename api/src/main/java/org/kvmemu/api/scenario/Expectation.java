package org.kvmemu.api.scenario;

import java.util.List;
import java.util.SortedMap;
import org.kvmemu.api.annotation.API;
import org.kvmemu.api.check.Violations;
import org.kvmemu.api.guest.Ghci;
import org.kvmemu.api.guest.program.GuestLog;
import org.kvmemu.api.kvm.Errno;
import org.kvmemu.api.kvm.KvmExitReasons;
import org.kvmemu.api.trace.TraceRecord;
import org.kvmemu.api.vmm.VcpuIoctl;

/**
 * The {@code expect ...} statements, checked after the run. Each kind knows where it was written,
 * how to say what it expects and how to check it against the finished run ({@link #check}), so
 * that the parser ({@link ParseExpect}, the one table of names and parsers) and the checker cannot
 * disagree.
 */
@API(status = API.Status.INTERNAL, since = "1")
public sealed interface Expectation {

    /** How an optional {@code count=} reads: {@code " count=N"}, or {@code " at least once"} when absent (-1). */
    private static String times(long count) {
        return count < 0 ? " at least once" : " count=" + count;
    }

    /** Whether {@code n} occurrences meet an optional {@code count=}: exactly N, or at least one when absent. */
    private static boolean holds(long count, long n) {
        return count < 0 ? n > 0 : n == count;
    }

    /** Where the statement is, for {@code FILE:LINE: expected ..., observed ...}. */
    Location location();

    /** What is expected, as the failure message says it. */
    String describe();

    /** Null when the expectation holds in {@code run}, else what was observed instead. */
    String check(Outcome run);

    /** {@code expect delivered vcpu=ID vector=V count=N}, or with {@code nmi}/{@code mc} ({@link HandlerSpec#NMI}, {@link HandlerSpec#MC}). */
    record Delivered(int vcpu, int vector, long count, Location location) implements Expectation {
        @Override
        public String describe() {
            String what = switch (vector) {
                case HandlerSpec.NMI -> "nmi";
                case HandlerSpec.MC -> "mc";
                default -> "vector 0x" + Integer.toHexString(vector);
            };
            return "vcpu " + vcpu + " to handle " + what + " count=" + count;
        }

        @Override
        public String check(Outcome run) {
            GuestLog log = run.log(vcpu);
            long n = switch (vector) {
                case HandlerSpec.NMI -> log.nmiCount();
                case HandlerSpec.MC -> log.machineCheckCount();
                default -> log.irqCount(vector);
            };
            return n == count ? null : "count=" + n;
        }
    }

    /** {@code expect mark vcpu=ID LABEL count=N}. */
    record Mark(int vcpu, String label, long count, Location location) implements Expectation {
        @Override
        public String describe() {
            return "vcpu " + vcpu + " to reach mark " + label + " count=" + count;
        }

        @Override
        public String check(Outcome run) {
            long n = run.log(vcpu).markCount(label);
            return n == count ? null : "count=" + n;
        }
    }

    /** {@code expect order vcpu=ID ITEM ITEM ...}; items are {@code 0x30}/{@code 48}, {@code nmi}, {@code mc} or labels, as written. */
    record Order(int vcpu, List<String> items, Location location) implements Expectation {
        @Override
        public String describe() {
            return "vcpu " + vcpu + " log order " + String.join(" ", items);
        }

        @Override
        public String check(Outcome run) {
            GuestLog log = run.log(vcpu);
            return log.inOrder(followed()) ? null : "log " + Outcome.abbreviate(log);
        }

        /** The items as the guest log writes them, which the runner has the log follow before the run. */
        List<String> followed() {
            return Outcome.normalizeVectors(items);
        }
    }

    /** {@code expect ioctl KIND vcpu=ID result=RESULT}; {@code result} 0 or -errno. */
    record Ioctl(VcpuIoctl kind, int vcpu, int result, Location location) implements Expectation {
        @Override
        public String describe() {
            return kind.kernelName() + " on vcpu " + vcpu + " result=" + Errno.name(result);
        }

        @Override
        public String check(Outcome run) {
            SortedMap<Integer, Long> results = run.machine().vmm.ioctlResults(vcpu, kind);
            if (results.size() == 1 && results.containsKey(result)) {
                return null;
            }
            return results.isEmpty() ? "no " + kind.kernelName() + " issued"
                    : "result=" + String.join(",", results.entrySet().stream()
                            .map(r -> Errno.name(r.getKey()) + (r.getValue() > 1 ? " x" + r.getValue() : "")).toList());
        }
    }

    /** {@code expect exit vcpu=ID reason=NAME [count=N]}; {@code count} -1 means "at least once". */
    record Exit(int vcpu, String reason, long count, Location location) implements Expectation {
        @Override
        public String describe() {
            return "vcpu " + vcpu + " exit " + reason + times(count);
        }

        @Override
        public String check(Outcome run) {
            long n = run.machine().vmm.exits(vcpu).getOrDefault(KvmExitReasons.valueOf(reason), 0L);
            boolean ok = holds(count, n);
            return ok ? null : "count=" + n + " (exits: " + run.exitNames(vcpu) + ")";
        }
    }

    /** {@code expect stat vcpu=ID NAME=N}. */
    record Stat(int vcpu, String name, long value, Location location) implements Expectation {
        @Override
        public String describe() {
            return "vcpu " + vcpu + " " + name + "=" + value;
        }

        @Override
        public String check(Outcome run) {
            long v = run.machine().kvm.vcpu(vcpu).stat().get(name);
            return v == value ? null : name + "=" + v;
        }
    }

    /** {@code expect vm-state NAME}: running, bugged, dead, td-fatal. */
    record VmState(String state, Location location) implements Expectation {
        @Override
        public String describe() {
            return "vm-state " + state;
        }

        @Override
        public String check(Outcome run) {
            String observed = run.vmState();
            return observed.equals(state) ? null : observed;
        }
    }

    /** {@code expect guest vcpu=ID NAME=VALUE}, e.g. {@code if=1}, {@code halted=yes}; {@code tpr} in decimal. */
    record Guest(int vcpu, String name, String value, Location location) implements Expectation {
        @Override
        public String describe() {
            return "vcpu " + vcpu + " guest " + name + "=" + value;
        }

        @Override
        public String check(Outcome run) {
            String observed = run.guestValue(vcpu, name);
            return observed.equals(value) ? null : name + "=" + observed;
        }
    }

    /** {@code expect trace contains "TEXT"}. */
    record TraceContains(String text, Location location) implements Expectation {
        @Override
        public String describe() {
            return "trace to contain \"" + text + "\"";
        }

        @Override
        public String check(Outcome run) {
            return run.trace().seen(text) ? null : "no such line";
        }
    }

    /** {@code expect no-violations}. */
    record NoViolations(Location location) implements Expectation {
        @Override
        public String describe() {
            return "no violations";
        }

        @Override
        public String check(Outcome run) {
            Violations v = run.machine().violations;
            return v.total() == 0 ? null : v.describe();
        }
    }

    /** {@code expect violation NAME [count=N]}; {@code count} -1 means "at least once". */
    record Violation(String name, long count, Location location) implements Expectation {
        @Override
        public String describe() {
            return "violation " + name + times(count);
        }

        @Override
        public String check(Outcome run) {
            long n = run.machine().violations.count(name);
            boolean ok = holds(count, n);
            return ok ? null : "count=" + n;
        }
    }

    /**
     * {@code expect quote vcpu=ID result=RESULT [count=N] [bytes=N] [from=TIME] [until=TIME]}:
     * results of vCPU ID's Quote requests recorded at from &le; t &lt; until; {@code count} and
     * {@code bytes} -1 when not given.
     */
    record Quote(int vcpu, int result, long count, long bytes, long fromNs, long untilNs, Location location)
            implements Expectation {
        @Override
        public String describe() {
            return "vcpu " + vcpu + " quote result=" + Errno.name(result) + (bytes < 0 ? "" : " bytes=" + bytes)
                    + times(count);
        }

        @Override
        public String check(Outcome run) {
            List<GuestLog.QuoteResult> all = run.log(vcpu).quoteResults();
            long n = all.stream().filter(r -> r.result() == result && (bytes < 0 || r.bytes() == bytes)
                    && r.timeNs() >= fromNs && r.timeNs() < untilNs).count();
            boolean ok = holds(count, n);
            return ok ? null : "count=" + n + " (results: " + (all.isEmpty() ? "none" : String.join(",", all.stream()
                    .map(r -> Errno.name(r.result()) + "@" + TraceRecord.seconds(r.timeNs())).toList())) + ")";
        }
    }

    /** {@code expect quote-status [buffer=K] STATUS}: buffer K's header status when the run ends. */
    record QuoteStatus(int buffer, long status, Location location) implements Expectation {
        @Override
        public String describe() {
            return "buffer " + buffer + " quote status " + Ghci.quoteStatusName(status);
        }

        @Override
        public String check(Outcome run) {
            long observed = run.machine().memory.read64(Ghci.quoteBuffer(buffer) + Ghci.HDR_STATUS);
            return observed == status ? null : Ghci.quoteStatusName(observed);
        }
    }

    /** {@code expect notify vcpu=ID count=N}: runs of the event-notify driver's handler. */
    record Notify(int vcpu, long count, Location location) implements Expectation {
        @Override
        public String describe() {
            return "vcpu " + vcpu + " notify count=" + count;
        }

        @Override
        public String check(Outcome run) {
            long n = run.log(vcpu).notifyCount();
            return n == count ? null : "count=" + n;
        }
    }

    /**
     * {@code expect tdvmcall NAME vcpu=ID [status=STATUS] [r11=N] ... [count=N]}: {@code status}
     * and each of the outputs R11..R14 null when not given; {@code count} -1 means at least once.
     */
    record Tdvmcall(String name, int vcpu, Long status, List<Long> outputs, long count, Location location)
            implements Expectation {

        @Override
        public String describe() {
            StringBuilder b = new StringBuilder("vcpu " + vcpu + " tdvmcall " + name);
            if (status != null) {
                b.append(" status=").append(Ghci.statusName(status));
            }
            for (int i = 0; i < outputs.size(); i++) {
                if (outputs.get(i) != null) {
                    b.append(" r1").append(i + 1).append("=0x").append(Long.toHexString(outputs.get(i)));
                }
            }
            return b.append(times(count)).toString();
        }

        @Override
        public String check(Outcome run) {
            List<GuestLog.Tdvmcall> calls = run.log(vcpu).tdvmcalls().stream().filter(c -> c.name().equals(name))
                    .toList();
            long n = calls.stream().filter(this::matches).count();
            boolean ok = holds(count, n);
            return ok ? null : "count=" + n + " (calls: " + (calls.isEmpty() ? "none" : String.join(",", calls.stream()
                    .map(c -> Ghci.statusName(c.r10())).toList())) + ")";
        }

        private boolean matches(GuestLog.Tdvmcall c) {
            long[] out = {c.r11(), c.r12(), c.r13(), c.r14()};
            for (int i = 0; i < outputs.size(); i++) {
                if (outputs.get(i) != null && outputs.get(i) != out[i]) {
                    return false;
                }
            }
            return status == null || status == c.r10();
        }
    }

    /** {@code expect vmm-stat NAME=N}: one of the VMM's counters. */
    record VmmStat(String name, long value, Location location) implements Expectation {
        @Override
        public String describe() {
            return "vmm " + name + "=" + value;
        }

        @Override
        public String check(Outcome run) {
            long v = run.machine().vmm.userspaceStat(name);
            return v == value ? null : name + "=" + v;
        }
    }
}
