package org.kvmemu.launcher;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.kvmemu.api.scenario.VcpuReport;
import org.kvmemu.api.trace.KvmTracePoints;
import org.kvmemu.api.trace.TracePoint;
import org.kvmemu.api.trace.TraceRecord;
import org.kvmemu.api.trace.TraceSink;

/**
 * What {@code run --stats} adds, as {@code perf kvm stat report} shows it: per vCPU, the VM exits
 * by reason with their count, share, and the virtual time from each exit to the next entry (KVM's
 * handling, userspace and blocked time included, as perf measures it), and what KVM injected: the
 * interrupts by vector ({@code kvm_inj_virq}), the exceptions by name ({@code kvm_inj_exception}) and
 * the NMIs (the {@code nmi_injections} statistic: the kernel has no NMI-injection tracepoint). It
 * watches every run event it needs, whatever {@code --trace} keeps.
 */
final class ExitStats implements TraceSink {

    /** One exit reason's samples on one vCPU. */
    private static final class Reason {
        long samples;
        long totalNs;
        long minNs = Long.MAX_VALUE;
        long maxNs;

        void add(long ns) {
            samples++;
            totalNs += ns;
            minNs = Math.min(minNs, ns);
            maxNs = Math.max(maxNs, ns);
        }
    }

    /** One vCPU's exits and injections. */
    private static final class Vcpu {
        final Map<String, Reason> exits = new TreeMap<>();
        final Map<Integer, Long> injections = new TreeMap<>();
        final Map<String, Long> exceptions = new TreeMap<>();
        String openReason;
        long openSinceNs;
    }

    private final Map<Integer, Vcpu> vcpus = new TreeMap<>();
    private long endNs;

    @Override
    public boolean wants(TracePoint point) {
        return point == KvmTracePoints.KVM_EXIT || point == KvmTracePoints.KVM_ENTRY
                || point == KvmTracePoints.KVM_INJ_VIRQ || point == KvmTracePoints.KVM_INJ_EXCEPTION;
    }

    @Override
    public void accept(TraceRecord record) {
        TracePoint point = record.point();
        if (point == KvmTracePoints.KVM_EXIT) {
            Vcpu vcpu = vcpu(field(record, "vcpu_id"));
            close(vcpu, record.timeNs());
            vcpu.openReason = reasonName(record);
            vcpu.openSinceNs = record.timeNs();
        } else if (point == KvmTracePoints.KVM_ENTRY) {
            close(vcpu(field(record, "vcpu_id")), record.timeNs());
        } else {
            // kvm_inj_virq and kvm_inj_exception name no vCPU: they are traced on its own thread, vcpuN.
            Vcpu vcpu = vcpu(Integer.parseInt(record.task().substring("vcpu".length())));
            if (point == KvmTracePoints.KVM_INJ_VIRQ) {
                vcpu.injections.merge(field(record, "vector"), 1L, Long::sum);
            } else {
                vcpu.exceptions.merge(exceptionName(record), 1L, Long::sum);
            }
        }
    }

    @Override
    public void finish(long endTimeNs) {
        endNs = endTimeNs;
        vcpus.values().forEach(v -> close(v, endTimeNs));
    }

    /** Prints the tables, one per vCPU that exited, with the NMI counts of the run's {@code vcpus}. */
    void print(PrintWriter out, List<VcpuReport> vcpuReports) {
        for (Map.Entry<Integer, Vcpu> e : vcpus.entrySet()) {
            Vcpu v = e.getValue();
            long samples = v.exits.values().stream().mapToLong(r -> r.samples).sum();
            long total = v.exits.values().stream().mapToLong(r -> r.totalNs).sum();
            out.println(String.format(Locale.ROOT, "stats: vcpu%d %-22s %8s %9s %8s %11s %11s %11s", e.getKey(),
                    "VM-EXIT", "Samples", "Samples%", "Time%", "Min Time", "Max Time", "Avg time"));
            for (Map.Entry<String, Reason> r : v.exits.entrySet()) {
                Reason reason = r.getValue();
                out.println(String.format(Locale.ROOT, "stats: vcpu%d %-22s %8d %8.2f%% %7.2f%% %11s %11s %11s",
                        e.getKey(), r.getKey(), reason.samples, percent(reason.samples, samples),
                        percent(reason.totalNs, total), micros(reason.minNs), micros(reason.maxNs),
                        micros(reason.totalNs / reason.samples)));
            }
            out.println(String.format(Locale.ROOT, "stats: vcpu%d %-22s %8d %9s %8s %11s (until %s)", e.getKey(),
                    "total", samples, "", "", micros(total), micros(endNs)));
            if (!v.injections.isEmpty()) {
                StringBuilder line = new StringBuilder("stats: vcpu" + e.getKey() + " injected IRQ (kvm_inj_virq):");
                v.injections.forEach((vector, n) -> line.append(" 0x").append(Integer.toHexString(vector))
                        .append(" x").append(n));
                out.println(line);
            }
            long nmis = e.getKey() < vcpuReports.size()
                    ? vcpuReports.get(e.getKey()).stats().getOrDefault("nmi_injections", 0L) : 0;
            if (nmis > 0) {
                out.println("stats: vcpu" + e.getKey() + " injected NMI (nmi_injections): " + nmis);
            }
            if (!v.exceptions.isEmpty()) {
                StringBuilder line = new StringBuilder("stats: vcpu" + e.getKey() + " injected exception (kvm_inj_exception):");
                v.exceptions.forEach((name, n) -> line.append(' ').append(name).append(" x").append(n));
                out.println(line);
            }
        }
    }

    private static int field(TraceRecord record, String name) {
        return ((Number) record.args()[record.point().fields().indexOf(name)]).intValue();
    }

    private Vcpu vcpu(int id) {
        return vcpus.computeIfAbsent(id, i -> new Vcpu());
    }

    private static void close(Vcpu vcpu, long timeNs) {
        if (vcpu.openReason != null) {
            vcpu.exits.computeIfAbsent(vcpu.openReason, r -> new Reason()).add(timeNs - vcpu.openSinceNs);
            vcpu.openReason = null;
        }
    }

    /** The reason as {@code kvm_exit} prints it (the kernel's name, with its flags). */
    private static String reasonName(TraceRecord record) {
        String text = record.text();
        int from = text.indexOf(" reason ") + " reason ".length();
        int to = text.indexOf(" rip ", from);
        return to < 0 ? text.substring(from) : text.substring(from, to);
    }

    /** The exception as {@code kvm_inj_exception} names it ({@code #GP}), without its error code. */
    private static String exceptionName(TraceRecord record) {
        StringBuilder text = new StringBuilder();
        record.point().format(text, record.args());
        return text.toString().split(" ", 2)[0];
    }

    private static double percent(long part, long whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }

    private static String micros(long ns) {
        return String.format(Locale.ROOT, "%.3fus", ns / 1000.0);
    }
}
