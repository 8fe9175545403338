package org.kvmemu.api.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import org.kvmemu.api.guest.program.GuestInterpreter;
import org.kvmemu.api.guest.program.GuestLog;
import org.kvmemu.api.kvm.Errno;
import org.kvmemu.api.kvm.KvmExitReasons;
import org.kvmemu.api.kvm.KvmVcpu;
import org.kvmemu.api.kvm.MpState;
import org.kvmemu.api.trace.TraceCollector;

/** Checks a scenario's {@code expect} statements against a finished run. */
final class ExpectationChecker {

    private final Machine machine;
    private final TraceCollector fullTrace;

    ExpectationChecker(Machine machine, TraceCollector fullTrace) {
        this.machine = machine;
        this.fullTrace = fullTrace;
    }

    /** One {@code FILE:LINE: expected ..., observed ...} line per expectation that does not hold. */
    List<String> failures(List<Expectation> expectations) {
        List<String> out = new ArrayList<>();
        for (Expectation e : expectations) {
            String observed = check(e);
            if (observed != null) {
                out.add(e.location().fileLine() + ": expected " + describe(e) + ", observed " + observed);
            }
        }
        return out;
    }

    /** Null when {@code e} holds, else what was observed instead. */
    private String check(Expectation e) {
        if (e instanceof Expectation.Delivered d) {
            GuestLog log = log(d.vcpu());
            long n = d.vector() == HandlerSpec.NMI ? log.nmiCount() : log.irqCount(d.vector());
            return n == d.count() ? null : "count=" + n;
        }
        if (e instanceof Expectation.Mark m) {
            long n = log(m.vcpu()).markCount(m.label());
            return n == m.count() ? null : "count=" + n;
        }
        if (e instanceof Expectation.Order o) {
            List<String> entries = log(o.vcpu()).entries();
            return inOrder(entries, normalize(o.items())) ? null : "log " + abbreviate(entries);
        }
        if (e instanceof Expectation.Ioctl i) {
            SortedMap<Integer, Long> results = machine.vmm.ioctlResults(i.vcpu(), i.kind());
            boolean ok = results.size() == 1 && results.containsKey(i.result());
            return ok ? null : results.isEmpty() ? "no " + ioctlName(i.kind()) + " issued"
                    : "result=" + String.join(",", results.entrySet().stream()
                            .map(r -> Errno.name(r.getKey()) + (r.getValue() > 1 ? " x" + r.getValue() : "")).toList());
        }
        if (e instanceof Expectation.Exit x) {
            int reason = KvmExitReasons.valueOf(x.reason());
            long n = machine.vmm.exits(x.vcpu()).getOrDefault(reason, 0L);
            boolean ok = x.count() < 0 ? n > 0 : n == x.count();
            return ok ? null : "count=" + n + " (exits: " + exitNames(x.vcpu()) + ")";
        }
        if (e instanceof Expectation.Stat st) {
            long v = vcpu(st.vcpu()).stat().get(st.name());
            return v == st.value() ? null : st.name() + "=" + v;
        }
        if (e instanceof Expectation.VmState v) {
            String state = vmState();
            return state.equals(v.state()) ? null : state;
        }
        if (e instanceof Expectation.Guest g) {
            String value = guestValue(g.vcpu(), g.name());
            return value.equals(normalizeGuest(g.name(), g.value())) ? null : g.name() + "=" + value;
        }
        if (e instanceof Expectation.TraceContains t) {
            return fullTrace.seen(t.text()) ? null : "no such line";
        }
        if (e instanceof Expectation.NoViolations) {
            List<String> v = machine.violations.details();
            return v.isEmpty() ? null : String.join("; ", v);
        }
        Expectation.Violation v = (Expectation.Violation) e;
        long n = machine.violations.count(v.name());
        boolean ok = v.count() < 0 ? n > 0 : n == v.count();
        return ok ? null : "count=" + n;
    }

