package org.kvmemu.api.scenario;

import java.util.Objects;
import org.kvmemu.api.annotation.API;
import org.kvmemu.api.spi.VmType;

/**
 * A backend and VM type that replace what a file's {@code machine} statement names, while the file
 * is parsed: {@code kvmemu compare} parses one file once per backend, so that a statement the
 * other VM type does not allow is reported where it is, for the backend that refuses it.
 *
 * @param backend      the backend to run on
 * @param vm           the VM type to create
 * @param expectations whether the file's {@code expect} lines are parsed; {@code false} skips them
 *                     (compare does not check them, so a TD-only one must not stop the VMX run)
 */
@API(status = API.Status.INTERNAL, since = "2")
public record MachineOverride(String backend, VmType vm, boolean expectations) {

    /** Backend and VM type are required. */
    public MachineOverride {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(vm, "vm");
    }

    /** {@code backend} and {@code vm}, the expectations parsed as written. */
    public MachineOverride(String backend, VmType vm) {
        this(backend, vm, true);
    }
}
