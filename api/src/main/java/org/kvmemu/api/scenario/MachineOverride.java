package org.kvmemu.api.scenario;

import java.util.Objects;
import org.kvmemu.api.annotation.API;
import org.kvmemu.api.spi.VmType;

/**
 * A backend and VM type that replace what a file's {@code machine} statement names, while the file
 * is parsed: {@code kvmemu compare} parses one file once per backend, so that a statement the
 * other VM type does not allow is reported where it is, for the backend that refuses it. Its
 * {@code expect} lines are skipped, since compare does not check them.
 *
 * @param backend the backend to run on
 * @param vm      the VM type to create
 */
@API(status = API.Status.INTERNAL, since = "2")
public record MachineOverride(String backend, VmType vm) {

    /** Both parts are required. */
    public MachineOverride {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(vm, "vm");
    }
}
