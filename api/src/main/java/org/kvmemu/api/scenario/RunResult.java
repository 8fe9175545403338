package org.kvmemu.api.scenario;

import java.util.List;
import org.kvmemu.api.annotation.API;

/**
 * The outcome of a run.
 *
 * @param failures   one line per expectation that did not hold, in file order:
 *                   {@code FILE:LINE: expected ..., observed ...}
 * @param summary    a few human-readable lines: end time, why the run ended, per-vCPU deliveries
 * @param endTimeNs  virtual time at the end of the run
 * @param events     simulated events fired
 * @param deliveries interrupts and NMIs the guests handled
 * @param guestLogs  the first {@link org.kvmemu.api.guest.program.GuestLog#HEAD} entries of each vCPU's
 *                   observation log (vectors as {@code 0x30}, {@code nmi}, {@code mc}, mark
 *                   labels): what the guest saw, to compare runs
 */
@API(status = API.Status.INTERNAL, since = "1")
public record RunResult(List<String> failures, List<String> summary, long endTimeNs, long events, long deliveries,
                        List<List<String>> guestLogs) {

    /** Whether every expectation held. */
    public boolean passed() {
        return failures.isEmpty();
    }
}
