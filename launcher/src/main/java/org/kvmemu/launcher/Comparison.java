package org.kvmemu.launcher;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.kvmemu.api.scenario.RunResult;
import org.kvmemu.api.scenario.VcpuReport;

/**
 * One scenario's runs on several backends, row by row: the VM's state and violations, then per
 * vCPU the guest's observation log entry by entry (the n-th entry of each run side by side, so
 * one entry more or less marks the rows after it too), the exits to userspace, the ioctl results,
 * the statistics and the final mp_state. A value a backend does not have is {@code -}.
 *
 * @param columns the backends' column headings, in run order
 * @param rows    the rows, in print order
 */
record Comparison(List<String> columns, List<Row> rows) {

    /** The value shown where a run has nothing. */
    static final String NONE = "-";

    /**
     * One row: {@code scope} is {@code vm} or {@code vcpu N}, {@code label} what the values are.
     */
    record Row(String scope, String label, List<String> values) {

        /** Whether the backends disagree. */
        boolean differs() {
            return values.stream().distinct().count() > 1;
        }
    }

    /** The rows comparing {@code results}, one per column. */
    static Comparison of(List<String> columns, List<RunResult> results) {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("vm", "vm-state", each(results, RunResult::vmState)));
        rows.add(new Row("vm", "violations", each(results,
                r -> r.violations().isEmpty() ? "none" : String.join("; ", r.violations()))));
        int vcpus = results.stream().mapToInt(r -> r.vcpus().size()).max().orElse(0);
        for (int id = 0; id < vcpus; id++) {
            String scope = "vcpu " + id;
            List<VcpuReport> reports = vcpu(results, id);
            int longest = reports.stream().mapToInt(r -> r == null ? 0 : r.log().size()).max().orElse(0);
            for (int i = 0; i < longest; i++) {
                int at = i;
                rows.add(new Row(scope, "log " + (i + 1),
                        each(reports, r -> at < r.log().size() ? r.log().get(at) : NONE)));
            }
            keyed(rows, scope, "exit ", reports, r -> r.exits(), n -> "x" + n);
            keyed(rows, scope, "ioctl ", reports, r -> r.ioctls(), s -> s);
            Set<String> stats = new LinkedHashSet<>();
            reports.stream().filter(r -> r != null).forEach(r -> stats.addAll(r.stats().keySet()));
            for (String stat : stats) {
                rows.add(new Row(scope, stat, each(reports, r -> r.stats().containsKey(stat)
                        ? String.valueOf(r.stats().get(stat)) : NONE)));
            }
            rows.add(new Row(scope, "mp_state", each(reports, VcpuReport::mpState)));
        }
        return new Comparison(List.copyOf(columns), List.copyOf(rows));
    }

    /** How many rows differ. */
    long differences() {
        return rows.stream().filter(Row::differs).count();
    }

    private static List<VcpuReport> vcpu(List<RunResult> results, int id) {
        List<VcpuReport> out = new ArrayList<>();
        results.forEach(r -> out.add(id < r.vcpus().size() ? r.vcpus().get(id) : null));
        return out;
    }

    /** One row per key any run has, e.g. every exit reason any backend returned to userspace. */
    private static <V> void keyed(List<Row> rows, String scope, String prefix, List<VcpuReport> reports,
                                  Function<VcpuReport, Map<String, V>> map, Function<V, String> show) {
        TreeSet<String> keys = new TreeSet<>();
        reports.stream().filter(r -> r != null).forEach(r -> keys.addAll(map.apply(r).keySet()));
        for (String key : keys) {
            rows.add(new Row(scope, prefix + key, each(reports, r -> {
                V value = map.apply(r).get(key);
                return value == null ? NONE : show.apply(value);
            })));
        }
    }

    private static <T> List<String> each(List<T> items, Function<T, String> value) {
        return items.stream().map(item -> item == null ? NONE : value.apply(item)).toList();
    }
}
