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
 * @param vcpus      per vCPU in id order (vCPU N is element N), what userspace and the guest
 *                   observed ({@code kvmemu compare})
 * @param vmState    the VM's state as {@code expect vm-state} sees it ({@code running},
 *                   {@code bugged}, {@code dead}, or what the backend reports, e.g. {@code td-fatal})
 * @param violations the invariants that broke, one line each
 */
@API(status = API.Status.INTERNAL, since = "1")
public record RunResult(List<String> failures, List<String> summary, long endTimeNs, long events, long deliveries,
                        List<List<String>> guestLogs, List<VcpuReport> vcpus, String vmState,
                        List<String> violations) {

    /** Whether every expectation held. */
    public boolean passed() {
        return failures.isEmpty();
    }
}
