package org.kvmemu.api.scenario;

/** Virtual time as text: seconds with nine decimals, as the trace prints it. */
final class Times {

    private Times() {
    }

    static String format(long ns) {
        String frac = Long.toString(ns % 1_000_000_000L);
        return ns / 1_000_000_000L + "." + "0".repeat(9 - frac.length()) + frac;
    }
}
