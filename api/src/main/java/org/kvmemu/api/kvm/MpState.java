package org.kvmemu.api.kvm;

import org.kvmemu.api.annotation.API;

/** {@code KVM_MP_STATE_*}: what a vCPU is doing, architecturally. */
@API(status = API.Status.STABLE, since = "1")
public enum MpState {
    /** 0: runs. */
    RUNNABLE(0, "runnable"),
    /** 1: an AP before INIT. */
    UNINITIALIZED(1, "uninitialized"),
    /** 2: an AP that took INIT and waits for SIPI. */
    INIT_RECEIVED(2, "init-received"),
    /** 3: executed HLT; waits for an event. */
    HALTED(3, "halted"),
    /** 4: took SIPI. */
    SIPI_RECEIVED(4, "sipi-received");

    private final int value;
    private final String scenarioName;

    MpState(int value, String scenarioName) {
        this.value = value;
        this.scenarioName = scenarioName;
    }

    /** The uapi value. */
    public int value() {
        return value;
    }

    /** The name in {@code expect guest vcpu=N mp-state=NAME}. */
    public String scenarioName() {
        return scenarioName;
    }
}
