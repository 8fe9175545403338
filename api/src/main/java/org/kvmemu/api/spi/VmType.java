package org.kvmemu.api.spi;

import org.kvmemu.api.annotation.API;

/** The VM type given to KVM_CREATE_VM: {@code KVM_X86_DEFAULT_VM} or {@code KVM_X86_TDX_VM}. */
@API(status = API.Status.STABLE, since = "1")
public enum VmType {
    /** An ordinary VMX guest ({@code vm=default}). */
    DEFAULT("default"),
    /** A TDX trust domain ({@code vm=td}). */
    TD("td");

    private final String scenarioName;

    VmType(String scenarioName) {
        this.scenarioName = scenarioName;
    }

    /** The name used in scenarios, {@code default} or {@code td}. */
    public String scenarioName() {
        return scenarioName;
    }
}
