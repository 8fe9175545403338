package org.kvmemu.api.spi;

import org.kvmemu.api.annotation.API;
import org.kvmemu.api.kvm.KvmRun;
import org.kvmemu.api.kvm.KvmVcpu;

/**
 * A plugin's part of userspace (as QEMU's {@code kvm_arch_handle_exit} is the VMM's): it sees
 * every exit to userspace before the vCPU thread calls KVM_RUN again and may answer it in
 * {@code kvm_run}. Made by {@link BackendProvider#userspace}; one per VM.
 */
@API(status = API.Status.MAINTAINED, since = "2")
public interface UserspaceExitHandler {

    /**
     * Handles the exit KVM_RUN just returned on {@code vcpu}, whose {@code kvm_run} is {@code run}.
     *
     * @return whether this handler took the exit
     */
    boolean handleExit(KvmVcpu vcpu, KvmRun run);

    /** The counter {@code name} that {@code expect vmm-stat NAME=N} checks; 0 for one it does not keep. */
    default long stat(String name) {
        return 0;
    }
}
