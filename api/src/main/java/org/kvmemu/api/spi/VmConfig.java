package org.kvmemu.api.spi;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.kvmemu.api.annotation.API;

/**
 * What userspace asked for when it created a VM: the KVM_CREATE_VM type, the module parameters
 * that shape interrupt virtualization ({@code enable_apicv}, {@code enable_ipiv},
 * {@code lapic_timer_advance}) and the backend-specific options of the scenario's {@code machine}
 * statement (for example {@code tdx-variant}), by name. A backend reads it from
 * {@code Kvm.config()} and may refuse it before anything runs ({@link BackendProvider#refuse}).
 *
 * @param type           {@code KVM_X86_DEFAULT_VM} or {@code KVM_X86_TDX_VM}
 * @param enableApicv    the {@code enable_apicv} module parameter ({@code apicv=on})
 * @param enableIpiv     the {@code enable_ipiv} module parameter, on hardware that has IPIv
 * @param timerAdvanceNs {@code lapic_timer_advance} start value (0 = off)
 * @param options        backend-specific options, by the name the scenario gives them
 */
@API(status = API.Status.STABLE, since = "2")
public record VmConfig(VmType type, boolean enableApicv, boolean enableIpiv, long timerAdvanceNs,
                       Map<String, String> options) {

    /** Copies {@code options}; a config never changes. */
    public VmConfig {
        Objects.requireNonNull(type, "type");
        options = Map.copyOf(options);
    }

    /** An ordinary configuration without backend options. */
    public static VmConfig of(VmType type, boolean enableApicv, boolean enableIpiv, long timerAdvanceNs) {
        return new VmConfig(type, enableApicv, enableIpiv, timerAdvanceNs, Map.of());
    }

    /** The backend option {@code name}, if the scenario gave it. */
    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }
}
