package org.kvmemu.api.scenario;

import org.kvmemu.api.annotation.API;

/**
 * A {@code handler VECTOR|nmi|mc [vcpu=ID] [spin=DUR] [eoi=yes|no] [mark=LABEL]} statement: how the
 * guest's IDT handler behaves.
 *
 * @param vector 0..255, or {@link #NMI} / {@link #MC}
 * @param vcpu   the vCPU it applies to, or {@link #ALL_VCPUS}
 * @param mark   a label recorded in the observation log when the handler runs, or {@code null}
 */
@API(status = API.Status.INTERNAL, since = "1")
public record HandlerSpec(int vector, int vcpu, long spinNs, boolean eoi, String mark, Location location) {

    /** {@code vector} of the NMI handler. */
    public static final int NMI = -1;
    /** {@code vector} of the machine-check handler. */
    public static final int MC = -2;
    /** {@code vcpu} when the statement names no vCPU. */
    public static final int ALL_VCPUS = -1;
}
