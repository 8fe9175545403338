package org.kvmemu.api.spi;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.kvmemu.api.annotation.API;

/**
 * What userspace asked for when it created a VM: the KVM_CREATE_VM type, the module parameters
 * that shape interrupt virtualization ({@code enable_apicv}, {@code enable_ipiv},
 * {@code lapic_timer_advance}, {@code halt_poll_ns}) and the backend-specific options of the scenario's {@code machine}
 * statement (for example {@code tdx-variant}), by name. A backend reads it from
 * {@code Kvm.config()} and may refuse it before anything runs ({@link BackendProvider#refuse}).
 *
 * @param type           {@code KVM_X86_DEFAULT_VM} or {@code KVM_X86_TDX_VM}
 * @param enableApicv    the {@code enable_apicv} module parameter ({@code apicv=on})
 * @param enableIpiv     the {@code enable_ipiv} module parameter, on hardware that has IPIv
 * @param timerAdvanceNs {@code lapic_timer_advance} start value (0 = off)
 * @param haltPollNs     the {@code halt_poll_ns} module parameter: the longest halt polling (0 = off)
 * @param options        backend-specific options, by the name the scenario gives them
 */
@API(status = API.Status.STABLE, since = "2")
public record VmConfig(VmType type, boolean enableApicv, boolean enableIpiv, long timerAdvanceNs, long haltPollNs,
                       Map<String, String> options) {

    /** {@code KVM_HALT_POLL_NS_DEFAULT} on x86: 200 µs. */
    public static final long HALT_POLL_NS_DEFAULT = 200_000;

    /** Copies {@code options}; a config never changes. */
    public VmConfig {
        Objects.requireNonNull(type, "type");
        options = Map.copyOf(options);
    }

    /** A configuration with the default {@code halt_poll_ns}. */
    public VmConfig(VmType type, boolean enableApicv, boolean enableIpiv, long timerAdvanceNs,
                    Map<String, String> options) {
        this(type, enableApicv, enableIpiv, timerAdvanceNs, HALT_POLL_NS_DEFAULT, options);
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
