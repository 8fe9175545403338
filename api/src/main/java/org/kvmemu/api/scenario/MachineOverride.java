package org.kvmemu.api.scenario;

import java.util.Objects;
import org.kvmemu.api.annotation.API;
import org.kvmemu.api.spi.VmType;

/**
 * A backend and VM type that replace what a file's {@code machine} statement names, while the file
 * is parsed: {@code kvmemu compare} parses one file once per backend, so that a statement the
 * other VM type does not allow is reported where it is, for the backend that refuses it; and
 * {@code check --backend} runs a file on another backend, even one whose own backend is not
 * installed.
 *
 * @param backend      the backend to run on
 * @param vm           the VM type to create, or null for the one the file names
 * @param expectations whether the file's {@code expect} lines are parsed; {@code false} skips them
 *                     (compare does not check them, so a TD-only one must not stop the VMX run)
 */
@API(status = API.Status.INTERNAL, since = "2")
public record MachineOverride(String backend, VmType vm, boolean expectations) {

    /** The backend is required. */
    public MachineOverride {
        Objects.requireNonNull(backend, "backend");
    }

    /** {@code backend} instead of the file's, with the file's VM type and expectations. */
    public static MachineOverride backendOnly(String backend) {
        return new MachineOverride(backend, null, true);
    }

    /** {@code backend} and {@code vm}, the expectations parsed as written. */
    public MachineOverride(String backend, VmType vm) {
        this(backend, vm, true);
    }
}
