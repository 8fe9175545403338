package org.kvmemu.api.trace;

import org.kvmemu.api.annotation.API;

/**
 * One emitted event: when, where, which, with what values.
 *
 * @param timeNs virtual time
 * @param cpu    the physical CPU
 * @param task   {@code vcpuN}, {@code host}, {@code tdxmod}, {@code guestN} or {@code vmm}
 */
@API(status = API.Status.MAINTAINED, since = "1")
public record TraceRecord(long timeNs, int cpu, String task, TracePoint point, Object[] args) {

    /** The event's text line: {@code <task> [<cpu>] <s>.<ns>: <event>: <fields>}. */
    public String text() {
        StringBuilder sb = new StringBuilder(96);
        sb.append(task).append(" [");
        if (cpu < 100) {
            sb.append(cpu < 10 ? "00" : "0");
        }
        sb.append(cpu).append("] ").append(seconds(timeNs)).append(": ").append(point.name()).append(": ");
        point.format(sb, args);
        return sb.toString();
    }

    /** Virtual time as the trace prints it: seconds with nine decimals ({@code 0.000012500}). */
    public static String seconds(long ns) {
        String frac = Long.toString(Math.abs(ns % 1_000_000_000L));
        String sign = ns < 0 && ns > -1_000_000_000L ? "-" : "";
        return sign + ns / 1_000_000_000L + "." + "0".repeat(9 - frac.length()) + frac;
    }
}
