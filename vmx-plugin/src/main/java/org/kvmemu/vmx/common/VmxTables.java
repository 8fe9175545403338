package org.kvmemu.vmx.common;

import org.kvmemu.api.annotation.API;
import org.kvmemu.api.spi.X86Ops;
import org.kvmemu.vmx.VmxOps;

/**
 * Where another backend gets kvm-intel's VMX table, as {@code vmx/main.c} reaches the
 * {@code vmx_*} functions: the TDX backend wraps it and sends everything but TD vCPUs to it.
 */
@API(status = API.Status.INTERNAL, since = "2")
public final class VmxTables {

    private VmxTables() {
    }

    /** A new VMX hook table, not yet bound to a VM. */
    public static X86Ops create() {
        return new VmxOps();
    }
}
