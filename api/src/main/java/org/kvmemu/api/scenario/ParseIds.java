package org.kvmemu.api.scenario;

/**
 * Checks vCPU ids, physical-CPU ids and APIC IDs against the machine: vCPU {@code i} has APIC ID
 * {@code i}.
 *
 * @param machine the scenario's machine statement
 */
record ParseIds(MachineSpec machine) {

    /** The MSI destination that broadcasts to every APIC. */
    static final int BROADCAST = 0xff;
    /** The x2APIC destination of a guest IPI that broadcasts to every APIC ({@code X2APIC_BROADCAST}). */
    static final long X2APIC_BROADCAST = 0xffffffffL;

    /** A vCPU id below {@code vcpus}. */
    int vcpu(ParseLine line, LexToken token) throws ScenarioException {
        return below(line, token, "vcpu", machine.vcpus());
    }

    /** A physical-CPU id below {@code pcpus}. */
    int pcpu(ParseLine line, LexToken token) throws ScenarioException {
        return below(line, token, "pcpu", machine.pcpus());
    }

    /** The APIC ID of one of the machine's vCPUs as an MSI names it, or {@link #BROADCAST}. */
    int msiDestination(ParseLine line, LexToken token) throws ScenarioException {
        return apicId(line, token, BROADCAST, "0xff");
    }

    /** The x2APIC destination of a guest IPI: one of the machine's vCPUs, or {@link #X2APIC_BROADCAST}. */
    int ipiDestination(ParseLine line, LexToken token) throws ScenarioException {
        return apicId(line, token, X2APIC_BROADCAST, "0xffffffff");
    }

    private int apicId(ParseLine line, LexToken token, long broadcast, String broadcastText)
            throws ScenarioException {
        long id = ParseValues.number(line, token);
        if (id == broadcast) {
            return (int) broadcast;
        }
        if (id >= machine.vcpus()) {
            throw line.error(token, "apic id " + token.text() + " out of range (machine has "
                    + plural(machine.vcpus(), "vcpu") + "; " + broadcastText + " broadcasts)");
        }
        return (int) id;
    }

    private static int below(ParseLine line, LexToken token, String what, int limit) throws ScenarioException {
        long id = ParseValues.number(line, token);
        if (id >= limit) {
            throw line.error(token, what + " " + token.text() + " out of range (machine has " + plural(limit, what) + ")");
        }
        return (int) id;
    }

    private static String plural(int n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
