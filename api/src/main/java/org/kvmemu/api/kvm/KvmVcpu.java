package org.kvmemu.api.kvm;

/** Placeholder being written. */
public final class KvmVcpu {
    private KvmVcpu() {
    }

    /** placeholder */
    public void vmExited() {
    }

    /** placeholder */
    public Object run() {
        return null;
    }
}
