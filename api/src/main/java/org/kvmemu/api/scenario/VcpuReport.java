package org.kvmemu.api.scenario;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.kvmemu.api.annotation.API;

/**
 * What userspace and the guest could observe of one vCPU after a run, backend-neutral: what
 * {@code kvmemu compare} puts side by side.
 *
 * @param log     the guest's observation log in order (vectors as {@code 0x30}, {@code nmi},
 *                {@code mc}, mark labels)
 * @param exits   how often KVM_RUN returned to userspace with each exit reason, by kernel name
 *                ({@code KVM_EXIT_HLT}); only reasons that occurred
 * @param ioctls  the results of each vCPU ioctl issued, by kernel name ({@code KVM_SMI}), as
 *                {@code RESULT xN} joined by commas ({@code -ENOTTY x1}); only ioctls issued
 * @param stats   {@code struct kvm_vcpu_stat} as the model keeps it, in the kernel's order
 * @param mpState the vCPU's {@code mp_state} at the end ({@code runnable}, {@code halted}, ...)
 */
@API(status = API.Status.INTERNAL, since = "2")
public record VcpuReport(List<String> log, SortedMap<String, Long> exits, SortedMap<String, String> ioctls,
                         Map<String, Long> stats, String mpState) {
}
