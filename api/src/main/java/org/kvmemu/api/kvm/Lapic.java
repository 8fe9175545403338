package org.kvmemu.api.kvm;

/** Placeholder being written. */
public final class Lapic {
    private Lapic() {
    }
}
