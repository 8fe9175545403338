package org.kvmemu.api.kvm;

/** Placeholder being written. */
public final class Kvm {
    private Kvm() {
    }
}
