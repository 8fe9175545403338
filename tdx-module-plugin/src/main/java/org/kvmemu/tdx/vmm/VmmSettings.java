package org.kvmemu.tdx.vmm;

import java.util.Arrays;
import org.kvmemu.api.spi.VmConfig;

/**
 * The scenario's {@code vmm} statement as the VMM model reads it from the machine's options
 * ({@code vmm.KEY}, values checked and normalized by the parser: durations in ns, {@code never}),
 * with the defaults of event-notify.md §N.4.5.
 *
 * @param quoteService whether a quote-generation socket is configured
 * @param delaysNs     the QGS's answer delay per request in acceptance order, the last one for the rest;
 *                     {@link #NEVER} = never answers
 * @param failEvery    0 = no request fails, N = requests N, 2N, ... get an error reply
 * @param timeoutNs    the VMM's timer after acceptance, or {@link #NEVER}
 * @param notifyMode   {@code yes}, {@code no} or {@code unsupported}
 * @param quoteSize    the Quote's length
 * @param outLen       the out_len every SUCCESS completion writes, or -1 for the Quote's length
 */
record VmmSettings(boolean quoteService, long[] delaysNs, long failEvery, long timeoutNs, String notifyMode,
                   long quoteSize, long outLen) {

    /** A delay or timeout that never comes. */
    static final long NEVER = -1;
    static final String NOTIFY_YES = "yes";
    static final String NOTIFY_UNSUPPORTED = "unsupported";

    /** The settings in {@code config}. */
    static VmmSettings of(VmConfig config) {
        boolean service = !config.option("vmm.quote-service").orElse("on").equals("off");
        long[] delays = Arrays.stream(config.option("vmm.delay").orElse("5000000").split(","))
                .mapToLong(VmmSettings::nsOrNever).toArray();
        String fail = config.option("vmm.fail").orElse("never");
        long failEvery = switch (fail) {
            case "never" -> 0;
            case "always" -> 1;
            default -> Long.parseLong(fail.substring("every-".length()));
        };
        long timeout = nsOrNever(config.option("vmm.timeout").orElse("30000000000"));
        String notify = config.option("vmm.notify").orElse(NOTIFY_YES);
        long quoteSize = Long.parseUnsignedLong(config.option("vmm.quote-size").orElse("2048"));
        long outLen = config.option("vmm.out-len").map(Long::parseUnsignedLong).orElse(-1L);
        return new VmmSettings(service, delays, failEvery, timeout, notify, quoteSize, outLen);
    }

    /** The QGS's delay for request {@code i} (1-based). */
    long delayNs(long i) {
        return delaysNs[(int) Math.min(i, delaysNs.length) - 1];
    }

    /** Whether {@code fail=} gives request {@code i} an error reply. */
    boolean fails(long i) {
        return failEvery > 0 && i % failEvery == 0;
    }

    private static long nsOrNever(String text) {
        return text.equals("never") ? NEVER : Long.parseLong(text);
    }
}