    private String describe(Expectation e) {
        if (e instanceof Expectation.Delivered d) {
            return "vcpu " + d.vcpu() + " to handle " + (d.vector() == HandlerSpec.NMI ? "nmi"
                    : "vector 0x" + Integer.toHexString(d.vector())) + " count=" + d.count();
        }
        if (e instanceof Expectation.Mark m) {
            return "vcpu " + m.vcpu() + " to reach mark " + m.label() + " count=" + m.count();
        }
        if (e instanceof Expectation.Order o) {
            return "vcpu " + o.vcpu() + " log order " + String.join(" ", o.items());
        }
        if (e instanceof Expectation.Ioctl i) {
            return ioctlName(i.kind()) + " on vcpu " + i.vcpu() + " result=" + Errno.name(i.result());
        }
        if (e instanceof Expectation.Exit x) {
            return "vcpu " + x.vcpu() + " exit " + x.reason() + (x.count() < 0 ? " at least once" : " count=" + x.count());
        }
        if (e instanceof Expectation.Stat st) {
            return "vcpu " + st.vcpu() + " " + st.name() + "=" + st.value();
        }
        if (e instanceof Expectation.VmState v) {
            return "vm-state " + v.state();
        }
        if (e instanceof Expectation.Guest g) {
            return "vcpu " + g.vcpu() + " guest " + g.name() + "=" + g.value();
        }
        if (e instanceof Expectation.TraceContains t) {
            return "trace to contain \"" + t.text() + "\"";
        }
        if (e instanceof Expectation.NoViolations) {
            return "no violations";
        }
        Expectation.Violation v = (Expectation.Violation) e;
        return "violation " + v.name() + (v.count() < 0 ? " at least once" : " count=" + v.count());
    }

    private static String ioctlName(String kind) {
        return "KVM_" + kind.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private GuestLog log(int vcpu) {
        return machine.guests.get(vcpu).log();
    }

    private KvmVcpu vcpu(int id) {
        return machine.kvm.vcpu(id);
    }

    private String exitNames(int vcpu) {
        SortedMap<Integer, Long> exits = machine.vmm.exits(vcpu);
        return exits.isEmpty() ? "none" : String.join(",", exits.entrySet().stream()
                .map(e -> KvmExitReasons.name(e.getKey()) + " x" + e.getValue()).toList());
    }

    private String vmState() {
        if (machine.kvm.isBugged()) {
            return "bugged";
        }
        return machine.kvm.isDead() ? "dead" : "running";
    }

    private String guestValue(int id, String name) {
        GuestInterpreter.Observation g = machine.guests.get(id).observe();
        KvmVcpu v = vcpu(id);
        return switch (name) {
            case "if" -> g.ifFlag() ? "1" : "0";
            case "halted" -> g.halted() || v.arch.mpState == MpState.HALTED ? "yes" : "no";
            case "tpr" -> Integer.toString(g.tpr());
            case "nmi-blocked" -> g.nmiBlocked() ? "yes" : "no";
            case "smm" -> g.inSmm() ? "yes" : "no";
            case "mp-state" -> v.arch.mpState.scenarioName();
            default -> "?";
        };
    }

    private static String normalizeGuest(String name, String value) {
        if (name.equals("tpr")) {
            return Long.toString(Long.decode(value));
        }
        return value;
    }

    private static List<String> normalize(List<String> items) {
        List<String> out = new ArrayList<>();
        for (String item : items) {
            if (item.matches("0[xX][0-9a-fA-F]+|[0-9]+")) {
                out.add("0x" + Integer.toHexString(Integer.decode(item)));
            } else {
                out.add(item);
            }
        }
        return out;
    }

    private static boolean inOrder(List<String> log, List<String> items) {
        int i = 0;
        for (String entry : log) {
            if (i < items.size() && entry.equals(items.get(i))) {
                i++;
            }
        }
        return i == items.size();
    }

    private static String abbreviate(List<String> entries) {
        if (entries.isEmpty()) {
            return "empty";
        }
        List<String> head = entries.size() > 12 ? entries.subList(0, 12) : entries;
        return String.join(" ", head) + (entries.size() > 12 ? " ..." : "");
    }
}
